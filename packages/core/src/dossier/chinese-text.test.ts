import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakChineseLines, LINE_END_FORBIDDEN, LINE_START_FORBIDDEN } from './chinese-text';

// Full-width characters one unit wide, Latin letters and digits half a unit (as in a CJK font).
const widthOf = (ch: string) => (/^[\x20-\x7e]$/.test(ch) ? 0.5 : 1);
const widthOfLine = (s: string) => [...s].reduce((w, c) => w + widthOf(c), 0);

describe('breakChineseLines (避头尾)', () => {
  it('pushes the last character down so that no line begins with 。 or ，', () => {
    expect(breakChineseLines('一二三四。五六七八', widthOf, 4)).toEqual(['一二三', '四。五六', '七八']);
    expect(breakChineseLines('一二三四，五', widthOf, 4)).toEqual(['一二三', '四，五']);
    expect(breakChineseLines('甲乙丙丁”。戊', widthOf, 4)).toEqual(['甲乙丙', '丁”。戊']);
  });

  it('never ends a line with an opening bracket: （ moves to the next line with what it opens', () => {
    expect(breakChineseLines('一二三（四）五', widthOf, 4)).toEqual(['一二三', '（四）五']);
    expect(breakChineseLines('长朝检〔2026〕3号', widthOf, 4)).toEqual(['长朝检', '〔2026〕', '3号']);
  });

  it('keeps a resident ID number or a year on one line when it fits', () => {
    const lines = breakChineseLines('公民身份号码220104199001010011。', widthOf, 12);
    expect(lines).toEqual(['公民身份号码', '220104199001010011。']);
    expect(breakChineseLines('于2026年12月1日', widthOf, 3)).toEqual(['于2026', '年12月', '1日']);
  });

  it('indents the first line by the given width (two characters of a paragraph)', () => {
    expect(breakChineseLines('一二三四五六', widthOf, 4, 2)).toEqual(['一二', '三四五六']);
  });

  it('lets the width win where no break can satisfy the rule (a line of nothing but punctuation)', () => {
    expect(breakChineseLines('。。。。。。', widthOf, 4)).toEqual(['。。。。', '。。']);
    expect(breakChineseLines('', widthOf, 4)).toEqual([]);
  });

  it('for any text of characters, each opened by at most one bracket and followed by at most two closing marks, lines fit, rejoin to the text and obey 避头尾', () => {
    const closing = [...LINE_START_FORBIDDEN].filter((c) => !/[0-9A-Za-z]/.test(c));
    const opening = [...LINE_END_FORBIDDEN];
    const unit = fc.tuple(
      fc.option(fc.constantFrom(...opening), { nil: '' }),
      fc.constantFrom('案', '件', '嫌', '疑', '人', 'A', '7', '罪'),
      fc.array(fc.constantFrom(...closing), { maxLength: 2 }),
    ).map(([o, c, cl]) => o + c + cl.join(''));
    fc.assert(fc.property(fc.array(unit, { maxLength: 60 }), fc.integer({ min: 7, max: 30 }), fc.integer({ min: 0, max: 2 }), (units, width, indent) => {
      const text = units.join('');
      const lines = breakChineseLines(text, widthOf, width, indent);
      expect(lines.join('')).toBe(text);
      lines.forEach((line, i) => {
        expect(line.length).toBeGreaterThan(0);
        expect(widthOfLine(line) + (i === 0 ? indent : 0)).toBeLessThanOrEqual(width);
        if (i > 0) expect(LINE_START_FORBIDDEN.has([...line][0]!)).toBe(false);
        if (i < lines.length - 1) expect(LINE_END_FORBIDDEN.has([...line].at(-1)!)).toBe(false);
      });
    }), { numRuns: 500 });
  });
});
