/**
 * CJK font embedding that every renderer can draw.
 *
 * Why: pdf-lib's `embedFont(..., { subset: true })` subsets through fontkit, whose TrueType subset of
 * Noto Serif SC had invalid glyph outlines (MuPDF: `FT_Load_Glyph … invalid outline`, Ghostscript drew
 * boxes, poppler and pdf.js drew blanks) while the text layer stayed right, so hashes, signatures and
 * text search all passed and a printed 起诉书 was blank paper.
 *
 * How: text is laid out with fontkit on the full font (glyph ids of the original), the glyphs used are
 * collected, and at save time HarfBuzz's own subsetter (hb-subset, from the npm package `harfbuzzjs`)
 * writes a font holding exactly those glyphs with their ids retained (HB_SUBSET_FLAGS_RETAIN_GIDS), so
 * the content streams, the /W widths and the ToUnicode map need no remapping. Hinting and layout tables
 * are dropped: a PDF places glyphs itself.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { Cache, CustomFontEmbedder, PDFFont, PDFHexString, typedArrayFor, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';

const require = createRequire(import.meta.url);

// hb-subset.h
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2;
const HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
const HB_SUBSET_SETS_UNICODE = 1;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_MEMORY_MODE_READONLY = 1;
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'DSIG', 'vhea', 'vmtx', 'VORG', 'STAT', 'meta'];

type THbExports = {
  memory: { buffer: ArrayBuffer };
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_subset_preprocess(face: number): number;
};

let hbModule: unknown;
/** A HarfBuzz instance of its own (its own memory); the compiled module is shared. */
function harfbuzzInstance(): THbExports {
  // The server's tsconfig has no DOM lib, so WebAssembly is reached untyped; the exports are typed above.
  const wa = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => unknown; Instance: new (m: unknown, i: object) => { exports: unknown } } }).WebAssembly;
  hbModule ??= new wa.Module(fs.readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
  return new wa.Instance(hbModule, {}).exports as THbExports;
}

const tag = (s: string) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

/**
 * A font loaded once into HarfBuzz's memory, per distinct font file. The WebAssembly memory of
 * harfbuzzjs is fixed (65 MB, it cannot grow) and a preprocessed face takes about twice its file
 * (the file, which its tables may point into, and the preprocessed copy), so each font file has a
 * HarfBuzz instance of its own (two CJK faces in one memory left no room to subset more than
 * ~12,000 glyphs), and a face is kept once per file content, however many keys name it.
 */
type THbFace = { h: THbExports; face: number };
const faces = new Map<string, THbFace>();
const facesByContent = new Map<string, THbFace>();

function hbFace(key: string, bytes: Uint8Array): THbFace {
  let f = faces.get(key);
  if (f) return f;
  const digest = crypto.createHash('sha256').update(bytes).digest('hex');
  f = facesByContent.get(digest);
  if (!f) {
    const h = harfbuzzInstance();
    const ptr = h.malloc(bytes.byteLength);
    if (!ptr) throw new Error('HarfBuzz: no memory left for the font');
    new Uint8Array(h.memory.buffer, ptr, bytes.byteLength).set(bytes);
    const blob = h.hb_blob_create(ptr, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    const source = h.hb_face_create(blob, 0);
    h.hb_blob_destroy(blob); // the face holds its own reference; the bytes stay for the process
    // hb_subset_preprocess: a face with the subsetter's per-font work (table sanitizing, glyph and
    // cmap accelerators) done once, so each document's subset pays only for its own glyphs (3.8 →
    // 0.6 ms for a 文书's glyphs of Noto Serif SC, the same bytes out). Tables it passes through
    // still point into the file's bytes, which is why they are never freed.
    f = { h, face: h.hb_subset_preprocess(source) };
    h.hb_face_destroy(source);
    facesByContent.set(digest, f);
  }
  faces.set(key, f);
  return f;
}

/**
 * A TrueType font holding only `glyphIds` (plus .notdef) at their original ids, and a cmap for
 * `codePoints`. Throws if HarfBuzz refuses (it never returns a broken font).
 */
export function subsetFontRetainingGids(key: string, bytes: Uint8Array, glyphIds: Iterable<number>, codePoints: Iterable<number>): Uint8Array {
  const { h, face } = hbFace(key, bytes);
  const input = h.hb_subset_input_create_or_fail();
  if (!input) throw new Error('hb_subset_input_create_or_fail');
  try {
    const glyphs = h.hb_subset_input_glyph_set(input);
    h.hb_set_add(glyphs, 0);
    for (const g of glyphIds) h.hb_set_add(glyphs, g);
    const unicodes = h.hb_subset_input_set(input, HB_SUBSET_SETS_UNICODE);
    for (const c of codePoints) h.hb_set_add(unicodes, c);
    const drop = h.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const t of DROPPED_TABLES) h.hb_set_add(drop, tag(t));
    h.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE);
    const subset = h.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('hb_subset_or_fail: HarfBuzz could not subset the font');
    try {
      const blob = h.hb_face_reference_blob(subset);
      try {
        const ptr = h.hb_blob_get_data(blob, 0);
        const len = h.hb_blob_get_length(blob);
        if (!len) throw new Error('hb-subset produced an empty font');
        return new Uint8Array(h.memory.buffer, ptr, len).slice();
      } finally {
        h.hb_blob_destroy(blob);
      }
    } finally {
      h.hb_face_destroy(subset);
    }
  } finally {
    h.hb_subset_input_destroy(input);
  }
}

