/**
 * The words a process-issued 法律文书 states about its step: the legal basis in Chinese
 * (《中华人民共和国刑事诉讼法》第八十七条) and what the agency decided or did, with the step's
 * own input (reason, ground, dates …) so a reader learns everything the step recorded.
 */
import { LAWS, type TInputField, type TStatuteRef } from '../processes/definition';
import { formatCivilBodyDate } from './chinese-text';

const D = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–9999 as written in statute citations: 八十七, 一百七十六, 一百零一. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return D[n]!;
  if (n < 20) return `十${n % 10 ? D[n % 10] : ''}`;
  if (n < 100) return `${D[Math.floor(n / 10)]}十${n % 10 ? D[n % 10] : ''}`;
  const [unit, size] = n < 1000 ? ['百', 100] as const : ['千', 1000] as const;
  const head = Math.floor(n / size);
  const rest = n % size;
  if (rest === 0) return `${D[head]}${unit}`;
  const teen = rest >= 10 && rest < 20 ? '一' : '';
  const tail = rest < size / 10 ? `零${teen}${chineseNumeral(rest)}` : `${teen}${chineseNumeral(rest)}`;
  return `${D[head]}${unit}${tail}`;
}

function lawTitle(law: keyof typeof LAWS): string {
  const zh = LAWS[law].zh.replace(/（[^（）]*）$/, '');
  return zh.includes('《') ? zh : `《${zh}》`;
}

/** One statute reference in Chinese: 《中华人民共和国刑事诉讼法》第一百七十七条第二款. */
export function formatStatuteZh(ref: TStatuteRef): string {
  const a = ref.article.trim();
  const one = /^(\d+)(?:\s*¶\s*(\d+))?$/.exec(a);
  const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(a);
  const article = a === '—' ? ''
    : one ? `第${chineseNumeral(Number(one[1]))}条${one[2] ? `第${chineseNumeral(Number(one[2]))}款` : ''}`
      : range ? `第${chineseNumeral(Number(range[1]))}条至第${chineseNumeral(Number(range[2]))}条` : `第${a}条`;
  return `${lawTitle(ref.law)}${article}`;
}

/** The legal basis of a step: its references in Chinese, the law named once per run. */
export function formatLegalBasisZh(refs: readonly TStatuteRef[]): string {
  const parts: string[] = [];
  let lastLaw = '';
  for (const r of refs) {
    const s = formatStatuteZh(r);
    const title = lawTitle(r.law);
    parts.push(title === lastLaw ? s.slice(title.length) : s);
    lastLaw = title;
  }
  return parts.filter(Boolean).join('、') || '《中华人民共和国刑事诉讼法》';
}

/** 2026-11-29T10:30 (Beijing time as entered, or an instant with its offset) as a body prints it: 2026年11月29日10时30分. */
export function formatDateTimeZh(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return null;
  let [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (m[6]) {
    const t = new Date(value.trim());
    if (Number.isNaN(t.getTime())) return null;
    const bj = new Date(t.getTime() + 8 * 3600_000); // Asia/Shanghai has no daylight saving
    [y, mo, d, h, mi] = [bj.getUTCFullYear(), bj.getUTCMonth() + 1, bj.getUTCDate(), bj.getUTCHours(), bj.getUTCMinutes()];
  }
  return `${y}年${mo}月${d}日${h}时${String(mi).padStart(2, '0')}分`;
}

/**
 * A field's label as a document prints it: the form's hint to the user in a trailing parenthesis
 * (how to type it, when it may be left empty, its default) is not part of the legal text; a unit
 * (（月）, （元）) is kept.
 */
export function fieldLabelZh(field: TInputField): string {
  return field.zh.replace(/（[^（）]*(?:填|YYYY|默认|ID)[^（）]*）$/u, '');
}

/** A recorded input value as a document prints it. */
export function formatInputValueZh(field: TInputField, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (field.type === 'text' && typeof value === 'string') {
    const at = formatDateTimeZh(value);
    if (at) return at;
  }
  if (field.type === 'enum') return field.values?.[String(value)]?.zh ?? String(value);
  if (field.type === 'boolean') return value ? '是' : '否';
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return formatCivilBodyDate(value);
  if (field.type === 'integer') return String(value);
  // an agency id chosen by the actor (e.g. 收监监狱) is named elsewhere, not printed as an id
  if (/^[0-9a-f-]{36}$/i.test(String(value))) return null;
  return String(value).trim();
}

/** 2026年3月5日，本机关依法决定批准逮捕。不批准逮捕的理由：……。 (`date`: the body date of the step) */
export function describeStepZh(o: { date: string; labelZh: string; fields: readonly TInputField[]; input: Readonly<Record<string, unknown>> }): string {
  const details = o.fields
    .map((f) => ({ f, v: formatInputValueZh(f, o.input[f.name]) }))
    .filter((x): x is { f: TInputField; v: string } => x.v !== null)
    .map(({ f, v }) => `${fieldLabelZh(f)}：${v.replace(/[。；;.]+$/u, '')}。`);
  return [`${o.date}，本机关依法${o.labelZh}。`, ...details].join('');
}
