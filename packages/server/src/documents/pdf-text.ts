/**
 * The text layer of a PDF (pdfjs-dist legacy build, which runs in Node without a DOM), for
 * full-text search within a case and for tests that read generated documents back.
 */
import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export type TPdfText = { pages: number; text: string };

let pdfjsPromise: Promise<typeof Pdfjs> | null = null;

export async function extractPdfText(bytes: Uint8Array, maxPages = 2000): Promise<TPdfText> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdfjs = await pdfjsPromise;
  // pdfjs takes ownership of (detaches) the buffer it is given: pass a copy.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const parts: string[] = [];
    for (let i = 1; i <= Math.min(doc.numPages, maxPages); i++) {
      const page = await doc.getPage(i);
      const tc = await page.getTextContent();
      parts.push(tc.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
      page.cleanup();
    }
    return { pages: doc.numPages, text: parts.join('\n') };
  } finally {
    await task.destroy();
  }
}

/** The outline (bookmarks) titles, depth-first. */
export async function readPdfOutline(bytes: Uint8Array): Promise<string[]> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdfjs = await pdfjsPromise;
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const outline = (await doc.getOutline()) ?? [];
    const out: string[] = [];
    const walk = (items: typeof outline) => {
      for (const it of items) {
        out.push(it.title);
        walk(it.items ?? []);
      }
    };
    walk(outline);
    return out;
  } finally {
    await task.destroy();
  }
}
