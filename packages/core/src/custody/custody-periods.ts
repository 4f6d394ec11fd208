/**
 * 羁押期限 per person: which period runs for a person under which measure and stage, how long,
 * under which article, and how an approved extension or a recalculation changes it. Pure: the
 * caller passes the start (a fact date: the detention or arrest time recorded on the person) and
 * the holiday calendar. processes.md "Deadline cheat-sheet", P1, P4, P8.
 *
 * CPL 105 ¶2: a custody period of a person held (在押期间) ends on its last day and is never
 * extended for holidays; 取保候审 and 监视居住 are not custody and move past holidays.
 */
import {
  calculateDeadline,
  civilDateInShanghai,
  deadlineEndInstant,
  excludePausedDays,
  extendDeadline,
  getTimer,
  type TCalendar,
  type TCivilDate,
  type TExplanationStep,
  type TPeriodUnit,
} from '../deadlines';

export const DETENTION_TRACKS = {
  standard: { requestDays: 3, maxDays: 10, zh: '一般' },
  extended: { requestDays: 7, maxDays: 14, zh: '特殊情况延长' },
  gang: { requestDays: 30, maxDays: 37, zh: '流窜、多次、结伙作案的重大嫌疑分子' },
} as const;
export type TDetentionTrack = keyof typeof DETENTION_TRACKS;

/** The periods a person's custody (or non-custodial measure) timer can run under. */
export const CUSTODY_PERIODS = {
  detention_request: {
    zh: '拘留后提请批准逮捕期限', en: 'Detention until the arrest request', measure: 'detention', amount: 3, unit: 'day', inCustody: true, article: 'CPL 91',
    startsZh: '拘留',
  },
  investigative: {
    zh: '侦查羁押期限', en: 'Investigative custody', measure: 'arrest', amount: 2, unit: 'month', inCustody: true, article: 'CPL 156', startsZh: '逮捕',
  },
  recalculated: {
    zh: '侦查羁押期限（重新计算）', en: 'Investigative custody (recalculated)', measure: 'arrest', amount: 2, unit: 'month', inCustody: true, article: 'CPL 160',
    startsZh: '发现另有重要罪行',
  },
  identified: {
    zh: '侦查羁押期限（自查清身份之日起）',
    en: 'Investigation custody from identification', measure: 'arrest', amount: 2, unit: 'month', inCustody: true, article: 'CPL 160 ¶2',
    startsZh: '查清犯罪嫌疑人身份',
  },
  prosecution_review: {
    zh: '审查起诉期限（羁押）', en: 'Review for prosecution (in custody)', measure: 'arrest', amount: 1, unit: 'month', inCustody: true, article: 'CPL 172',
    startsZh: '收到移送审查起诉的案件',
  },
  supplementary_investigation: {
    zh: '退回补充侦查期限（羁押）', en: 'Supplementary investigation (in custody)', measure: 'arrest', amount: 1, unit: 'month', inCustody: true, article: 'CPL 175',
    startsZh: '退回补充侦查',
  },
  trial: {
    zh: '一审审理期限（羁押）', en: 'First-instance trial (in custody)', measure: 'arrest', amount: 2, unit: 'month', inCustody: true, article: 'CPL 208',
    startsZh: '法院受理',
  },
  second_instance_trial: {
    zh: '二审审理期限（羁押）',
    en: 'Second-instance trial period (held)', measure: 'arrest', amount: 2, unit: 'month', inCustody: true, article: 'CPL 243',
    startsZh: '第二审人民法院受理',
  },
  trial_supplementary_investigation: {
    zh: '延期审理补充侦查期限（羁押）', en: 'Supplementary investigation during adjourned trial (in custody)', measure: 'arrest', amount: 1, unit: 'month', inCustody: true, article: 'CPL 204',
    startsZh: '延期审理',
  },
  bail: { zh: '取保候审期限', en: 'Bail pending trial', measure: 'bail', amount: 12, unit: 'month', inCustody: false, article: 'CPL 79', startsZh: '取保候审' },
  residential_surveillance: {
    zh: '监视居住期限', en: 'Residential surveillance', measure: 'residential_surveillance', amount: 6, unit: 'month', inCustody: false, article: 'CPL 79',
    startsZh: '监视居住',
  },
} as const satisfies Record<string, {
  zh: string; en: string; measure: string; amount: number; unit: Exclude<TPeriodUnit, 'hour'>; inCustody: boolean; article: string; startsZh: string;
}>;
export type TCustodyPeriodKind = keyof typeof CUSTODY_PERIODS;

