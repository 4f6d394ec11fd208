import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  COURT_CASE_NUMBER_REGEX,
  formatCourtCaseNumber,
  formatPoliceCaseNumber,
  formatProcuratorateCaseNumber,
  fromChineseNumeral,
  isCriminalCourtCaseNumber,
  isKnownProcuratorateBusinessCode,
  parseCourtCaseNumber,
  parsePoliceCaseNumber,
  parseProcuratorateCaseNumber,
  policeUnitRegionCode,
  toChineseNumeral,
  ZCourtCaseNumber,
  ZPoliceCaseNumber,
  ZProcuratorateCaseNumber,
  type TCourtCaseNumber,
} from './case-numbers';
import { COURT_CASE_TYPES, COURTS, deriveCourtCode, findCourt } from './court-codes';
import { findRegion } from '../regions';

const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const cjkString = (min: number, max: number, exclude = '') =>
  fc.array(cjk.filter((c) => !exclude.includes(c)), { minLength: min, maxLength: max }).map((a) => a.join(''));
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const year = fc.integer({ min: 1949, max: 2099 });

describe('police 案件编号 (cases-and-codes.md §3)', () => {
  it('parses the examples from public code', () => {
    expect(parsePoliceCaseNumber('A4418271500002023060027')).toEqual({
      letter: 'A',
      unitCode: '441827150000',
      year: 2023,
      month: 6,
      sequence: 27,
    });
    const p = parsePoliceCaseNumber('A1101056200002014020009');
    expect(p && policeUnitRegionCode(p.unitCode)).toBe('110105');
  });

  it('rejects wrong length, month 13 and sequence 0', () => {
    expect(parsePoliceCaseNumber('A441827150000202306002')).toBeNull();
    expect(parsePoliceCaseNumber('A4418271500002023130027')).toBeNull();
    expect(parsePoliceCaseNumber('A4418271500002023060000')).toBeNull();
    expect(ZPoliceCaseNumber.safeParse(' a4418271500002023060027 ').data).toBe('A4418271500002023060027');
    expect(ZPoliceCaseNumber.safeParse('A123').error?.issues[0]?.message).toContain('公安案件编号');
  });

  it('round-trips format → parse (property)', () => {
    fc.assert(
      fc.property(
        digits(12),
        year,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9999 }),
        (unitCode, y, month, sequence) => {
          const parts = { letter: 'A', unitCode, year: y, month, sequence };
          const s = formatPoliceCaseNumber(parts);
          return s.length === 23 && JSON.stringify(parsePoliceCaseNumber(s)) === JSON.stringify(parts);
        },
      ),
    );
  });
});

describe('procuratorate 部门受案号 (cases-and-codes.md §2)', () => {
  it.each([
    ['长朝检刑诉受[2021]220104000123号', '长朝', '刑诉受', 2021, '220104', 123],
    ['台温检刑诉受[2021]331081000001号', '台温', '刑诉受', 2021, '331081', 1],
    ['黟检刑诉受[2023]341023000062号', '黟', '刑诉受', 2023, '341023', 62],
    ['七星检刑捕受[2021]522421000001号', '七星', '刑捕受', 2021, '522421', 1],
    ['沭检刑诉受[2021]371329000004号', '沭', '刑诉受', 2021, '371329', 4],
  ])('parses %s', (s, abbreviation, businessCode, y, unitCode, sequence) => {
    expect(parseProcuratorateCaseNumber(s)).toEqual({ abbreviation, businessCode, year: y, unitCode, sequence });
    expect(formatProcuratorateCaseNumber(parseProcuratorateCaseNumber(s)!)).toBe(s);
  });

  it('accepts bracket variants and flags unfamiliar business codes', () => {
    expect(parseProcuratorateCaseNumber('长朝检刑诉受〔2021〕220104000123号')?.sequence).toBe(123);
    expect(ZProcuratorateCaseNumber.parse('长朝检刑诉受［2021］220104000123号')).toBe('长朝检刑诉受[2021]220104000123号');
    expect(isKnownProcuratorateBusinessCode('刑诉受')).toBe(true);
    expect(isKnownProcuratorateBusinessCode('民行受')).toBe(false);
    expect(parseProcuratorateCaseNumber('长朝检刑诉[2021]220104000123号')).toBeNull();
  });

  it('round-trips format → parse (property)', () => {
    fc.assert(
      fc.property(
        cjkString(1, 6, '检受'),
        fc.constantFrom('刑捕受', '刑诉受', '未捕受'),
        year,
        digits(6),
        fc.integer({ min: 1, max: 999_999 }),
        (abbreviation, businessCode, y, unitCode, sequence) => {
          const parts = { abbreviation, businessCode, year: y, unitCode, sequence };
          return (
            JSON.stringify(parseProcuratorateCaseNumber(formatProcuratorateCaseNumber(parts))) === JSON.stringify(parts)
          );
        },
      ),
    );
  });
});

