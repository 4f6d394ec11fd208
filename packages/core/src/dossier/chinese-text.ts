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

/** 2021-03-05 → 二〇二一年三月五日 (the year digit by digit, month and day as numbers). */
export function formatChineseDate(year: number, month: number, day: number): string {
  const y = String(year).split('').map((d) => DIGITS[Number(d)]).join('');
  return `${y}年${smallNumber(month)}月${smallNumber(day)}日`;
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