/** One line of a custody deadline's explanation: why it runs (basis) and how the date was found. */
export type TCustodyStep = {
  code: string;
  article: string;
  zh: string;
  en: string;
  date?: TCivilDate;
};

export type TCustodyDeadline = {
  kind: TCustodyPeriodKind;
  zh: string;
  article: string;
  inCustody: boolean;
  startedOn: TCivilDate;
  due: TCivilDate;
  dueInstant: string;
  /** The P8 tiers already applied (1: CPL 156, 2: CPL 158, 3: CPL 159). */
  extensions: number[];
  explanation: TCustodyStep[];
};

/** A period's own length; the stage periods may carry a variant length (e.g. 1 month + 15 days). */
export type TPeriodLength = { amount: number; unit: Exclude<TPeriodUnit, 'hour'>; plus?: { amount: number; unit: Exclude<TPeriodUnit, 'hour'> } | null };

function fromSteps(steps: TExplanationStep[]): TCustodyStep[] {
  return steps.map((s) => ({ ...s }));
}

/**
 * Start a person's period on `start` (the civil day of the fact: detention, arrest, receipt).
 * For 拘留 the CPL 91 track picks 3 / 7 / 30 days.
 */
export function startCustodyPeriod(input: {
  kind: TCustodyPeriodKind;
  start: TCivilDate;
  calendar: TCalendar;
  track?: TDetentionTrack;
  length?: TPeriodLength;
  /** the article of the variant in force (e.g. 简易程序 CPL 220 rather than CPL 208) */
  article?: string;
}): TCustodyDeadline {
  const spec = { ...CUSTODY_PERIODS[input.kind], ...(input.article ? { article: input.article } : {}) };
  let amount: number = spec.amount;
  let unit: Exclude<TPeriodUnit, 'hour'> = spec.unit;
  if (input.kind === 'detention_request') amount = DETENTION_TRACKS[input.track ?? 'standard'].requestDays;
  if (input.length) ({ amount, unit } = input.length);
  const first = calculateDeadline({ start: input.start, amount, unit, inCustody: spec.inCustody, calendar: input.calendar });
  const plus = input.length?.plus;
  const r = plus
    ? extendDeadline({ previousDue: first.arithmeticDue, amount: plus.amount, unit: plus.unit, inCustody: spec.inCustody, calendar: input.calendar })
    : first;
  const unitZh = unit === 'month' ? '个月' : '日';
  const lengthZh = `${amount}${unitZh}${plus ? `又${plus.amount}${plus.unit === 'month' ? '个月' : '日'}` : ''}`;
  const track = input.kind === 'detention_request' ? `（${DETENTION_TRACKS[input.track ?? 'standard'].zh}）` : '';
  const basis: TCustodyStep = {
    code: 'CUSTODY_BASIS', article: spec.article, date: input.start,
    zh: `自${spec.startsZh}之日 ${input.start} 起计算${spec.zh}${track}${lengthZh}${spec.inCustody ? '，在押期间不因节假日顺延' : ''}。`,
    en: `${spec.zh} of ${amount} ${unit}(s) from ${input.start} (${spec.article}).`,
  };
  const steps = plus ? [...first.explanation.filter((s) => s.code !== 'END_OF_DAY'), ...r.explanation] : r.explanation;
  return {
    kind: input.kind, zh: spec.zh, article: spec.article, inCustody: spec.inCustody, startedOn: input.start,
    due: r.due, dueInstant: r.dueInstant, extensions: [], explanation: [basis, ...fromSteps(steps)],
  };
}

/**
 * The 拘留 maximum before the 检 decides: request period + 7 days review = 10 / 14 / 37 days (CPL 91);
 * `extraDays` approved on top of the standard 3 days (1–4, or up to 27) count the same way.
 */
export function detentionLegalMax(start: TCivilDate, track: TDetentionTrack, calendar: TCalendar, extraDays = 0): TCivilDate {
  return calculateDeadline({ start, amount: DETENTION_TRACKS[track].maxDays + extraDays, unit: 'day', inCustody: true, calendar }).due;
}

/**
 * CPL 91 ¶1–2: an approved extension of the time to request arrest (1–4 days, or to 30 days in
 * all) lengthens the running 拘留 request period by the days actually approved, from the same
 * detention day.
 */
