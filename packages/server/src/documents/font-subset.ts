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
};

let hb: THbExports | undefined;
function harfbuzz(): THbExports {
  if (!hb) {
    const wasm = fs.readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    // The server's tsconfig has no DOM lib, so WebAssembly is reached untyped; the exports are typed above.
    const wa = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => unknown; Instance: new (m: unknown, i: object) => { exports: unknown } } }).WebAssembly;
    hb = new wa.Instance(new wa.Module(wasm), {}).exports as THbExports;
  }
  return hb;
}

const tag = (s: string) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

/** A font loaded once into HarfBuzz's memory (the 15 MB file is copied once per process, not per document). */
type THbFace = { face: number };
const faces = new Map<string, THbFace>();

function hbFace(key: string, bytes: Uint8Array): THbFace {
  let f = faces.get(key);
  if (!f) {
    const h = harfbuzz();
    const ptr = h.malloc(bytes.byteLength);
    new Uint8Array(h.memory.buffer, ptr, bytes.byteLength).set(bytes);
    const blob = h.hb_blob_create(ptr, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    f = { face: h.hb_face_create(blob, 0) };
    h.hb_blob_destroy(blob); // the face holds its own reference; the bytes stay for the process
    faces.set(key, f);
  }
  return f;
}

/**
 * A TrueType font holding only `glyphIds` (plus .notdef) at their original ids, and a cmap for
 * `codePoints`. Throws if HarfBuzz refuses (it never returns a broken font).
 */
export function subsetFontRetainingGids(key: string, bytes: Uint8Array, glyphIds: Iterable<number>, codePoints: Iterable<number>): Uint8Array {
  const h = harfbuzz();
  const { face } = hbFace(key, bytes);
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

  override encodeText(text: string): PDFHexString {
    const glyphs = this.font.layout(text, this.fontFeatures).glyphs;
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
