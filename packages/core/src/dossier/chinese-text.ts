/**
 * Chinese renderings used on official documents (GB/T 9704 dates, agency abbreviations).
 */
const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function smallNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/**
 * 2021-03-05 → 二〇二一年三月五日 (the year digit by digit, month and day as numbers): the
 * issuing date (落款) of a 法律文书. Dates in the body are written with Arabic numerals
 * (`formatBodyDate`), as the birth date beside them is.
 */
export function formatChineseDate(year: number, month: number, day: number): string {
  const y = String(year).split('').map((d) => DIGITS[Number(d)]).join('');
  return `${y}年${smallNumber(month)}月${smallNumber(day)}日`;
}

/** A date in the body of a 法律文书: 2021-03-05 → 2021年3月5日. */
export function formatBodyDate(year: number, month: number, day: number): string {
  return `${year}年${month}月${day}日`;
}

/** A civil date as stored (YYYY-MM-DD…) as the body of a 法律文书 writes it: 2021年3月5日. */
export function formatCivilBodyDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return formatBodyDate(y!, m!, d!);
}

/**
 * The `{org}` part of a 文号: the agency's short name without its trailing kind character
 * (长公 → 长, 吉检 → 吉), else the first two characters of its name.
 */
export function documentNumberOrg(shortName: string, name: string): string {
  const stripped = shortName.replace(/(公安局|公|检察院|检|法院|法|院)$/u, '');
  if (/^[\u4e00-\u9fa5]+$/.test(stripped)) return stripped;
  const han = [...name].filter((c) => /[\u4e00-\u9fa5]/.test(c)).slice(0, 2).join('');
  return han || '本';
}

/**
 * 避头尾 (GB/T 15834 and the usual Chinese typesetting rule, also JIS X 4051 kinsoku): these never begin a
 * line. Closing brackets and quotes, sentence and clause punctuation, the ellipsis and connectors.
 */
export const LINE_START_FORBIDDEN = new Set([
  ...'。，、；：？！）］｝」』〕〗〙》〉】”’…‥·・～%‰℃',
  ...'．，：；？！＂＇',
  ...'.,;:?!)]}',
]);

/** These never end a line: opening brackets and quotes. */
export const LINE_END_FORBIDDEN = new Set([...'（［｛「『〔〖〘《〈【“‘', ...'([{']);

/** Latin letters and digits form one unbreakable run (an ID number or a date like 2026 is not split). */
const WORD = /^[0-9A-Za-z]$/;

function allowedBreak(chars: readonly string[], k: number, keepWords: boolean): boolean {
  const before = chars[k - 1]!;
  const after = chars[k]!;
  if (LINE_START_FORBIDDEN.has(after) || LINE_END_FORBIDDEN.has(before)) return false;
  return !(keepWords && WORD.test(before) && WORD.test(after));
}

/**
 * Break text into lines no wider than `maxWidth` (the first line starts `firstIndent` in), Chinese style:
 * any character may end a line, except that no line begins with closing punctuation and none ends with
 * opening punctuation (避头尾, by pushing characters to the next line: 推出), and a run of Latin letters
 * or digits stays on one line when it fits. Where no break can satisfy the rules (a line of nothing
 * but punctuation) the width wins. The lines concatenate to the text.
 */
export function breakChineseLines(text: string, widthOf: (ch: string) => number, maxWidth: number, firstIndent = 0): string[] {
  const chars = [...text];
  const lines: string[] = [];
  let start = 0;
  let indent = firstIndent;
  while (start < chars.length) {
    let end = start;
    let w = indent;
    while (end < chars.length) {
      const cw = widthOf(chars[end]!);
      if (end > start && w + cw > maxWidth) break;
      w += cw;
      end++;
    }
    if (end < chars.length) {
      let k = end;
      // First keep words whole and punctuation in place, then punctuation alone, else break where the width says.
      for (const keepWords of [true, false]) {
        k = end;
        while (k > start + 1 && !allowedBreak(chars, k, keepWords)) k--;
        if (allowedBreak(chars, k, keepWords)) break;
        k = end;
      }
      end = k;
    }
    lines.push(chars.slice(start, end).join(''));
    start = end;
    indent = 0;
  }
  return lines;
}
