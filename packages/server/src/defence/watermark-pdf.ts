/**
 * 阅卷水印: every page a defence lawyer views or downloads carries their name, 执业证号 and the
 * time, drawn into the page (a diagonal band across it and a line at its foot), so a copy that
 * leaves the platform names who took it. Images are placed on an A4 page first. The CJK font is
 * the one the legal documents use, embedded as a HarfBuzz subset (documents/font-subset.ts:
 * fontkit's own subset drew blank glyphs).
 */
import { degrees, PDFDocument, rgb } from 'pdf-lib';
import { embedSubsetFont } from '../documents/font-subset';
import { A4, loadFont } from '../documents/pdf-layout';

export type TWatermarkSource = { kind: 'pdf'; bytes: Uint8Array } | { kind: 'jpeg' | 'png'; bytes: Uint8Array };

export async function watermarkPdf(src: TWatermarkSource, text: string, meta: { title: string }): Promise<Uint8Array> {
  let doc: PDFDocument;
  if (src.kind === 'pdf') {
    doc = await PDFDocument.load(src.bytes, { updateMetadata: false });
  } else {
    doc = await PDFDocument.create();
    const img = src.kind === 'jpeg' ? await doc.embedJpg(src.bytes) : await doc.embedPng(src.bytes);
    const page = doc.addPage([A4.width, A4.height]);
    const scale = Math.min((A4.width - 72) / img.width, (A4.height - 108) / img.height, 1);
    const w = img.width * scale;
    const h = img.height * scale;
    page.drawImage(img, { x: (A4.width - w) / 2, y: (A4.height - h) / 2 + 18, width: w, height: h });
  }
  const font = embedSubsetFont(doc, 'regular', loadFont('regular'));
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = Math.max(10, Math.min(width, height) / 32);
    const band = font.widthOfTextAtSize(text, size);
    // diagonal bands across the page, light enough to read the page through
    for (let i = -1; i <= 1; i++) {
      page.drawText(text, {
        x: width / 2 - (band / 2) * Math.cos(Math.PI / 6) + i * width * 0.18, y: height / 2 - (band / 2) * Math.sin(Math.PI / 6) + i * height * 0.28,
        size, font, color: rgb(0.75, 0.1, 0.1), opacity: 0.22, rotate: degrees(30),
      });
    }
    // a plain line at the foot: legible on a copy, and what text extraction finds
    const foot = Math.max(7, Math.min(9, width / 70));
    page.drawText(text, { x: 18, y: 10, size: foot, font, color: rgb(0.6, 0.1, 0.1), opacity: 0.9 });
  }
  doc.setTitle(meta.title);
  doc.setSubject(text);
  return doc.save();
}
