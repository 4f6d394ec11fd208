/**
 * 罪名 table: the seven pilot charges and other common ones, as data.
 * Source: shared/domain/cases-and-codes.md §5–6. 刑法 as amended through 修正案(十一) (2021-03-01).
 * Ranges and thresholds are summaries for display and triage, not legal advice; the local
 * (吉林) amount figures within the national bands are unverified.
 */
import { z } from 'zod';

/**
 * How far an entry was checked: `confirmed` against a rule text, `secondary` only via a
 * secondary source, `statutory_unchecked` standard statute text not re-checked (the doc's †).
 */
export type TSourceMark = 'confirmed' | 'secondary' | 'statutory_unchecked';

export type TCharge = {
  readonly zh: string;
  readonly en: string;
  /** 刑法 article, e.g. '133之一', '303'. */
  readonly article: string;
  /** 款 (paragraph) where the charge is one paragraph of a shared article. */
  readonly paragraph?: number;
  /** One of the seven fully-online case types of the Changchun pilot (list from the brief, unverified). */
  readonly pilot: boolean;
  readonly ranges: string;
  /** The heaviest principal penalty the article allows (刑法 33: 管制 < 拘役 < 有期徒刑 < 无期徒刑 < 死刑). */
  readonly maxPenalty: TPenalty;
  readonly thresholds?: string;
  readonly source: TSourceMark;
};

/** 主刑 (刑法 33), lightest first; 罚金 alone is an additional penalty (刑法 34) that may be imposed on its own. */
export const PENALTIES = {
  fine: { zh: '罚金', en: 'Fine' },
  public_surveillance: { zh: '管制', en: 'Public surveillance' },
  criminal_detention: { zh: '拘役', en: 'Criminal detention' },
  fixed_term: { zh: '有期徒刑', en: 'Fixed-term imprisonment' },
  life: { zh: '无期徒刑', en: 'Life imprisonment' },
  death: { zh: '死刑', en: 'Death' },
} as const;
export type TPenalty = keyof typeof PENALTIES;
const PENALTY_ORDER = Object.keys(PENALTIES) as TPenalty[];

/** The heavier of two penalties. */
export function heavierPenalty(a: TPenalty, b: TPenalty): TPenalty {
  return PENALTY_ORDER.indexOf(a) >= PENALTY_ORDER.indexOf(b) ? a : b;
}

/**
 * CPL 81: arrest needs a possible sentence of 有期徒刑 or more. True when the heaviest maximum
 * among the charges is below that (e.g. 危险驾驶, 刑法 133之一: 拘役 at most).
 */
export function belowFixedTerm(maxPenalty: TPenalty): boolean {
  return PENALTY_ORDER.indexOf(maxPenalty) < PENALTY_ORDER.indexOf('fixed_term');
}

/** 醉酒 under 刑法 133之一: blood alcohol ≥ 80 mg/100 ml (GB 19522 threshold used by the 2013/2023 opinions). */
export const DRUNK_DRIVING_BAC_MG_PER_100ML = 80;

