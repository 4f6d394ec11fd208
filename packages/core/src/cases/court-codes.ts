/**
 * Data for court 案号: case-type codes (类型代字) and court codes (法院代字).
 * Source: shared/domain/cases-and-codes.md §1 — 最高法《关于人民法院案件案号的若干规定》(法〔2015〕137号)
 * and the 人民法院案件类型及其代字标准 (criminal list confirmed from a public court-software enum).
 */

export type TCourtCaseType = {
  /** 类型代字, e.g. 刑初. */
  readonly code: string;
  /** 案件类型 code(s) of the standard, e.g. 0201; empty where the doc gives none. */
  readonly typeCodes: readonly string[];
  readonly zh: string;
  readonly criminal: boolean;
};

export const COURT_CASE_TYPES: readonly TCourtCaseType[] = [
  { code: '刑辖', typeCodes: ['0102', '0103'], zh: '刑事提级管辖/指定管辖', criminal: true },
  { code: '刑初', typeCodes: ['0201'], zh: '刑事一审', criminal: true },
  { code: '刑终', typeCodes: ['0202'], zh: '刑事二审', criminal: true },
  { code: '刑监', typeCodes: ['0204'], zh: '依职权再审审查', criminal: true },
  { code: '刑申', typeCodes: ['0205'], zh: '申诉再审审查', criminal: true },
  { code: '刑抗', typeCodes: ['0206'], zh: '抗诉再审审查', criminal: true },
  { code: '刑再', typeCodes: ['0207'], zh: '刑事再审', criminal: true },
  { code: '刑没', typeCodes: ['0208'], zh: '申请没收违法所得', criminal: true },
  // 刑核 numbers are a random fixed 8-digit number, not a sequence (法〔2015〕137号 §10).
  { code: '刑核', typeCodes: ['0210', '0211', '0212'], zh: '死刑复核/法定刑以下判处刑罚复核/特殊假释复核', criminal: true },
  { code: '刑医', typeCodes: ['0214'], zh: '强制医疗申请', criminal: true },
  { code: '刑医解', typeCodes: ['0215'], zh: '解除强制医疗', criminal: true },
  { code: '刑医复', typeCodes: ['0216'], zh: '强制医疗复议', criminal: true },
  { code: '刑医监', typeCodes: ['0217'], zh: '强制医疗监督', criminal: true },
  // The doc lists 0219–0222 against three codes; the exact code-to-number mapping is not given.
  { code: '刑止', typeCodes: [], zh: '停止执行死刑（请求/依职权）', criminal: true },
  { code: '刑止调', typeCodes: [], zh: '停止执行死刑调查', criminal: true },
  { code: '刑止核', typeCodes: [], zh: '停止执行死刑审核', criminal: true },
  { code: '刑更', typeCodes: ['0224'], zh: '刑罚与执行变更审查（减刑、假释、暂予监外执行）', criminal: true },
  { code: '刑更监', typeCodes: ['0225'], zh: '刑罚与执行变更监督', criminal: true },
  { code: '刑更备', typeCodes: ['0226'], zh: '刑罚与执行变更备案', criminal: true },
  { code: '刑他', typeCodes: ['0227'], zh: '其他刑事', criminal: true },
  { code: '刑教', typeCodes: ['0229'], zh: '安置教育', criminal: true },
  { code: '刑教解', typeCodes: ['0230'], zh: '解除安置教育', criminal: true },
  { code: '刑教复', typeCodes: ['0231'], zh: '安置教育复议', criminal: true },
  { code: '刑教监', typeCodes: ['0232'], zh: '安置教育监督', criminal: true },
  // Non-criminal examples from the doc: accepted so that related civil/enforcement numbers
  // attached to a criminal case (附带民事, 执行, 司法救助, 国家赔偿) validate too.
  { code: '民初', typeCodes: [], zh: '民事一审', criminal: false },
  { code: '民终', typeCodes: [], zh: '民事二审', criminal: false },
  { code: '行初', typeCodes: [], zh: '行政一审', criminal: false },
  { code: '行终', typeCodes: [], zh: '行政二审', criminal: false },
  { code: '执', typeCodes: [], zh: '执行', criminal: false },
  { code: '司救刑', typeCodes: [], zh: '刑事司法救助', criminal: false },
  { code: '法赔', typeCodes: [], zh: '法院赔偿', criminal: false },
  { code: '委赔', typeCodes: [], zh: '赔偿委员会审理赔偿', criminal: false },
];

