/**
 * 文书文号 of outgoing documents (起诉意见书, 提请批准逮捕书, 起诉书 …).
 *
 * Formats vary by agency, province and year (cases-and-codes.md §2–3, unverified for Jilin
 * 2020+), so they are templates held as data, configurable per agency — never hard-coded.
 *
 * Template placeholders: {org} agency short name, {dept} department, {doc} document code,
 * {year} 4-digit year, {seq} number. Brackets in a template match any of their variants
 * ([ ［ 〔 【 / ( （) when parsing; formatting emits the template's own character.
 */
import { z } from 'zod';
import { ZAgencyType, type TAgencyType } from '../agencies';

export const DOCUMENT_NUMBER_PLACEHOLDERS = ['org', 'dept', 'doc', 'year', 'seq'] as const;
export type TDocumentNumberPlaceholder = (typeof DOCUMENT_NUMBER_PLACEHOLDERS)[number];

export type TDocumentNumberParts = {
  org: string;
  year: number;
  seq: number;
  dept?: string;
  doc?: string;
};

const PLACEHOLDER_RE = /\{(org|dept|doc|year|seq)\}/g;
const TEXT_PLACEHOLDERS = new Set(['org', 'dept', 'doc']);

export const ZDocumentNumberTemplate = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/, '文号模板ID只能包含小写字母、数字、下划线、点和连字符'),
    agencyType: ZAgencyType,
    /** What documents this template numbers, e.g. 提请批准逮捕书. */
    documentZh: z.string().min(1, '文书名称不能为空'),
    pattern: z.string().min(1, '文号模板不能为空'),
    example: z.string(),
    /** False where the format comes only from samples (most of them: see the domain file). */
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .superRefine((t, ctx) => {
    const tokens = [...t.pattern.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!);
    for (const required of ['org', 'year', 'seq']) {
      if (!tokens.includes(required)) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: `文号模板缺少占位符{${required}}` });
      }
    }
    if (new Set(tokens).size !== tokens.length) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: '文号模板中的占位符不能重复' });
    }
    // Two text placeholders side by side cannot be split back apart when parsing.
    if (/\{(org|dept|doc)\}\{(org|dept|doc)\}/.test(t.pattern)) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: '文号模板中两个文字占位符之间须有固定文字' });
    }
  });
export type TDocumentNumberTemplate = z.infer<typeof ZDocumentNumberTemplate>;

/** Defaults from samples and the brief; every one is unverified for Jilin and meant to be overridden. */
export const DEFAULT_DOCUMENT_NUMBER_TEMPLATES: readonly TDocumentNumberTemplate[] = [
  {
    id: 'police.arrest-request',
    agencyType: 'police',
    documentZh: '提请批准逮捕书',
    pattern: '{org}公({dept})提捕字[{year}]{seq}号',
    example: '长公(刑)提捕字[2021]12号',
    verified: false,
    note: '示例来自项目简报',
  },
  {
    id: 'police.prosecution-opinion',
    agencyType: 'police',
    documentZh: '起诉意见书',
    pattern: '{org}公({dept})诉字[{year}]{seq}号',
    example: '津武公（济）诉字[2021]10122号',
    verified: false,
    note: '格式来自样本数据，各地存在变体',
  },
  {
    id: 'procuratorate.default',
    agencyType: 'procuratorate',
    documentZh: '起诉书、不起诉决定书等',
    pattern: '{org}检{doc}〔{year}〕{seq}号',
    example: '长朝检刑诉〔2021〕15号',
    verified: false,
    note: '院简称“长朝”未核实',
  },
  {
    id: 'procuratorate.legacy-di',
    agencyType: 'procuratorate',
    documentZh: '起诉书（旧式，带“第”）',
    pattern: '{org}检{doc}[{year}]第{seq}号',
    example: '博检刑诉[2015]第282号',
    verified: false,
  },
];

