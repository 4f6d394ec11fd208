import fs from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { subsetFontRetainingGids } from './font-subset';

const require = createRequire(import.meta.url);
const FULL = fs.readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'));
const BOLD = fs.readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'));

describe('subsetFontRetainingGids (HarfBuzz hb-subset)', () => {
  it('keeps the outline and advance of every glyph used at its original id, drops the rest, and stays small', () => {
    const full = fontkit.create(FULL);
    const text = '长春市朝阳区人民检察院起诉书被告人张三于2026年12月1日向本院移送审查起诉。，、：（）〔〕';
    const glyphs = full.layout(text).glyphs;
    const ids = new Set(glyphs.map((g) => g.id));
    const codePoints = new Set(glyphs.flatMap((g) => g.codePoints));
    const bytes = subsetFontRetainingGids('test-regular', FULL, ids, codePoints);
    expect(bytes.length).toBeLessThan(FULL.length / 20);

    const sub = fontkit.create(bytes);
    const maxId = Math.max(...ids);
    expect(sub.numGlyphs).toBe(maxId + 1); // ids retained (the tail past the last used is cut), so content streams need no remapping
    for (const id of ids) {
      const a = full.getGlyph(id);
      const b = sub.getGlyph(id);
      expect(b.path.toSVG(), `glyph ${id}`).toBe(a.path.toSVG());
      expect(b.path.toSVG(), `glyph ${id} has an outline`).not.toBe('');
      expect(b.advanceWidth).toBe(a.advanceWidth);
    }
    const unused = full.glyphForCodePoint('龙'.codePointAt(0)!).id;
    expect(ids.has(unused)).toBe(false);
    expect(unused).toBeLessThan(maxId);
    expect(full.getGlyph(unused).path.toSVG()).not.toBe('');
    expect(sub.getGlyph(unused).path.toSVG()).toBe('');
    // the subset's cmap maps the text's characters to the same ids
    for (const ch of '长春检察院') expect(sub.glyphForCodePoint(ch.codePointAt(0)!).id).toBe(full.glyphForCodePoint(ch.codePointAt(0)!).id);
  });

  it('subsets every glyph of either face, both faces loaded under several names (HarfBuzz memory cannot grow)', () => {
    // a volume's index or a 判决书 quoting rare names may use any glyph the font has; with both
    // preprocessed CJK faces in one fixed 65 MB HarfBuzz memory, ~12,000 glyphs was the most
    for (const [key, bytes] of [['regular', FULL], ['bold', BOLD], ['another-name', FULL]] as const) subsetFontRetainingGids(key, bytes, [1], []);
    for (const [key, bytes] of [['regular', FULL], ['bold', BOLD]] as const) {
      const n = fontkit.create(bytes).numGlyphs;
      const sub = fontkit.create(subsetFontRetainingGids(key, bytes, Array.from({ length: n }, (_, i) => i), []));
      expect(sub.numGlyphs).toBe(n);
      expect(sub.getGlyph(n - 1).path.toSVG()).toBe(fontkit.create(bytes).getGlyph(n - 1).path.toSVG());
    }
  });
});
