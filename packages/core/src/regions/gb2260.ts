/**
 * GB/T 2260 行政区划代码 for 吉林省 and 长春市 (the pilot), as data.
 *
 * Source: shared/domain/cases-and-codes.md §4. Codes change with administrative reforms and are
 * never reused for something else, so historical codes stay in the table (marked `abolished`):
 * old 居民身份证号, old case numbers and old court codes still carry them.
 */
import type { z } from 'zod';
import { ZRegionCode } from '../agencies';

export const REGION_LEVELS = {
  province: { zh: '省级' },
  prefecture: { zh: '地级' },
  county: { zh: '县级' },
} as const;
export type TRegionLevel = keyof typeof REGION_LEVELS;

/**
 * `division`: a legal administrative division. `statistical`: 国家统计局 code for a development
 * zone — usable for statistics and routing, but not a legal division (no people's congress, and
 * its court/procuratorate codes are not derivable from it).
 */
export const REGION_KINDS = {
  division: { zh: '行政区划' },
  statistical: { zh: '统计用区划（开发区）' },
} as const;
export type TRegionKind = keyof typeof REGION_KINDS;

export type TRegion = {
  readonly code: string;
  readonly name: string;
  /** Code of the enclosing division; null for a province. */
  readonly parent: string | null;
  readonly level: TRegionLevel;
  readonly kind: TRegionKind;
  /** True for codes no longer in force (kept: old IDs and case numbers still carry them). */
  readonly abolished?: boolean;
  readonly note?: string;
};

export const REGIONS: readonly TRegion[] = [
  { code: '220000', name: '吉林省', parent: null, level: 'province', kind: 'division' },
  { code: '220100', name: '长春市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220200', name: '吉林市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220300', name: '四平市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220400', name: '辽源市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220500', name: '通化市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220600', name: '白山市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220700', name: '松原市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '220800', name: '白城市', parent: '220000', level: 'prefecture', kind: 'division' },
  { code: '222400', name: '延边朝鲜族自治州', parent: '220000', level: 'prefecture', kind: 'division' },

  { code: '220102', name: '南关区', parent: '220100', level: 'county', kind: 'division' },
  { code: '220103', name: '宽城区', parent: '220100', level: 'county', kind: 'division' },
  { code: '220104', name: '朝阳区', parent: '220100', level: 'county', kind: 'division' },
  { code: '220105', name: '二道区', parent: '220100', level: 'county', kind: 'division' },
  { code: '220106', name: '绿园区', parent: '220100', level: 'county', kind: 'division' },
  { code: '220112', name: '双阳区', parent: '220100', level: 'county', kind: 'division' },
  {
    code: '220113',
    name: '九台区',
    parent: '220100',
    level: 'county',
    kind: 'division',
    note: '原九台市（220181）撤市设区',
  },
  { code: '220122', name: '农安县', parent: '220100', level: 'county', kind: 'division' },
  { code: '220182', name: '榆树市', parent: '220100', level: 'county', kind: 'division', note: '县级市' },
  { code: '220183', name: '德惠市', parent: '220100', level: 'county', kind: 'division', note: '县级市' },
  {
    code: '220184',
    name: '公主岭市',
    parent: '220100',
    level: 'county',
    kind: 'division',
    note: '县级市；约2020年由四平市（220381）划归长春市代管，日期未核实 (unverified)',
  },
  {
    code: '220171',
    name: '长春经济技术开发区',
    parent: '220100',
    level: 'county',
    kind: 'statistical',
    note: '国家统计局统计用代码，非法定行政区划',
  },
  {
    code: '220172',
    name: '长春净月高新技术产业开发区',
    parent: '220100',
    level: 'county',
    kind: 'statistical',
    note: '国家统计局统计用代码，非法定行政区划',
  },
  {
    code: '220173',
    name: '长春高新技术产业开发区',
    parent: '220100',
    level: 'county',
    kind: 'statistical',
    note: '国家统计局统计用代码，非法定行政区划',
  },
  {
    code: '220174',
    name: '长春汽车经济技术开发区',
    parent: '220100',
    level: 'county',
    kind: 'statistical',
    note: '国家统计局统计用代码，非法定行政区划',
  },

  // Historical codes: still printed on IDs and documents issued before the change.
  {
    code: '220181',
    name: '九台市',
    parent: '220100',
    level: 'county',
    kind: 'division',
    abolished: true,
    note: '已撤销，现为九台区（220113）',
  },
  {
    code: '220381',
    name: '公主岭市（原属四平市）',
    parent: '220300',
    level: 'county',
    kind: 'division',
    abolished: true,
    note: '已划归长春市，现代码220184；法院可能仍沿用旧代字（法〔2015〕137号 §13）',
  },
];

/**
 * Two-digit province prefixes of GB/T 2260 (81/82/83 are used by residence permits of
 * 港澳台 residents). General knowledge of the standard, not from the shared domain file: a
 * 居民身份证号 may carry any province's code, so the ID check uses only this coarse list.
 */
// prettier-ignore
export const PROVINCE_PREFIXES: readonly string[] = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
];

const BY_CODE: ReadonlyMap<string, TRegion> = new Map(REGIONS.map((r) => [r.code, r]));

export function findRegion(code: string): TRegion | undefined {
  return BY_CODE.get(code);
}

export function isKnownRegion(code: string): boolean {
  return BY_CODE.has(code);
}

/** Direct children of a region, in table order; abolished codes only when asked for. */
export function childRegions(parent: string, opts: { includeAbolished?: boolean } = {}): TRegion[] {
  return REGIONS.filter((r) => r.parent === parent && (opts.includeAbolished || !r.abolished));
}

/** The region and its ancestors, outermost first: 吉林省 › 长春市 › 朝阳区. */
export function regionPath(code: string): TRegion[] {
  const path: TRegion[] = [];
  let current = findRegion(code);
  while (current) {
    path.unshift(current);
    current = current.parent ? findRegion(current.parent) : undefined;
  }
  return path;
}

/** '吉林省长春市朝阳区' for a known code; undefined otherwise. */
export function regionFullName(code: string): string | undefined {
  const path = regionPath(code);
  return path.length ? path.map((r) => r.name).join('') : undefined;
}

export function hasKnownProvincePrefix(code: string): boolean {
  return PROVINCE_PREFIXES.includes(code.slice(0, 2));
}

/** A region code of this system's table (Jilin / Changchun). */
export const ZKnownRegionCode = ZRegionCode.refine(isKnownRegion, '行政区划代码不在本系统区划表中');
export type TKnownRegionCode = z.infer<typeof ZKnownRegionCode>;