export const CHARGES = {
  dangerous_driving: {
    zh: '危险驾驶罪',
    en: 'Dangerous driving',
    article: '133之一',
    maxPenalty: 'criminal_detention',
    pilot: true,
    ranges: '拘役（一个月以上六个月以下，刑法42条†），并处罚金',
    thresholds:
      '醉驾：血液酒精含量≥80mg/100ml；或追逐竞驶情节恶劣、校车/客运严重超员超速、违规运输危险化学品危及公共安全',
    source: 'confirmed',
  },
  theft: {
    zh: '盗窃罪',
    en: 'Theft',
    article: '264',
    maxPenalty: 'life',
    pilot: true,
    ranges: '三年以下有期徒刑、拘役或管制，并处或单处罚金；数额巨大三至十年；数额特别巨大十年以上或无期徒刑',
    thresholds:
      '数额较大1000–3000元，巨大3万–10万元，特别巨大30万–50万元（法释〔2013〕8号，各省定具体数额，吉林标准未核实）；多次、入户、携带凶器、扒窃不要求数额',
    source: 'confirmed',
  },
  traffic_accident: {
    zh: '交通肇事罪',
    en: 'Traffic-accident crime',
    article: '133',
    maxPenalty: 'fixed_term',
    pilot: true,
    ranges: '三年以下有期徒刑或拘役；逃逸或其他特别恶劣情节三至七年；因逃逸致人死亡七年以上',
    thresholds:
      '负全部或主要责任致1人死亡或3人重伤；同等责任致3人死亡；全部或主要责任致无力赔偿财产损失30万元以上；致1人重伤并有酒驾、毒驾、无证、明知车况不良、无牌、严重超载、逃逸等情形（法释〔2000〕33号）',
    source: 'confirmed',
  },
  intentional_injury: {
    zh: '故意伤害罪',
    en: 'Intentional injury',
    article: '234',
    maxPenalty: 'death',
    pilot: true,
    ranges: '三年以下有期徒刑、拘役或管制；致人重伤三至十年；致人死亡或以特别残忍手段致人重伤造成严重残疾十年以上、无期徒刑或死刑',
    thresholds: '经人体损伤程度鉴定达轻伤以上',
    source: 'confirmed',
  },
  picking_quarrels: {
    zh: '寻衅滋事罪',
    en: 'Picking quarrels and provoking trouble',
    article: '293',
    maxPenalty: 'fixed_term',
    pilot: true,
    ranges: '五年以下有期徒刑、拘役或管制；纠集他人多次实施，严重破坏社会秩序的五至十年，可并处罚金',
    thresholds:
      '随意殴打致1人以上轻伤或2人以上轻微伤；引起精神失常、自杀等；多次；持凶器；强拿硬要1000元以上或任意损毁、占用2000元以上（法释〔2013〕18号，二手来源）',
    source: 'confirmed',
  },
  fraud: {
    zh: '诈骗罪',
    en: 'Fraud',
    article: '266',
    maxPenalty: 'life',
    pilot: true,
    ranges: '三年以下有期徒刑、拘役或管制，并处或单处罚金；数额巨大三至十年；数额特别巨大十年以上或无期徒刑',
    thresholds: '数额较大3000–1万元，巨大3万–10万元，特别巨大50万元以上（法释〔2011〕7号，吉林标准未核实）',
    source: 'confirmed',
  },
  illegal_deposit_taking: {
    zh: '非法吸收公众存款罪',
    en: 'Illegally taking public deposits',
    article: '176',
    maxPenalty: 'fixed_term',
    pilot: true,
    ranges: '三年以下有期徒刑或拘役，并处或单处罚金；数额巨大三至十年；数额特别巨大十年以上（修正案十一后三档†）；提起公诉前积极退赃退赔可从轻†',
    thresholds:
      '非法性、公开性、利诱性、社会性。法释〔2022〕5号（2022-03-01起）：吸收100万元以上，或对象150人以上，或直接经济损失50万元以上（或50万元/损失25万元并有加重情节）；试点时期（法释〔2010〕18号）：个人20万元/30人/损失10万元，单位100万元/150人/损失50万元',
    source: 'confirmed',
  },

  homicide: {
    zh: '故意杀人罪',
    en: 'Intentional homicide',
    article: '232',
    maxPenalty: 'death',
    pilot: false,
    ranges: '死刑、无期徒刑或十年以上有期徒刑；情节较轻三至十年',
    source: 'statutory_unchecked',
  },
  robbery: {
    zh: '抢劫罪',
    en: 'Robbery',
    article: '263',
    maxPenalty: 'death',
    pilot: false,
    ranges: '三至十年有期徒刑；加重情节十年以上、无期徒刑或死刑',
    source: 'statutory_unchecked',
  },
  snatching: {
    zh: '抢夺罪',
    en: 'Snatching',
    article: '267',
    maxPenalty: 'life',
    pilot: false,
    ranges: '三年以下有期徒刑、拘役或管制；按数额递增',
    source: 'statutory_unchecked',
  },
  rape: {
    zh: '强奸罪',
    en: 'Rape',
    article: '236',
    maxPenalty: 'death',
    pilot: false,
    ranges: '三至十年有期徒刑；加重情节十年以上、无期徒刑或死刑',
    source: 'statutory_unchecked',
  },
  extortion: {
    zh: '敲诈勒索罪',
    en: 'Extortion',
    article: '274',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '数额较大或多次：三年以下有期徒刑、拘役或管制；三至十年；十年以上',
    thresholds: '数额较大2000–5000元（二手来源）',
    source: 'secondary',
  },
  group_fighting: {
    zh: '聚众斗殴罪',
    en: 'Group fighting',
    article: '292',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '首要分子和积极参加者三年以下；加重情节三至十年',
    source: 'statutory_unchecked',
  },
  running_gambling_house: {
    zh: '开设赌场罪',
    en: 'Running a gambling house',
    article: '303',
    maxPenalty: 'fixed_term',
    paragraph: 2,
    pilot: false,
    ranges: '五年以下；情节严重五至十年',
    source: 'statutory_unchecked',
  },
  gambling: {
    zh: '赌博罪',
    en: 'Gambling',
    article: '303',
    maxPenalty: 'fixed_term',
    paragraph: 1,
    pilot: false,
    ranges: '三年以下有期徒刑、拘役或管制',
    source: 'statutory_unchecked',
  },
  drug_trafficking: {
    zh: '走私、贩卖、运输、制造毒品罪',
    en: 'Drug trafficking',
    article: '347',
    maxPenalty: 'death',
    pilot: false,
    ranges: '无论数量多少均应追究；少量三年以下；数量大十五年以上、无期徒刑或死刑',
    source: 'statutory_unchecked',
  },
  harbouring_drug_use: {
    zh: '容留他人吸毒罪',
    en: 'Harbouring drug use',
    article: '354',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下有期徒刑、拘役或管制',
    source: 'statutory_unchecked',
  },
  concealing_criminal_proceeds: {
    zh: '掩饰、隐瞒犯罪所得、犯罪所得收益罪',
    en: 'Concealing criminal proceeds',
    article: '312',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下；情节严重三至七年',
    source: 'statutory_unchecked',
  },
  aiding_cyber_crime: {
    zh: '帮助信息网络犯罪活动罪',
    en: 'Aiding information-network crime',
    article: '287之二',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下有期徒刑或拘役，并处或单处罚金',
    source: 'confirmed',
  },
  obstructing_officials: {
    zh: '妨害公务罪',
    en: 'Obstructing public officials',
    article: '277',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下有期徒刑、拘役、管制或罚金',
    source: 'statutory_unchecked',
  },
  assaulting_police: {
    zh: '袭警罪',
    en: 'Assaulting a police officer',
    article: '277',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下有期徒刑、拘役或管制（较重情形另有加重档，未核实）',
    thresholds: '修正案(十一)设立；所在款次未核实',
    source: 'statutory_unchecked',
  },
  embezzlement_by_employee: {
    zh: '职务侵占罪',
    en: 'Embezzlement by an employee',
    article: '271',
    maxPenalty: 'life',
    pilot: false,
    ranges: '三年以下；三至十年；十年以上或无期徒刑',
    source: 'statutory_unchecked',
  },
  infringing_personal_information: {
    zh: '侵犯公民个人信息罪',
    en: 'Infringing citizens’ personal information',
    article: '253之一',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下；情节特别严重三至七年',
    source: 'statutory_unchecked',
  },
  contract_fraud: {
    zh: '合同诈骗罪',
    en: 'Contract fraud',
    article: '224',
    maxPenalty: 'life',
    pilot: false,
    ranges: '三年以下；三至十年；十年以上或无期徒刑',
    source: 'statutory_unchecked',
  },
  credit_card_fraud: {
    zh: '信用卡诈骗罪',
    en: 'Credit-card fraud',
    article: '196',
    maxPenalty: 'life',
    pilot: false,
    ranges: '五年以下；五至十年；十年以上或无期徒刑',
    source: 'statutory_unchecked',
  },
  illegal_detention: {
    zh: '非法拘禁罪',
    en: 'Illegal detention',
    article: '238',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下；致人重伤三至十年；致人死亡十年以上',
    source: 'statutory_unchecked',
  },
  intentional_property_damage: {
    zh: '故意毁坏财物罪',
    en: 'Intentional damage to property',
    article: '275',
    maxPenalty: 'fixed_term',
    pilot: false,
    ranges: '三年以下；三至七年',
    source: 'statutory_unchecked',
  },
} as const satisfies Record<string, TCharge>;