type TFontkitFont = CustomFontEmbedder['font'];
type TGlyph = ReturnType<TFontkitFont['layout']>['glyphs'][number];

const parsed = new Map<string, TFontkitFont>();

/**
 * fontkit's layout runs the font's whole OpenType feature machinery for every call, and a 文书 asks
 * for the width of each character as its lines are broken (chinese-text.ts) and again for each line
 * drawn: most calls repeat a string seen before, in this document or an earlier one. The layout is a
 * pure function of (font, text, features), so its glyphs are kept, per font, for strings up to 64
 * characters (single characters and most lines), at most `LAYOUT_MEMO_MAX` strings; when full the memo starts over.
 */
const layoutMemo = new WeakMap<TFontkitFont, Map<string, readonly TGlyph[]>>();
const LAYOUT_MEMO_MAX = 20_000;

function memoisedLayout(font: TFontkitFont, text: string, features: CustomFontEmbedder['fontFeatures']): readonly TGlyph[] {
  if (text.length > 64 || features) return font.layout(text, features).glyphs;
  let memo = layoutMemo.get(font);
  if (!memo) layoutMemo.set(font, (memo = new Map()));
  let glyphs = memo.get(text);
  if (!glyphs) {
    glyphs = font.layout(text).glyphs;
    if (memo.size >= LAYOUT_MEMO_MAX) memo.clear();
    memo.set(text, glyphs);
  }
  return glyphs;
}

/**
 * Lays text out on the full font (original glyph ids) and embeds, at save time, a HarfBuzz subset of
 * the glyphs actually drawn. /W and ToUnicode cover those glyphs only.
 */
class RetainedGidSubsetEmbedder extends CustomFontEmbedder {
  private readonly key: string;
  private readonly used = new Map<number, TGlyph>();

  constructor(key: string, font: TFontkitFont, bytes: Uint8Array) {
    super(font, bytes);
    this.key = key;
    this.glyphCache = Cache.populatedBy(() => [...this.used.values()].sort((a, b) => a.id - b.id));
  }

  /** fontkit's layout of `text`, memoised per font (see `layoutMemo`). */
  private layout(text: string): readonly TGlyph[] {
    return memoisedLayout(this.font, text, this.fontFeatures);
  }

  override widthOfTextAtSize(text: string, size: number): number {
    // as pdf-lib's CustomFontEmbedder: the glyphs' advance widths, kerning included by fontkit's layout
    let total = 0;
    for (const g of this.layout(text)) total += g.advanceWidth * this.scale;
    return (total * size) / 1000;
  }

  override encodeText(text: string): PDFHexString {
    const glyphs = this.layout(text);
    let hex = '';
    for (const g of glyphs) {
      this.used.set(g.id, g);
      hex += g.id.toString(16).padStart(4, '0');
    }
    this.glyphCache.invalidate();
    return PDFHexString.of(hex);
  }

  /** PDF 32000 §9.6.4: a subset's BaseFont is the PostScript name behind a six-letter tag and '+'. */
  override embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const digest = crypto.createHash('sha256').update([...this.used.keys()].sort((a, b) => a - b).join(',')).digest();
    const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
    this.baseFontName = `${tag}+${this.fontName}`;
    return this.embedFontDict(context, ref);
  }

  protected override async serializeFont(): Promise<Uint8Array> {
    const codePoints = new Set<number>();
    for (const g of this.used.values()) for (const c of g.codePoints) codePoints.add(c);
    return subsetFontRetainingGids(this.key, this.fontData, this.used.keys(), codePoints);
  }
}

/**
 * The document's FlateDecode streams (the embedded font, its ToUnicode map) compressed by Node's
 * zlib instead of pdf-lib's pure-JavaScript pako: a gid-retaining subset of a CJK font is mostly
 * empty tables of ~65k glyphs, and pako's deflate of it was the largest part of rendering a 文书.
 * Same format (RFC 1950), same bytes on every run. Idempotent (each font of a document sets it).
 */
function useNativeDeflate(context: PDFContext): void {
  context.flateStream = (contents, dict = {}) => context.stream(zlib.deflateSync(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Embed a TrueType font into `doc` as a HarfBuzz subset (see above). `key` names the font file so its
 * parse and its HarfBuzz face are shared by every document of the process.
 */
export function embedSubsetFont(doc: PDFDocument, key: string, bytes: Uint8Array): PDFFont {
  let font = parsed.get(key);
  if (!font) {
    font = fontkit.create(bytes) as unknown as TFontkitFont;
    parsed.set(key, font);
  }
  useNativeDeflate(doc.context);
  const embedder = new RetainedGidSubsetEmbedder(key, font, bytes);
  const pdfFont = PDFFont.of(doc.context.nextRef(), doc, embedder);
  // PDFDocument embeds the fonts in its (private) list at save(); join it as embedFont() would.
  (doc as unknown as { fonts: PDFFont[] }).fonts.push(pdfFont);
  return pdfFont;
}
