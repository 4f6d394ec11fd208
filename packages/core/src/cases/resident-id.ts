/**
 * 居民身份证号 (18-digit citizen identity number), GB 11643-1999.
 *
 * Layout: 6-digit 地址码 (GB/T 2260 region at first registration) + 8-digit 出生日期码 (yyyymmdd)
 * + 3-digit 顺序码 (odd = male, even = female) + 1 校验码 (ISO 7064 MOD 11-2; 10 is written 'X').
 *
 * We normalise once, at the boundary, and store only the normalised form: a peer system lost
 * access for users whose IDs were typed with and without separators (PEERS.md, #15124, #22752).
 */
import { z } from 'zod';
import { hasKnownProvincePrefix } from '../regions';

export const SEXES = {
  male: { zh: '男' },
  female: { zh: '女' },
} as const;
export type TSex = keyof typeof SEXES;
export const ZSex = z.enum(Object.keys(SEXES) as [TSex, ...TSex[]], { error: '性别应为 male 或 female' });

/** Weights 2^(17-i) mod 11 for positions 1..17 (ISO 7064 MOD 11-2). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for (sum mod 11) = 0..10. */
const CHECK_CHARS = '10X98765432';

/**
 * Lowest accepted birth year. The standard's own worked example (440524188001010014) is born
 * 1880, so the bound only catches typos such as 0919 for 1919, not implausible ages.
 */
export const RESIDENT_ID_MIN_BIRTH_YEAR = 1800;

export type TResidentIdError = 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT';

/** Chinese messages per failure; used by the zod schema and available to UIs. */
export const RESIDENT_ID_ERROR_MESSAGES: Record<TResidentIdError, string> = {
  FORMAT: '居民身份证号应为18位：前17位为数字，最后一位为数字或X',
  REGION: '居民身份证号的地址码（前6位）不是有效的行政区划代码',
  BIRTH_DATE: '居民身份证号中的出生日期无效',
  CHECK_DIGIT: '居民身份证号校验码错误，请核对是否输错',
};

export type TResidentIdInfo = {
  /** The normalised 18-character ID. */
  id: string;
  /** 地址码: region of first registration; may be an abolished code. */
  regionCode: string;
  /** ISO date, yyyy-mm-dd. */
  birthDate: string;
  /** 顺序码, digits 15–17. */
  sequence: string;
  sex: TSex;
  checkChar: string;
};

export type TResidentIdResult = { ok: true; value: TResidentIdInfo } | { ok: false; error: TResidentIdError };

/**
 * Trim, drop inner whitespace (incl. U+3000), turn full-width digits/X into ASCII, upper-case x.
 * Input methods in Chinese mode often emit full-width characters; copying from formatted
 * displays brings spaces.
 */
export function normaliseResidentId(input: string): string {
  return input
    .replace(/[\s\u3000]+/g, '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[xＸｘ]/g, 'X');
}

/** Check character for the first 17 digits. Throws on anything but 17 ASCII digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar expects 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** yyyymmdd → yyyy-mm-dd when it is a real calendar date, else null. Pure: no clock. */
export function compactDateToIso(yyyymmdd: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Parse and validate. `today` (yyyy-mm-dd, from the caller's clock) additionally rejects birth
 * dates in the future; core never reads the clock itself.
 */
export function parseResidentId(input: string, opts: { today?: string } = {}): TResidentIdResult {
  const id = normaliseResidentId(input);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, error: 'FORMAT' };
  const regionCode = id.slice(0, 6);
  // Only the province is checked: the 地址码 is the region at first registration and may be a
  // code abolished long ago, so no current table can be complete for it.
  if (!hasKnownProvincePrefix(regionCode)) return { ok: false, error: 'REGION' };
  const birthDate = compactDateToIso(id.slice(6, 14));
  if (
    !birthDate ||
    Number(birthDate.slice(0, 4)) < RESIDENT_ID_MIN_BIRTH_YEAR ||
    (opts.today !== undefined && birthDate > opts.today)
  ) {
    return { ok: false, error: 'BIRTH_DATE' };
  }
  const checkChar = id[17]!;
  if (residentIdCheckChar(id.slice(0, 17)) !== checkChar) return { ok: false, error: 'CHECK_DIGIT' };
  const sequence = id.slice(14, 17);
  return {
    ok: true,
    value: { id, regionCode, birthDate, sequence, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female', checkChar },
  };
}

export function isValidResidentId(input: string): boolean {
  return parseResidentId(input).ok;
}

/** GB 11643: the 17th digit is odd for men, even for women. Undefined for invalid IDs. */
export function sexFromResidentId(input: string): TSex | undefined {
  const r = parseResidentId(input);
  return r.ok ? r.value.sex : undefined;
}

/** Validates and outputs the normalised ID; the message says which part is wrong. */
export const ZResidentId = z
  .string({ error: '居民身份证号应为文本' })
  .overwrite(normaliseResidentId)
  .superRefine((value, ctx) => {
    const r = parseResidentId(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: RESIDENT_ID_ERROR_MESSAGES[r.error] });
  });
export type TResidentId = z.infer<typeof ZResidentId>;

/** Small deterministic PRNG (mulberry32): same seed, same IDs, in Node and the browser. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Changchun districts used when the caller names no region. */
const DEMO_REGION_CODES = ['220102', '220103', '220104', '220105', '220106', '220112', '220113', '220122'];

/**
 * A valid ID for demo/test data, deterministic from `seed`. Demo only: a valid number may belong
 * to a real person, so generated IDs must never leave test and demo databases.
 */
export function generateResidentId(
  seed: number,
  opts: { regionCode?: string; birthDate?: string; sex?: TSex } = {},
): string {
  const rand = seededRandom(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const regionCode = opts.regionCode ?? DEMO_REGION_CODES[pick(DEMO_REGION_CODES.length)]!;
  if (!/^\d{6}$/.test(regionCode) || !hasKnownProvincePrefix(regionCode)) {
    throw new RangeError('regionCode must be 6 digits with a known province prefix');
  }
  let birth: string;
  if (opts.birthDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.birthDate) || !compactDateToIso(opts.birthDate.replaceAll('-', ''))) {
      throw new RangeError('birthDate must be a valid yyyy-mm-dd date');
    }
    birth = opts.birthDate.replaceAll('-', '');
  } else {
    // Days since 1950-01-01 up to end of 2005: adults at the time of the pilot.
    const day = new Date(Date.UTC(1950, 0, 1) + pick(20454) * 86_400_000);
    birth = day.toISOString().slice(0, 10).replaceAll('-', '');
  }
  const sex = opts.sex ?? (rand() < 0.5 ? 'male' : 'female');
  const first2 = String(pick(100)).padStart(2, '0');
  const third = 2 * pick(5) + (sex === 'male' ? 1 : 0);
  const first17 = `${regionCode}${birth}${first2}${third}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * A 居民身份证号 as lists and logs show it (个人信息保护法 第五十一条; GB/T 22239-2019 §8.1.4.11):
 * the 地址码 and the last four characters, the birth date and sequence hidden —
 * 220104********123X. Anything that is not 15 or 18 characters is hidden whole.
 */
export function maskResidentId(id: string): string {
  if (id.length !== 18 && id.length !== 15) return '*'.repeat(Math.max(id.length, 1));
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 身份证号-shaped runs inside free text (search terms, log lines), masked. */
export function maskResidentIdsIn(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])[1-9](?:[0-9]{16}[0-9Xx]|[0-9]{14})(?![0-9A-Za-z])/g, maskResidentId);
}