describe('court 案号 (法〔2015〕137号, cases-and-codes.md §1)', () => {
  it('法〔2015〕137号: the doc regex matches its examples', () => {
    expect(COURT_CASE_NUMBER_REGEX.exec('（2021）吉0104刑初123号')?.slice(1, 6)).toEqual([
      '2021',
      '吉0104',
      '刑初',
      '123',
      undefined,
    ]);
    expect(COURT_CASE_NUMBER_REGEX.exec('（2018）沪01民初937号之三')?.slice(1, 6)).toEqual([
      '2018',
      '沪01',
      '民初',
      '937',
      '之三',
    ]);
  });

  it('parses current numbers with full- or half-width parentheses', () => {
    const expected = { format: 'current', year: 2021, courtCode: '吉0104', typeCode: '刑初', sequence: 123 };
    expect(parseCourtCaseNumber('（2021）吉0104刑初123号')).toEqual(expected);
    expect(parseCourtCaseNumber('(2021)吉0104刑初123号')).toEqual(expected);
    expect(parseCourtCaseNumber('（2021)吉0104刑初123号')).toEqual(expected);
  });

  it('parses the 之N suffix: （2018）沪01民初937号之三', () => {
    expect(parseCourtCaseNumber('（2018）沪01民初937号之三')).toEqual({
      format: 'current',
      year: 2018,
      courtCode: '沪01',
      typeCode: '民初',
      sequence: 937,
      suffix: 3,
    });
  });

  it('parses 最高法, high-court and 刑核 numbers', () => {
    expect(parseCourtCaseNumber('（2020）最高法刑核12345678号')).toMatchObject({ courtCode: '最高法', typeCode: '刑核' });
    expect(parseCourtCaseNumber('（2021）吉刑终7号')).toMatchObject({ courtCode: '吉', typeCode: '刑终' });
    expect(parseCourtCaseNumber('（2021）吉01刑医解2号')).toMatchObject({ courtCode: '吉01', typeCode: '刑医解' });
  });

  it('法〔2015〕137号: rejects type codes not in the table', () => {
    expect(parseCourtCaseNumber('（2021）吉0104刑甲123号')).toBeNull();
    expect(ZCourtCaseNumber.safeParse('（2021）吉0104刑甲123号').success).toBe(false);
  });

  it('parses the pre-2016 legacy 字/第 format: (2013)惠中法刑二终字第52号', () => {
    const p = parseCourtCaseNumber('(2013)惠中法刑二终字第52号');
    expect(p).toEqual({ format: 'legacy', year: 2013, prefix: '惠中法刑二终', sequence: 52 });
    expect(p && isCriminalCourtCaseNumber(p)).toBe(true);
    expect(parseCourtCaseNumber('（2013）惠中法刑二终字第52号')?.format).toBe('legacy');
  });

  it('rejects malformed numbers', () => {
    for (const s of ['2021吉0104刑初123号', '（21）吉0104刑初123号', '（2021）吉0104刑初号', '（2021）吉0104刑初0号', '（2021）吉0104刑初123']) {
      expect(parseCourtCaseNumber(s)).toBeNull();
    }
  });

  it('Chinese numerals 1–99 round-trip', () => {
    expect(toChineseNumeral(3)).toBe('三');
    expect(toChineseNumeral(10)).toBe('十');
    expect(toChineseNumeral(21)).toBe('二十一');
    for (let n = 1; n <= 99; n++) expect(fromChineseNumeral(toChineseNumeral(n))).toBe(n);
  });

  it('round-trips format → parse (property)', () => {
    const current: fc.Arbitrary<TCourtCaseNumber> = fc.record(
      {
        format: fc.constant('current' as const),
        year,
        courtCode: fc.oneof(
          fc.constant('最高法'),
          cjk,
          fc.tuple(cjk, digits(2)).map(([c, d]) => c + d),
          fc.tuple(cjk, digits(4)).map(([c, d]) => c + d),
        ),
        typeCode: fc.constantFrom(...COURT_CASE_TYPES.map((t) => t.code)),
        sequence: fc.integer({ min: 1, max: 99_999_999 }),
        suffix: fc.integer({ min: 1, max: 99 }),
      },
      { requiredKeys: ['format', 'year', 'courtCode', 'typeCode', 'sequence'] },
    );
    const legacy: fc.Arbitrary<TCourtCaseNumber> = fc.record({
      format: fc.constant('legacy' as const),
      year,
      prefix: cjkString(2, 8, '字'),
      sequence: fc.integer({ min: 1, max: 99_999 }),
    });
    fc.assert(
      fc.property(fc.oneof(current, legacy), (parts) => {
        return JSON.stringify(parseCourtCaseNumber(formatCourtCaseNumber(parts))) === JSON.stringify(parts);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Changchun court codes (inferred data)', () => {
  it('法〔2015〕137号: inferred codes agree with the derivation rule and the region table', () => {
    for (const court of COURTS.filter((c) => c.basis === 'inferred')) {
      expect(court.regionCode && deriveCourtCode(court.regionCode)).toBe(court.code);
      expect(court.regionCode && findRegion(court.regionCode)).toBeDefined();
    }
  });

  it('keeps both candidate codes for 公主岭 as unverified', () => {
    expect(findCourt('吉0381')?.basis).toBe('unverified');
    expect(findCourt('吉0184')?.basis).toBe('unverified');
    expect(deriveCourtCode('220000')).toBe('吉');
    expect(deriveCourtCode('110105')).toBeUndefined();
  });
});