const BRACKET_CLASSES: Record<string, string> = {
  '[': '[\\[［〔【]',
  ']': '[\\]］〕】]',
  '(': '[(（]',
  ')': '[)）]',
  '［': '[\\[［〔【]',
  '］': '[\\]］〕】]',
  '〔': '[\\[［〔【]',
  '〕': '[\\]］〕】]',
  '（': '[(（]',
  '）': '[)）]',
};

const escapeChar = (c: string) => BRACKET_CLASSES[c] ?? c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type TCompiled = { re: RegExp; tokens: TDocumentNumberPlaceholder[] };
const compiled = new Map<string, TCompiled>();

function compile(pattern: string): TCompiled {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  const tokens: TDocumentNumberPlaceholder[] = [];
  let source = '^';
  let last = 0;
  for (const m of pattern.matchAll(PLACEHOLDER_RE)) {
    source += [...pattern.slice(last, m.index)].map(escapeChar).join('');
    const name = m[1] as TDocumentNumberPlaceholder;
    tokens.push(name);
    // Text parts are non-greedy so the first literal after them ends them (长朝检… → 长朝).
    source += name === 'year' ? '(\\d{4})' : name === 'seq' ? '([1-9]\\d*)' : '([\\u4e00-\\u9fa5]+?)';
    last = m.index + m[0].length;
  }
  source += [...pattern.slice(last)].map(escapeChar).join('') + '$';
  const result = { re: new RegExp(source), tokens };
  compiled.set(pattern, result);
  return result;
}

export function formatDocumentNumber(template: Pick<TDocumentNumberTemplate, 'pattern'>, parts: TDocumentNumberParts): string {
  if (!Number.isInteger(parts.year) || parts.year < 1000 || parts.year > 9999) throw new RangeError('year must be 4 digits');
  if (!Number.isInteger(parts.seq) || parts.seq < 1) throw new RangeError('seq must be a positive integer');
  return template.pattern.replace(PLACEHOLDER_RE, (_, name: TDocumentNumberPlaceholder) => {
    const value = parts[name];
    if (value === undefined || value === '') throw new RangeError(`missing document number part: ${name}`);
    if (TEXT_PLACEHOLDERS.has(name) && !/^[\u4e00-\u9fa5]+$/.test(String(value))) {
      throw new RangeError(`${name} must be Chinese characters`);
    }
    return String(value);
  });
}

export function parseDocumentNumber(
  template: Pick<TDocumentNumberTemplate, 'pattern'>,
  s: string,
): TDocumentNumberParts | null {
  const { re, tokens } = compile(template.pattern);
  const m = re.exec(s.trim());
  if (!m) return null;
  const parts: TDocumentNumberParts = { org: '', year: 0, seq: 0 };
  tokens.forEach((name, i) => {
    const value = m[i + 1]!;
    if (name === 'year' || name === 'seq') parts[name] = Number(value);
    else parts[name] = value;
  });
  return parts;
}

/** First template (in order) that parses `s`, with the parts. */
export function matchDocumentNumber(
  templates: readonly TDocumentNumberTemplate[],
  s: string,
  agencyType?: TAgencyType,
): { template: TDocumentNumberTemplate; parts: TDocumentNumberParts } | null {
  for (const template of templates) {
    if (agencyType && template.agencyType !== agencyType) continue;
    const parts = parseDocumentNumber(template, s);
    if (parts) return { template, parts };
  }
  return null;
}

/** A schema accepting numbers of the given (configured) templates. */
export function documentNumberSchema(templates: readonly TDocumentNumberTemplate[] = DEFAULT_DOCUMENT_NUMBER_TEMPLATES) {
  return z
    .string({ error: '文号应为文本' })
    .overwrite((s) => s.trim())
    .refine((s) => matchDocumentNumber(templates, s) !== null, '文号格式与本机关配置的文号模板均不匹配');
}

export const ZDocumentNumber = documentNumberSchema();
