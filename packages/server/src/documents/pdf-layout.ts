/**
 * A4 layout for generated documents in the spirit of GB/T 9704-2012 (党政机关公文格式):
 * margins 37/26/35/28 mm, title centred, 文号 under it, body in 3号 (16 pt) with a two-character
 * first-line indent, issuing agency and date at the lower right over a seal area, page numbers
 * "— n —" at the foot. Chinese text uses Noto Serif SC from the npm package
 * @expo-google-fonts/noto-serif-sc, embedded as a HarfBuzz subset of the glyphs used
 * (`font-subset.ts`: fontkit's own subset drew blank), so a one-page document stays small and
 * `npm start` needs no system font.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { breakChineseLines } from '@xietong/core/dossier';
import { PDFDocument, PDFName, PDFString, rgb, setCharacterSpacing, type PDFDict, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { embedSubsetFont } from './font-subset';

// pdf-lib keeps getInfoDict private; the Info dictionary is plain PDF, so we reach it anyway.
const infoDict = (doc: PDFDocument): PDFDict => (doc as unknown as { getInfoDict(): PDFDict }).getInfoDict();

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;
const fontBytes = new Map<string, Uint8Array>();

export function loadFont(which: keyof typeof FONT_FILES): Uint8Array {
  let b = fontBytes.get(which);
  if (!b) {
    b = fs.readFileSync(require.resolve(FONT_FILES[which]));
    fontBytes.set(which, b);
  }
  return b;
}

export const A4 = { width: 595.28, height: 841.89 };
const MM = 72 / 25.4;
export const MARGIN = { top: 37 * MM, right: 26 * MM, bottom: 35 * MM, left: 28 * MM };
export const SIZE = { title: 22, subtitle: 16, body: 16, small: 10.5 }; // 2号, 3号, 3号, 5号
export const LINE = 28.9; // GB/T 9704: 22 lines per page at 3号

export type TPdfMetadata = {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
  /** Extra Info-dictionary entries (ASCII keys), e.g. the signer of an issued document. */
  info?: Record<string, string>;
};

export class PdfWriter {
  readonly doc: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  page!: PDFPage;
  y = 0;
  private constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
  }

  static async create(): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    const regular = embedSubsetFont(doc, 'regular', loadFont('regular'));
    const bold = embedSubsetFont(doc, 'bold', loadFont('bold'));
    const w = new PdfWriter(doc, regular, bold);
    w.newPage();
    return w;
  }

  get contentWidth(): number {
    return A4.width - MARGIN.left - MARGIN.right;
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN.top;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  /** Break text into lines that fit `width`: any character may end a line, with 避头尾 (core `breakChineseLines`). */
  wrap(text: string, font: PDFFont, size: number, width: number, firstIndent = 0): string[] {
    return breakChineseLines(text, (ch) => font.widthOfTextAtSize(ch, size), width, firstIndent);
  }

  /**
   * Draw one line; a line that was broken (not a paragraph's last) is justified to `width` by
   * character spacing (两端对齐), as Chinese type is set, unless a long unbreakable run left it short.
   */
  private drawLine(line: string, x: number, font: PDFFont, size: number, width: number | null): void {
    const n = [...line].length;
    const slack = width === null ? 0 : width - font.widthOfTextAtSize(line, size);
    const spacing = n > 1 && slack > 0 && slack < 3 * size ? slack / (n - 1) : 0;
    if (spacing) this.page.pushOperators(setCharacterSpacing(spacing));
    this.page.drawText(line, { x, y: this.y, size, font });
    if (spacing) this.page.pushOperators(setCharacterSpacing(0));
  }

  centered(text: string, opts: { size?: number; bold?: boolean; gap?: number; color?: ReturnType<typeof rgb> } = {}): void {
    const size = opts.size ?? SIZE.body;
    const font = opts.bold ? this.bold : this.regular;
    for (const line of this.wrap(text, font, size, this.contentWidth)) {
      this.ensure(size * 1.6);
      this.y -= size * 1.4;
      const width = font.widthOfTextAtSize(line, size);
      this.page.drawText(line, { x: (A4.width - width) / 2, y: this.y, size, font, color: opts.color ?? rgb(0, 0, 0) });
    }
    this.y -= opts.gap ?? 0;
  }

  right(text: string, opts: { size?: number; inset?: number } = {}): void {
    const size = opts.size ?? SIZE.body;
    this.ensure(LINE);
    this.y -= LINE;
    const width = this.regular.widthOfTextAtSize(text, size);
    this.page.drawText(text, { x: A4.width - MARGIN.right - (opts.inset ?? 0) - width, y: this.y, size, font: this.regular });
  }

  left(text: string, opts: { size?: number; bold?: boolean } = {}): void {
    this.paragraph(text, { ...opts, indentChars: 0 });
  }

  /** A body paragraph: first line indented by two characters (GB/T 9704 §7.3.3). */
  paragraph(text: string, opts: { size?: number; bold?: boolean; indentChars?: number } = {}): void {
    const size = opts.size ?? SIZE.body;
    const font = opts.bold ? this.bold : this.regular;
    const indent = (opts.indentChars ?? 2) * size;
    const lines = this.wrap(text, font, size, this.contentWidth, indent);
    lines.forEach((line, i) => {
      this.ensure(LINE);
      this.y -= LINE;
      const x = MARGIN.left + (i === 0 ? indent : 0);
      this.drawLine(line, x, font, size, i < lines.length - 1 ? this.contentWidth - (x - MARGIN.left) : null);
    });
  }

  space(h: number): void {
    this.y -= h;
  }

  image(img: PDFImage, maxWidth: number, maxHeight: number, x: number): { width: number; height: number } {
    const scale = Math.min(maxWidth / img.width, maxHeight / img.height, 1);
    const width = img.width * scale;
    const height = img.height * scale;
    this.ensure(height + 8);
    this.y -= height;
    this.page.drawImage(img, { x, y: this.y, width, height });
    return { width, height };
  }

  /** "— n —" centred at the foot of every page (GB/T 9704 §7.5). */
  pageNumbers(): void {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      const t = `— ${i + 1} —`;
      const w = this.regular.widthOfTextAtSize(t, 14);
      p.drawText(t, { x: (A4.width - w) / 2, y: MARGIN.bottom - 28, size: 14, font: this.regular });
    });
  }

  async save(meta: TPdfMetadata): Promise<Uint8Array> {
    setMetadata(this.doc, meta);
    return this.doc.save();
  }
}

export function setMetadata(doc: PDFDocument, meta: TPdfMetadata): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords) doc.setKeywords(meta.keywords);
  doc.setProducer('Xietong 协同 (pdf-lib)');
  doc.setCreator('Xietong 协同');
  doc.setLanguage('zh-CN');
  const info = infoDict(doc);
  for (const [k, v] of Object.entries(meta.info ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(k)) throw new TypeError(`bad Info key ${k}`);
    // ASCII values only: keys and fingerprints; names go in Author/Subject (UTF-16 there).
    info.set(PDFName.of(k), PDFString.of(v));
  }
}

/** Read our Info entries back (verification reports who the file claims signed it). */
export async function readXietongInfo(bytes: Uint8Array): Promise<Record<string, string> | null> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    const info = infoDict(doc);
    const out: Record<string, string> = {};
    for (const [k, v] of info.entries()) {
      const name = k.decodeText();
      if (name.startsWith('Xietong') && v instanceof PDFString) out[name] = v.decodeText();
    }
    return out;
  } catch {
    return null;
  }
}
