/**
 * Case numbers of the three agencies: format, parse (→ parts or null) and zod schema each.
 * Source: shared/domain/cases-and-codes.md §1–3. Parsers are tolerant about the bracket and
 * parenthesis variants people actually type; formatters emit one canonical form.
 */
import { z } from 'zod';
import { findCourtCaseType } from './court-codes';

/** Half-width, full-width and 六角 brackets all appear in real numbers. */
function normaliseBrackets(s: string): string {
  return s
    .trim()
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[［〔【]/g, '[')
    .replace(/[］〕】]/g, ']');
}

const MIN_YEAR = 1949;
const isYear = (y: number) => Number.isInteger(y) && y >= MIN_YEAR && y <= 9999;
const isPositiveInt = (n: number) => Number.isInteger(n) && n >= 1;

// ── 公安 案件编号 ─────────────────────────────────────────────────────────────

export type TPoliceCaseNumber = {
  /** Leading letter; 'A' in every sample. What other letters mean is unverified, so any A–Z parses. */
  letter: string;
  /** 12-digit 公安机关机构代码; starts with the unit's 6-digit region code. */
  unitCode: string;
  year: number;
  month: number;
  /** 1–9999 within (unit, month). */
  sequence: number;
};

/** A4418271500002023060027 = A + 441827150000 + 202306 + 0027. */
export function formatPoliceCaseNumber(p: TPoliceCaseNumber): string {
  if (!/^[A-Z]$/.test(p.letter)) throw new RangeError('letter must be one A–Z');
  if (!/^\d{12}$/.test(p.unitCode)) throw new RangeError('unitCode must be 12 digits');
  if (!isYear(p.year) || p.month < 1 || p.month > 12 || !Number.isInteger(p.month)) throw new RangeError('bad year/month');
  if (!isPositiveInt(p.sequence) || p.sequence > 9999) throw new RangeError('sequence must be 1–9999');
  return `${p.letter}${p.unitCode}${p.year}${String(p.month).padStart(2, '0')}${String(p.sequence).padStart(4, '0')}`;
}

export function parsePoliceCaseNumber(s: string): TPoliceCaseNumber | null {
  const m = /^([A-Z])(\d{12})(\d{4})(\d{2})(\d{4})$/.exec(s.trim().toUpperCase());
  if (!m) return null;
  const p = { letter: m[1]!, unitCode: m[2]!, year: Number(m[3]), month: Number(m[4]), sequence: Number(m[5]) };
  if (!isYear(p.year) || p.month < 1 || p.month > 12 || p.sequence < 1) return null;
  return p;
}

/** Region code of the police unit: the first six digits of its 机构代码. */
export function policeUnitRegionCode(unitCode: string): string {
  return unitCode.slice(0, 6);
}

export const ZPoliceCaseNumber = z
  .string({ error: '公安案件编号应为文本' })
  .overwrite((s) => s.trim().toUpperCase())
  .refine((s) => parsePoliceCaseNumber(s) !== null, '公安案件编号格式应为：A＋12位机构代码＋年月（6位）＋4位序号');

// ── 检察院 部门受案号 ─────────────────────────────────────────────────────────

/**
 * 业务代字 seen in national 检察业务应用系统 data. The full list is unverified, so parsing accepts
 * any code ending in 受; use `isKnownProcuratorateBusinessCode` to flag unfamiliar ones.
 */
export const PROCURATORATE_BUSINESS_CODES = {
  刑捕受: { zh: '审查逮捕', verified: true },
  刑诉受: { zh: '审查起诉', verified: true },
  未捕受: { zh: '未成年人审查逮捕', verified: false },
} as const;
export type TProcuratorateBusinessCode = keyof typeof PROCURATORATE_BUSINESS_CODES;

export function isKnownProcuratorateBusinessCode(code: string): code is TProcuratorateBusinessCode {
  return Object.hasOwn(PROCURATORATE_BUSINESS_CODES, code);
}

export type TProcuratorateCaseNumber = {
  /** 院简称, e.g. 长朝 (朝阳区检察院 — abbreviation unverified). */
  abbreviation: string;
  /** 业务代字 including the trailing 受, e.g. 刑诉受. */
  businessCode: string;
  year: number;
  /** 6-digit 单位编码 (dwbm); usually the county region code for basic-level procuratorates. */
  unitCode: string;
  /** 1–999999. */
  sequence: number;
};

/** 长朝检刑诉受[2021]220104000123号. */
export function formatProcuratorateCaseNumber(p: TProcuratorateCaseNumber): string {
  if (!/^[\u4e00-\u9fa5]{1,8}$/.test(p.abbreviation) || p.abbreviation.includes('检')) {
    throw new RangeError('abbreviation must be 1–8 Chinese characters without 检');
  }
  if (!/^[\u4e00-\u9fa5]{1,4}受$/.test(p.businessCode)) throw new RangeError('businessCode must end with 受');
  if (!isYear(p.year)) throw new RangeError('bad year');
  if (!/^\d{6}$/.test(p.unitCode)) throw new RangeError('unitCode must be 6 digits');
  if (!isPositiveInt(p.sequence) || p.sequence > 999_999) throw new RangeError('sequence must be 1–999999');
  return `${p.abbreviation}检${p.businessCode}[${p.year}]${p.unitCode}${String(p.sequence).padStart(6, '0')}号`;
}

