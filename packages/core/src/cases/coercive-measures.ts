/**
 * 强制措施: the five coercive measures of the CPL, as data, and the person-level state machine.
 * Source: shared/domain/cases-and-codes.md §7 and processes.md P4. Articles: CPL 2018 numbering.
 */
import { z } from 'zod';
import type { TAgencyType } from '../agencies';

/**
 * How long a measure may last. Deadlines themselves (calendar, holidays, custody exception)
 * are computed elsewhere; this is the statutory cap to feed them.
 */
export type TMeasureLimit =
  | {
      kind: 'hours';
      hours: number;
      /** Longer cap for 案情特别重大、复杂 cases needing 拘留/逮捕. */
      extendedHours: number;
      note: string;
    }
  | { kind: 'months'; months: number; note?: string }
  | {
      kind: 'days_to_request_arrest';
      /** Days to file 提请批准逮捕: ordinary / special (+1–4) / 流窜、多次、结伙 重大嫌疑分子. */
      requestDays: readonly [3, 7, 30];
      /** 检 decides within 7 days of receipt (detained suspect). */
      reviewDays: 7;
      /** requestDays + reviewDays: 10 / 14 / 37. */
      totalDays: readonly [10, 14, 37];
      note: string;
    }
  | { kind: 'stage_bounded'; note: string };

export type TCoerciveMeasureDef = {
  readonly zh: string;
  readonly en: string;
  readonly decidedBy: readonly TAgencyType[];
  readonly executedBy: readonly TAgencyType[];
  readonly limit: TMeasureLimit;
  /** Held in 看守所: custody periods never extend for holidays (CPL 105) and 所 must mirror changes. */
  readonly custodial: boolean;
  readonly articles: readonly string[];
  readonly note?: string;
};

export const COERCIVE_MEASURES = {
  summons: {
    zh: '拘传',
    en: 'Compelled appearance',
    decidedBy: ['court', 'procuratorate', 'police'],
    // Executed by the deciding organ itself.
    executedBy: ['court', 'procuratorate', 'police'],
    limit: {
      kind: 'hours',
      hours: 12,
      extendedHours: 24,
      note: '案情特别重大、复杂，需要采取拘留、逮捕措施的，不得超过24小时；不得以连续拘传的方式变相拘禁',
    },
    custodial: false,
    articles: ['CPL 119'],
  },
  bail: {
    zh: '取保候审',
    en: 'Bail pending trial',
    decidedBy: ['court', 'procuratorate', 'police'],
    executedBy: ['police'],
    limit: { kind: 'months', months: 12 },
    custodial: false,
    articles: ['CPL 79', 'CPL 67 †', 'CPL 68 †'],
    note: '保证人或保证金；保证金起点1000元（未成年人500元）未核实；各阶段期限是否重新计算未核实',
  },
  residential_surveillance: {
    zh: '监视居住',
    en: 'Residential surveillance',
    decidedBy: ['court', 'procuratorate', 'police'],
    executedBy: ['police'],
    limit: { kind: 'months', months: 6 },
    custodial: false,
    articles: ['CPL 79', 'CPL 75 (sec.)', 'CPL 76 †'],
    note: '指定居所监视居住：24小时内通知家属；折抵刑期：1日折管制1日，2日折拘役/有期徒刑1日',
  },
  detention: {
    zh: '拘留',
    en: 'Criminal detention',
    // 检 detains only in cases it investigates itself (CPL 165–167).
    decidedBy: ['police', 'procuratorate'],
    executedBy: ['police'],
    limit: {
      kind: 'days_to_request_arrest',
      requestDays: [3, 7, 30],
      reviewDays: 7,
      totalDays: [10, 14, 37],
      note: '拘留后3日内提请批捕，特殊情况延长1–4日，流窜、多次、结伙作案的重大嫌疑分子至30日；检察院7日内决定；检察院自侦案件14日内决定（可延长1–3日，二手来源）',
    },
    custodial: true,
    articles: ['CPL 82 †', 'CPL 85', 'CPL 86', 'CPL 91'],
  },
  arrest: {
    zh: '逮捕',
    en: 'Arrest',
    // 检 批准 (police cases) or 决定 (own cases); 法 决定 during trial.
    decidedBy: ['procuratorate', 'court'],
    executedBy: ['police'],
    limit: {
      kind: 'stage_bounded',
      note: '逮捕本身无期限；羁押受各阶段期限约束：侦查羁押2个月（可延长至3/5/7个月，CPL 156–159）、审查起诉、审判期限',
    },
    custodial: true,
    articles: ['CPL 80', 'CPL 81 †', 'CPL 156–159'],
  },
} as const satisfies Record<string, TCoerciveMeasureDef>;