const TYPE_BY_CODE: ReadonlyMap<string, TCourtCaseType> = new Map(COURT_CASE_TYPES.map((t) => [t.code, t]));

export function findCourtCaseType(code: string): TCourtCaseType | undefined {
  return TYPE_BY_CODE.get(code);
}

export const COURT_LEVELS = {
  supreme: { zh: '最高人民法院' },
  high: { zh: '高级人民法院' },
  intermediate: { zh: '中级人民法院' },
  basic: { zh: '基层人民法院' },
} as const;
export type TCourtLevel = keyof typeof COURT_LEVELS;

/**
 * `rule`: stated by the rule itself. `inferred`: derived from the region code by the rule's
 * pattern but not seen in any source — replace with 最高法's published list when available.
 * `unverified`: conflicting candidates.
 */
export type TCodeBasis = 'rule' | 'inferred' | 'unverified';

export type TCourt = {
  readonly code: string;
  readonly name: string;
  readonly level: TCourtLevel;
  readonly regionCode: string | null;
  readonly basis: TCodeBasis;
  readonly note?: string;
};

export const COURTS: readonly TCourt[] = [
  { code: '最高法', name: '最高人民法院', level: 'supreme', regionCode: null, basis: 'rule' },
  { code: '吉', name: '吉林省高级人民法院', level: 'high', regionCode: '220000', basis: 'rule' },
  { code: '吉01', name: '长春市中级人民法院', level: 'intermediate', regionCode: '220100', basis: 'inferred' },
  { code: '吉0102', name: '长春市南关区人民法院', level: 'basic', regionCode: '220102', basis: 'inferred' },
  { code: '吉0103', name: '长春市宽城区人民法院', level: 'basic', regionCode: '220103', basis: 'inferred' },
  { code: '吉0104', name: '长春市朝阳区人民法院', level: 'basic', regionCode: '220104', basis: 'inferred' },
  { code: '吉0105', name: '长春市二道区人民法院', level: 'basic', regionCode: '220105', basis: 'inferred' },
  { code: '吉0106', name: '长春市绿园区人民法院', level: 'basic', regionCode: '220106', basis: 'inferred' },
  { code: '吉0112', name: '长春市双阳区人民法院', level: 'basic', regionCode: '220112', basis: 'inferred' },
  { code: '吉0113', name: '长春市九台区人民法院', level: 'basic', regionCode: '220113', basis: 'inferred' },
  { code: '吉0122', name: '农安县人民法院', level: 'basic', regionCode: '220122', basis: 'inferred' },
  { code: '吉0182', name: '榆树市人民法院', level: 'basic', regionCode: '220182', basis: 'inferred' },
  { code: '吉0183', name: '德惠市人民法院', level: 'basic', regionCode: '220183', basis: 'inferred' },
  // The court keeps its old code until the court itself is adjusted (法〔2015〕137号 §13), so
  // after the move to 长春 either code may appear.
  {
    code: '吉0381',
    name: '公主岭市人民法院（旧代字）',
    level: 'basic',
    regionCode: '220381',
    basis: 'unverified',
    note: '划归长春前的代字；是否仍在使用未核实',
  },
  {
    code: '吉0184',
    name: '公主岭市人民法院',
    level: 'basic',
    regionCode: '220184',
    basis: 'unverified',
    note: '按新区划推得；是否已启用未核实',
  },
  // 开发区法院 and 长春铁路运输法院 have codes not derivable from the rule: add when known.
];

const COURT_BY_CODE: ReadonlyMap<string, TCourt> = new Map(COURTS.map((c) => [c.code, c]));

export function findCourt(code: string): TCourt | undefined {
  return COURT_BY_CODE.get(code);
}

/** 高院代字 per province prefix; only Jilin so far (the rule: the province abbreviation). */
export const PROVINCE_COURT_ABBREVIATIONS: Readonly<Record<string, string>> = { '22': '吉' };

/**
 * The court code the rule predicts for a region: 中院 = 高院代字 + digits 3–4 of the prefecture
 * code, 基层 = 高院代字 + digits 3–6 of the county code. A prediction, not an official code.
 */
export function deriveCourtCode(regionCode: string): string | undefined {
  if (!/^\d{6}$/.test(regionCode)) return undefined;
  const abbr = PROVINCE_COURT_ABBREVIATIONS[regionCode.slice(0, 2)];
  if (!abbr) return undefined;
  if (regionCode.endsWith('0000')) return abbr;
  if (regionCode.endsWith('00')) return abbr + regionCode.slice(2, 4);
  return abbr + regionCode.slice(2, 6);
}