export function parseProcuratorateCaseNumber(s: string): TProcuratorateCaseNumber | null {
  const m = /^([\u4e00-\u9fa5]{1,8}?)检([\u4e00-\u9fa5]{1,4}受)\[(\d{4})\](\d{6})(\d{6})号$/.exec(normaliseBrackets(s));
  if (!m) return null;
  const p = {
    abbreviation: m[1]!,
    businessCode: m[2]!,
    year: Number(m[3]),
    unitCode: m[4]!,
    sequence: Number(m[5]),
  };
  if (!isYear(p.year) || p.sequence < 1) return null;
  return p;
}

export const ZProcuratorateCaseNumber = z
  .string({ error: '部门受案号应为文本' })
  .overwrite(normaliseBrackets)
  .refine(
    (s) => parseProcuratorateCaseNumber(s) !== null,
    '部门受案号格式应为：院简称＋检＋业务代字＋[年份]＋6位单位编码＋6位序号＋号',
  );

// ── 法院 案号 ─────────────────────────────────────────────────────────────────

/** Regex of cases-and-codes.md §1, applied after mapping （） to (). */
export const COURT_CASE_NUMBER_REGEX =
  /^[（(](\d{4})[）)](最高法|[\u4e00-\u9fa5](?:\d{4}|\d{2})?)([\u4e00-\u9fa5]{1,3})(\d+)号(之[一二三四五六七八九十]+)?$/;

/** Pre-2016 numbers: (2013)惠中法刑二终字第52号. Court and type were not separable by rule. */
const LEGACY_COURT_CASE_NUMBER_REGEX = /^\((\d{4})\)([\u4e00-\u9fa5\d]+?)字第(\d+)号$/;

export type TCourtCaseNumber =
  | {
      format: 'current';
      year: number;
      /** 法院代字: 最高法, 吉, 吉01, 吉0104 … */
      courtCode: string;
      /** 类型代字, validated against COURT_CASE_TYPES. */
      typeCode: string;
      sequence: number;
      /** 之一 = 1, 之三 = 3 …: later documents in the same case (semantics unverified). */
      suffix?: number;
    }
  | {
      format: 'legacy';
      year: number;
      /** Court abbreviation + type, undivided: 惠中法刑二终. */
      prefix: string;
      sequence: number;
    };

const ZH_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 as Chinese numerals: 三, 十, 十二, 二十, 九十九. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError('1–99 only');
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return ZH_DIGITS[ones]!;
  return `${tens === 1 ? '' : ZH_DIGITS[tens]}十${ZH_DIGITS[ones]}`;
}

export function fromChineseNumeral(s: string): number | null {
  for (let n = 1; n <= 99; n++) if (toChineseNumeral(n) === s) return n;
  return null;
}

export function formatCourtCaseNumber(p: TCourtCaseNumber): string {
  if (!isYear(p.year) || !isPositiveInt(p.sequence)) throw new RangeError('bad year or sequence');
  if (p.format === 'legacy') return `(${p.year})${p.prefix}字第${p.sequence}号`;
  const suffix = p.suffix === undefined ? '' : `之${toChineseNumeral(p.suffix)}`;
  return `（${p.year}）${p.courtCode}${p.typeCode}${p.sequence}号${suffix}`;
}

/** Parses both formats; a current-format number must carry a type code of the table. */
export function parseCourtCaseNumber(s: string): TCourtCaseNumber | null {
  const input = normaliseBrackets(s);
  const m = COURT_CASE_NUMBER_REGEX.exec(input);
  // A legacy number can also match the current regex (type code '…字第'); the type table decides.
  if (m && findCourtCaseType(m[3]!)) {
    const year = Number(m[1]);
    const sequence = Number(m[4]);
    if (!isYear(year) || sequence < 1) return null;
    const result: TCourtCaseNumber = { format: 'current', year, courtCode: m[2]!, typeCode: m[3]!, sequence };
    if (m[5]) {
      const suffix = fromChineseNumeral(m[5].slice(1));
      if (suffix === null) return null;
      result.suffix = suffix;
    }
    return result;
  }
  const legacy = LEGACY_COURT_CASE_NUMBER_REGEX.exec(input);
  if (legacy) {
    const year = Number(legacy[1]);
    const sequence = Number(legacy[3]);
    if (!isYear(year) || sequence < 1) return null;
    return { format: 'legacy', year, prefix: legacy[2]!, sequence };
  }
  return null;
}

export function isCriminalCourtCaseNumber(p: TCourtCaseNumber): boolean {
  if (p.format === 'legacy') return p.prefix.includes('刑');
  return findCourtCaseType(p.typeCode)?.criminal ?? false;
}

export const ZCourtCaseNumber = z
  .string({ error: '法院案号应为文本' })
  .overwrite((s) => s.trim())
  .refine((s) => parseCourtCaseNumber(s) !== null, '法院案号格式应为：（年度）法院代字＋类型代字＋序号＋号，如（2021）吉0104刑初123号');