export type TCoerciveMeasure = keyof typeof COERCIVE_MEASURES;
export const COERCIVE_MEASURE_CODES = Object.keys(COERCIVE_MEASURES) as TCoerciveMeasure[];
export const ZCoerciveMeasure = z.enum(COERCIVE_MEASURE_CODES as [TCoerciveMeasure, ...TCoerciveMeasure[]], {
  error: '强制措施应为：summons（拘传）、bail（取保候审）、residential_surveillance（监视居住）、detention（拘留）、arrest（逮捕）',
});

/**
 * Where a person stands: no measure (`free`), under one of the five measures, released from
 * measures while the case goes on (`released`), or sentenced by an effective judgment (terminal
 * here; execution is the post-judgment domain).
 */
export const PERSON_MEASURE_STATES = ['free', ...COERCIVE_MEASURE_CODES, 'released', 'sentenced'] as const;
export type TPersonMeasureState = (typeof PERSON_MEASURE_STATES)[number];

const STATE_ZH: Record<'free' | 'released' | 'sentenced', string> = {
  free: '未采取强制措施',
  released: '已释放/解除强制措施',
  sentenced: '已判决',
};

export function personMeasureStateZh(state: TPersonMeasureState): string {
  return state === 'free' || state === 'released' || state === 'sentenced' ? STATE_ZH[state] : COERCIVE_MEASURES[state].zh;
}

const NON_CUSTODIAL = ['bail', 'residential_surveillance'] as const;

/**
 * processes.md P4: FREE → 拘传 → 拘留 → 逮捕 ⇄ 取保候审/监视居住 → RELEASED/SENTENCED, made explicit.
 * One table, so the rule can be read (and diagrammed) in one place.
 */
export const PERSON_MEASURE_TRANSITIONS: Readonly<Record<TPersonMeasureState, readonly TPersonMeasureState[]>> = {
  // Any measure may be the first: 取保/监视居住 and 逮捕 of a suspect at liberty need no prior 拘留.
  free: ['summons', 'bail', 'residential_surveillance', 'detention', 'arrest'],
  // CPL 119: after 12 (24) h the person goes free or a further measure is taken; never a second
  // 拘传 straight after the first (连续拘传 is disguised detention).
  summons: ['free', 'bail', 'residential_surveillance', 'detention', 'arrest'],
  // CPL 91: within the period, 提请批捕 → 逮捕, or release / 取保候审 / 监视居住.
  detention: ['arrest', ...NON_CUSTODIAL, 'released'],
  // P4: 逮捕 ⇄ 取保候审/监视居住 (羁押必要性审查, CPL 95–99), release, or judgment.
  arrest: [...NON_CUSTODIAL, 'released', 'sentenced'],
  // Between the non-custodial measures in either direction; a breach may lead to 拘留 (先行拘留)
  // or 逮捕; the term may end with release or judgment.
  bail: ['residential_surveillance', 'detention', 'arrest', 'released', 'sentenced'],
  residential_surveillance: ['bail', 'detention', 'arrest', 'released', 'sentenced'],
  // Released while the case goes on (e.g. after 不批准逮捕): measures may be taken again.
  released: ['summons', 'bail', 'residential_surveillance', 'detention', 'arrest'],
  sentenced: [],
};

export function canApplyMeasure(current: TPersonMeasureState, next: TPersonMeasureState): boolean {
  return PERSON_MEASURE_TRANSITIONS[current].includes(next);
}

export function isCustodial(state: TPersonMeasureState): boolean {
  return state === 'detention' || state === 'arrest';
}

export type TCustodyStatus = 'in_custody' | 'not_in_custody';

/** 羁押 status derived from the measure, never stored separately. */
export function custodyStatus(state: TPersonMeasureState): TCustodyStatus {
  return isCustodial(state) ? 'in_custody' : 'not_in_custody';
}

/** P4: a change that moves the person into or out of custody must also be sent to 看守所. */
export function custodyChanges(current: TPersonMeasureState, next: TPersonMeasureState): boolean {
  return isCustodial(current) !== isCustodial(next);
}

/** Current state after a chronological list of measures; 'free' when none. */
export function currentMeasureState(measures: readonly { measure: TPersonMeasureState }[]): TPersonMeasureState {
  return measures.at(-1)?.measure ?? 'free';
}