export function extendDetentionRequest(current: TCustodyDeadline, days: number, calendar: TCalendar): TCustodyDeadline | null {
  if (current.kind !== 'detention_request' || !(days > 0)) return null;
  const r = extendDeadline({ previousDue: current.due, amount: days, unit: 'day', inCustody: true, calendar, article: 'CPL 91' });
  return {
    ...current,
    due: r.due,
    dueInstant: r.dueInstant,
    explanation: [
      ...current.explanation.filter((s) => s.code !== 'END_OF_DAY'),
      { code: 'CUSTODY_EXTENSION', article: 'CPL 91', zh: `经批准延长提请批准逮捕的时间 ${days} 日。`, en: `Time to request arrest extended by ${days} day(s) as approved.` },
      ...fromSteps(r.explanation),
    ],
  };
}

/** CPL 91 ¶3, 92: 不批准逮捕 — a person held is released at once: the custody limit becomes `day`. */
export function releaseAtOnce(current: TCustodyDeadline, day: TCivilDate): TCustodyDeadline {
  if (current.due <= day) return current;
  return {
    ...current,
    due: day,
    dueInstant: deadlineEndInstant(day),
    explanation: [
      ...current.explanation.filter((s) => s.code !== 'END_OF_DAY'),
      { code: 'RELEASE_AT_ONCE', article: 'CPL 91 ¶3', date: day, zh: `人民检察院不批准逮捕，应当立即释放或变更强制措施：羁押至迟于 ${day} 当日结束。`, en: `Arrest refused: release at once, custody ends on ${day}.` },
    ],
  };
}

export const EXTENSION_TIERS = [1, 2, 3] as const;
export type TExtensionTier = (typeof EXTENSION_TIERS)[number];

export type TExtendResult = { ok: true; deadline: TCustodyDeadline } | { ok: false; reason: 'not_investigative' | 'already_applied'; zh: string };

/**
 * A P8 approved extension (CPL 156 +1 month, 158 +2, 159 +2) runs on from the current legal
 * expiry of the same person's running 侦查羁押 timer: the timer is extended in place.
 */
export function extendInvestigativeCustody(current: TCustodyDeadline, tier: TExtensionTier, calendar: TCalendar): TExtendResult {
  if (!INVESTIGATIVE_KINDS.includes(current.kind)) {
    return { ok: false, reason: 'not_investigative', zh: '当前不是侦查羁押期限，不能延长侦查羁押期限' };
  }
  if (current.extensions.includes(tier)) return { ok: false, reason: 'already_applied', zh: '该档次的延长已经批准过' };
  const ext = getTimer('INVESTIGATIVE_CUSTODY').extensions[tier - 1]!;
  const r = extendDeadline({ previousDue: current.due, amount: ext.amount, unit: ext.unit, inCustody: true, calendar, article: ext.article });
  return {
    ok: true,
    deadline: {
      ...current,
      due: r.due,
      dueInstant: r.dueInstant,
      extensions: [...current.extensions, tier],
      explanation: [
        ...current.explanation.filter((s) => s.code !== 'END_OF_DAY'),
        { code: 'CUSTODY_EXTENSION', article: ext.article, zh: `经批准延长侦查羁押期限（${ext.zh}）。`, en: ext.en },
        ...fromSteps(r.explanation),
      ],
    },
  };
}

export type TRecalculateResult =
  | { ok: true; deadline: TCustodyDeadline }
  | { ok: false; reason: 'not_investigative' | 'before_start'; zh: string };

/**
 * The running 侦查羁押 period restarts from a later fact day as `kind` (CPL 160 ¶1 discovery,
 * ¶2 identification): two months from that day, the reason first in its explanation.
 */
function restartInvestigative(
  current: TCustodyDeadline, day: TCivilDate, kind: 'recalculated' | 'identified', calendar: TCalendar,
  why: { code: string; zhNotInvestigative: string; zhBeforeStart: string; zh: string; en: string },
): TRecalculateResult {
  if (!INVESTIGATIVE_KINDS.includes(current.kind)) return { ok: false, reason: 'not_investigative', zh: why.zhNotInvestigative };
  if (day < current.startedOn) return { ok: false, reason: 'before_start', zh: `${why.zhBeforeStart}不能早于羁押期限起算日 ${current.startedOn}` };
  const next = startCustodyPeriod({ kind, start: day, calendar });
  const article = CUSTODY_PERIODS[kind].article;
  return { ok: true, deadline: { ...next, explanation: [{ code: why.code, article, date: day, zh: why.zh, en: why.en }, ...next.explanation] } };
}

/**
 * CPL 160: another major crime found during investigation — the same running 侦查羁押 timer
 * restarts: two months from the discovery day (CPL 156 extensions may then be sought anew).
 */