export type TChargeCode = keyof typeof CHARGES;
export const CHARGE_CODES = Object.keys(CHARGES) as TChargeCode[];

export const ZChargeCode = z.enum(CHARGE_CODES as [TChargeCode, ...TChargeCode[]], { error: '罪名代码无效' });

export const PILOT_CHARGE_CODES: readonly TChargeCode[] = CHARGE_CODES.filter((c) => CHARGES[c].pilot);

export function isChargeCode(code: string): code is TChargeCode {
  return Object.hasOwn(CHARGES, code);
}

export function getCharge(code: TChargeCode): TCharge {
  return CHARGES[code];
}

export function isPilotCharge(code: TChargeCode): boolean {
  return CHARGES[code].pilot;
}

/** Lookup by Chinese name; tolerates a missing trailing 罪 (users type 盗窃 for 盗窃罪). */
export function findChargeByZh(name: string): TChargeCode | undefined {
  const wanted = name.trim().replace(/罪$/, '');
  return CHARGE_CODES.find((c) => CHARGES[c].zh.replace(/罪$/, '') === wanted);
}

/** '刑法第133条之一', '刑法第303条第2款'. */
export function formatChargeArticle(code: TChargeCode): string {
  const c: TCharge = CHARGES[code];
  const m = /^(\d+)(之[一二三四五六七八九十]+)?$/.exec(c.article);
  const base = m ? `刑法第${m[1]}条${m[2] ?? ''}` : `刑法第${c.article}条`;
  return c.paragraph ? `${base}第${c.paragraph}款` : base;
}