export function recalculateInvestigativeCustody(current: TCustodyDeadline, discovered: TCivilDate, calendar: TCalendar): TRecalculateResult {
  return restartInvestigative(current, discovered, 'recalculated', calendar, {
    code: 'CUSTODY_RECALCULATED', zhNotInvestigative: '只有逮捕后的侦查羁押期限可以重新计算（CPL 160）', zhBeforeStart: '发现另有重要罪行之日',
    zh: `侦查期间发现另有重要罪行，原侦查羁押期限（至 ${current.due}）自发现之日起重新计算。`,
    en: `Another major crime found: custody recalculated from the discovery day (previous expiry ${current.due}).`,
  });
}

/** The investigative periods (CPL 156, 160): those P8 extends and CPL 160 restarts. */
export const INVESTIGATIVE_KINDS: readonly TCustodyPeriodKind[] = ['investigative', 'recalculated', 'identified'];

/**
 * CPL 160 ¶2: a suspect who does not give true name and address, identity unknown — the 侦查羁押
 * period runs from the day the identity is established (investigation goes on meanwhile): the
 * running period restarts, two months from that day.
 */
export function startFromIdentification(current: TCustodyDeadline, identified: TCivilDate, calendar: TCalendar): TRecalculateResult {
  return restartInvestigative(current, identified, 'identified', calendar, {
    code: 'CUSTODY_IDENTIFIED', zhNotInvestigative: '只有逮捕后的侦查羁押期限自查清身份之日起计算（CPL 160 ¶2）', zhBeforeStart: '查清身份之日',
    zh: `犯罪嫌疑人不讲真实姓名、住址，身份不明：侦查羁押期限自查清其身份之日 ${identified} 起计算（原计至 ${current.due}）。`,
    en: `Identity established on ${identified}: investigative custody runs from that day (CPL 160 ¶2; previously to ${current.due}).`,
  });
}

export type TPauseResult = { ok: true; deadline: TCustodyDeadline } | { ok: false; reason: 'not_custody' | 'already_paused' | 'not_paused' | 'before_start' | 'before_pause'; zh: string };

/**
 * CPL 149: the time of a 精神病鉴定 of the suspect is not counted in the 办案期限 — the running
 * custody period stops counting on `pausedOn` (recorded in its explanation). Only a custody
 * period pauses; 取保候审 / 监视居住 run on.
 */
export function pauseCustody(current: TCustodyDeadline & { pausedOn?: TCivilDate | null }, pausedOn: TCivilDate, reasonZh: string): TPauseResult {
  if (!current.inCustody) return { ok: false, reason: 'not_custody', zh: '只有羁押期限因精神病鉴定不计入办案期限（CPL 149）；取保候审、监视居住照常计算' };
  if (current.pausedOn) return { ok: false, reason: 'already_paused', zh: `该期限已自 ${current.pausedOn} 起中止计算` };
  if (pausedOn < current.startedOn) return { ok: false, reason: 'before_start', zh: `鉴定开始之日不能早于期限起算日 ${current.startedOn}` };
  return {
    ok: true,
    deadline: {
      ...current,
      explanation: [
        ...current.explanation,
        {
          code: 'PAUSED', article: 'CPL 149', date: pausedOn,
          zh: `自 ${pausedOn} 起${reasonZh}，鉴定期间不计入办案期限（刑事诉讼法第一百四十九条）；恢复计算后期限相应顺延。`,
          en: `Not counted from ${pausedOn} (CPL 149: psychiatric assessment); the last day moves on when it runs again.`,
        },
      ],
    },
  };
}

/** CPL 149: the assessment is over — the period counts on, its last day moved by exactly the days paused. */
export function resumeCustody(current: TCustodyDeadline & { pausedOn?: TCivilDate | null }, resumedOn: TCivilDate, reasonZh: string, calendar: TCalendar): TPauseResult {
  if (!current.pausedOn) return { ok: false, reason: 'not_paused', zh: '该期限没有中止计算' };
  if (resumedOn < current.pausedOn) return { ok: false, reason: 'before_pause', zh: `恢复计算之日不能早于中止之日 ${current.pausedOn}` };
  const r = excludePausedDays({ previousDue: current.due, pausedOn: current.pausedOn, resumedOn, article: 'CPL 149', reasonZh, inCustody: current.inCustody, calendar });
  return {
    ok: true,
    deadline: {
      ...current,
      due: r.due,
      dueInstant: r.dueInstant,
      explanation: [...current.explanation.filter((s) => s.code !== 'END_OF_DAY'), ...fromSteps(r.explanation)],
    },
  };
}

/** The civil day (Shanghai) of a fact instant. */
export function factDay(at: Date): TCivilDate {
  return civilDateInShanghai(at.getTime());
}
