/**
 * The statutory timers the platform runs (processes.md, "Deadline cheat-sheet"), as data.
 *
 * Custody (CPL 105 ¶ on 在押期间): "犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日
 * 而延长". We read it as: a period during which the person is held and whose expiry decides whether
 * the holding stays lawful. Hence three classes:
 *  - 'always'     the period exists only for a held person (拘留 → 提请批捕, 审查逮捕 of a detainee,
 *                 侦查羁押, delivery of a convict to prison, 24/48 h limits on a detainee);
 *  - 'ifDetained' an agency's handling period that doubles as the custody period when the person is
 *                 held (审查起诉, 补充侦查, 审理期限, …): the 换押证 records it as the custody period;
 *  - 'never'      a party's own time limit (上诉 window: moving it only helps the person, and a
 *                 timely appeal must never be refused), non-custodial measures (取保候审,
 *                 监视居住), and 立案监督 periods.
 * Treating a borderline agency period as custody gives the earlier date, i.e. the cautious one.
 * See README.md "Open legal questions".
 */
import { calculateDeadline, extendDeadline, type TDeadlineResult, type TPeriodUnit } from './calculate';
import type { TCalendar } from './calendar';
import type { TCivilDate } from './civil-date';

export const CUSTODY_CLASSES = {
  always: { zh: '在押期间（不因节假日顺延）', en: 'Custody period: never extended for holidays' },
  ifDetained: { zh: '当事人在押时为羁押期间', en: 'Custody period when the person is held' },
  never: { zh: '非羁押期间（节假日顺延）', en: 'Not a custody period: moves past holidays' },
} as const;
export type TCustodyClass = keyof typeof CUSTODY_CLASSES;

/** 'statute': checked against statute text; 'secondary': only via a secondary source (sec.). */
export type TTimerSource = 'statute' | 'secondary';

export type TTimerExtension = {
  amount: number;
  unit: Exclude<TPeriodUnit, 'hour'>;
  zh: string;
  en: string;
  article: string;
};

export type TStatutoryTimer = {
  id: string;
  zh: string;
  en: string;
  /** The event whose day (or hour) is the uncounted start. */
  startsAt: { zh: string; en: string };
  amount: number;
  unit: TPeriodUnit;
  /** 'after' = a period from the start; 'before' = a lead time before another timer's expiry. */
  direction: 'after' | 'before';
  custody: TCustodyClass;
  article: string;
  source: TTimerSource;
  /** Approved extensions, in order; each runs on from the previous expiry. */
  extensions: readonly TTimerExtension[];
  notes?: string;
};

const t = <const T extends readonly TStatutoryTimer[]>(rows: T): T => rows;

export const STATUTORY_TIMERS = t([
  {
    id: 'DETENTION_TO_ARREST_REQUEST',
    zh: '拘留后提请批准逮捕',
    en: 'Arrest request after detention',
    startsAt: { zh: '拘留', en: 'detention' },
    amount: 3,
    unit: 'day',
    direction: 'after',
    custody: 'always',
    article: 'CPL 91',
    source: 'statute',
    extensions: [],
    notes: 'Special cases may extend by 1–4 days (see _EXTENDED); 流窜/多次/结伙 up to 30 days (see _GANG).',
  },
  {
    id: 'DETENTION_TO_ARREST_REQUEST_EXTENDED',
    zh: '拘留后提请批准逮捕（特殊情况延长）',
    en: 'Arrest request after detention (special case, max)',
    startsAt: { zh: '拘留', en: 'detention' },
    amount: 7,
    unit: 'day',
    direction: 'after',
    custody: 'always',
    article: 'CPL 91',
    source: 'statute',
    extensions: [],
    notes: '3 days + up to 4; the actual extension may be 1–4 days.',
  },
  {
    id: 'DETENTION_TO_ARREST_REQUEST_GANG',
    zh: '拘留后提请批准逮捕（流窜、多次、结伙作案）',
    en: 'Arrest request after detention (roving/serial/gang suspects)',
    startsAt: { zh: '拘留', en: 'detention' },
    amount: 30,
    unit: 'day',
    direction: 'after',
    custody: 'always',
    article: 'CPL 91',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'ARREST_REVIEW_DETAINED',
    zh: '审查逮捕（已被拘留）',
    en: 'Arrest review (suspect detained)',
    startsAt: { zh: '收到提请批准逮捕书', en: 'receipt of the arrest request' },
    amount: 7,
    unit: 'day',
    direction: 'after',
    custody: 'always',
    article: 'CPL 91',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'ARREST_REVIEW_NOT_DETAINED',
    zh: '审查逮捕（未被拘留）',
    en: 'Arrest review (suspect not detained)',
    startsAt: { zh: '收到提请批准逮捕书', en: 'receipt of the arrest request' },
    amount: 15,
    unit: 'day',
    direction: 'after',
    custody: 'never',
    article: '规则 282',
    source: 'secondary',
    extensions: [
      {
        amount: 5,
        unit: 'day',
        zh: '重大、复杂（共 20 日）',
        en: 'Major/complex (20 days in all)',
        article: '规则 282',
      },
    ],
  },
  {
    id: 'FAMILY_NOTICE',
    zh: '拘留/逮捕后通知家属',
    en: 'Family notice after detention/arrest',
    startsAt: { zh: '拘留或逮捕', en: 'detention or arrest' },
    amount: 24,
    unit: 'hour',
    direction: 'after',
    custody: 'always',
    article: 'CPL 85, 93',
    source: 'statute',
    extensions: [],
    notes: 'Statutory exceptions (no way to notify; for 拘留 also obstruction of investigation in listed cases).',
  },
  {
    id: 'FIRST_INTERROGATION',
    zh: '拘留/逮捕后讯问',
    en: 'First interrogation after detention/arrest',
    startsAt: { zh: '拘留或逮捕', en: 'detention or arrest' },
    amount: 24,
    unit: 'hour',
    direction: 'after',
    custody: 'always',
    article: 'CPL 86, 94',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'INVESTIGATIVE_CUSTODY',
    zh: '侦查羁押期限',
    en: 'Investigative custody after arrest',
    startsAt: { zh: '逮捕', en: 'arrest' },
    amount: 2,
    unit: 'month',
    direction: 'after',
    custody: 'always',
    article: 'CPL 156',
    source: 'statute',
    extensions: [
      {
        amount: 1,
        unit: 'month',
        zh: '案情复杂，上一级检察院批准',
        en: 'Complex case, approved by the next-higher procuratorate',
        article: 'CPL 156',
      },
      {
        amount: 2,
        unit: 'month',
        zh: 'CPL 158 所列情形，省级检察院批准',
        en: 'CPL 158 cases, approved by the provincial procuratorate',
        article: 'CPL 158',
      },
      {
        amount: 2,
        unit: 'month',
        zh: '可能判处十年以上，省级检察院批准',
        en: 'Possible sentence ≥10 years, provincial procuratorate',
        article: 'CPL 159',
      },
    ],
    notes: 'Recalculated from discovery of another major crime (CPL 160); special cases via 最高检 → NPCSC (CPL 157).',
  },
  {
    id: 'EXTENSION_REQUEST_LEAD',
    zh: '提请延长侦查羁押期限提前量',
    en: 'Lead time for a custody extension request',
    startsAt: { zh: '侦查羁押期限届满', en: 'custody expiry' },
    amount: 7,
    unit: 'day',
    direction: 'before',
    custody: 'always',
    article: '程序规定 148–150',
    source: 'secondary',
    extensions: [],
    notes: 'At least 7 days before expiry; late requests are not accepted (规则 309, sec.).',
  },
  {
    id: 'PROSECUTION_REVIEW',
    zh: '审查起诉',
    en: 'Prosecution review',
    startsAt: { zh: '收到移送审查起诉的案件', en: 'receipt of the case for prosecution' },
    amount: 1,
    unit: 'month',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 172',
    source: 'statute',
    extensions: [{ amount: 15, unit: 'day', zh: '重大、复杂', en: 'Major/complex', article: 'CPL 172' }],
    notes: 'Restarts in full after supplementary investigation (CPL 175) or change of jurisdiction.',
  },
  {
    id: 'PROSECUTION_REVIEW_FAST_TRACK',
    zh: '审查起诉（速裁）',
    en: 'Prosecution review (fast-track)',
    startsAt: { zh: '收到移送审查起诉的案件', en: 'receipt of the case for prosecution' },
    amount: 10,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 172',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'PROSECUTION_REVIEW_FAST_TRACK_OVER_1Y',
    zh: '审查起诉（速裁，可能判处一年以上）',
    en: 'Prosecution review (fast-track, possible term over 1 year)',
    startsAt: { zh: '收到移送审查起诉的案件', en: 'receipt of the case for prosecution' },
    amount: 15,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 172',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'SUPPLEMENTARY_INVESTIGATION',
    zh: '退回补充侦查',
    en: 'Supplementary investigation',
    startsAt: { zh: '退回公安机关', en: 'return to the police' },
    amount: 1,
    unit: 'month',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 175',
    source: 'statute',
    extensions: [],
    notes: 'At most twice.',
  },
  {
    id: 'COURT_ACCEPTANCE_REVIEW',
    zh: '法院立案审查',
    en: 'Court acceptance review',
    startsAt: { zh: '收到起诉书', en: 'receipt of the indictment' },
    amount: 7,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: '高法解释 219',
    source: 'secondary',
    extensions: [],
  },
  {
    id: 'TRIAL_ORDINARY',
    zh: '一审（普通程序）',
    en: 'First-instance trial (ordinary)',
    startsAt: { zh: '受理', en: 'acceptance' },
    amount: 2,
    unit: 'month',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 208',
    source: 'statute',
    extensions: [
      {
        amount: 1,
        unit: 'month',
        zh: '至迟不得超过三个月',
        en: 'Up to three months at the latest',
        article: 'CPL 208',
      },
      {
        amount: 3,
        unit: 'month',
        zh: '死刑/附带民事/CPL 158 情形，上一级法院批准',
        en: 'Death penalty / civil claim / CPL 158 cases, higher court approval',
        article: 'CPL 208',
      },
    ],
    notes: 'Beyond that via the SPC. Restarts when 检 returns from supplementary investigation.',
  },
  {
    id: 'TRIAL_SIMPLIFIED',
    zh: '一审（简易程序）',
    en: 'First-instance trial (simplified)',
    startsAt: { zh: '受理', en: 'acceptance' },
    amount: 20,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 220',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'TRIAL_SIMPLIFIED_OVER_3Y',
    zh: '一审（简易程序，可能判处三年以上）',
    en: 'First-instance trial (simplified, possible term over 3 years)',
    startsAt: { zh: '受理', en: 'acceptance' },
    amount: 1.5,
    unit: 'month',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 220',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'TRIAL_SUMMARY',
    zh: '一审（速裁程序）',
    en: 'First-instance trial (fast-track)',
    startsAt: { zh: '受理', en: 'acceptance' },
    amount: 10,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 225',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'TRIAL_SUMMARY_OVER_1Y',
    zh: '一审（速裁程序，可能判处一年以上）',
    en: 'First-instance trial (fast-track, possible term over 1 year)',
    startsAt: { zh: '受理', en: 'acceptance' },
    amount: 15,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 225',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'APPEAL_WINDOW_JUDGMENT',
    zh: '不服判决的上诉、抗诉期限',
    en: 'Appeal/protest window (judgment)',
    startsAt: { zh: '接到判决书', en: 'receipt of the judgment' },
    amount: 10,
    unit: 'day',
    direction: 'after',
    custody: 'never',
    article: 'CPL 230',
    source: 'statute',
    extensions: [],
    notes: 'CPL 230 "从接到…的第二日起算" is the CPL 105 start-day exclusion: pass the receipt day as start.',
  },
  {
    id: 'APPEAL_WINDOW_RULING',
    zh: '不服裁定的上诉、抗诉期限',
    en: 'Appeal/protest window (ruling)',
    startsAt: { zh: '接到裁定书', en: 'receipt of the ruling' },
    amount: 5,
    unit: 'day',
    direction: 'after',
    custody: 'never',
    article: 'CPL 230',
    source: 'statute',
    extensions: [],
    notes: 'Pass the receipt day as start (see APPEAL_WINDOW_JUDGMENT).',
  },
  {
    id: 'EXECUTION_DOCS',
    zh: '交付执行法律文书送达',
    en: 'Execution documents to the executing agency',
    startsAt: { zh: '判决生效', en: 'judgment becomes effective' },
    amount: 10,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 264',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'PRISON_DELIVERY',
    zh: '看守所将罪犯送交监狱',
    en: 'Delivery of the convict to prison',
    startsAt: { zh: '收到执行通知书', en: 'receipt of the execution notice' },
    amount: 1,
    unit: 'month',
    direction: 'after',
    custody: 'always',
    article: '监狱法 15',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'MEASURE_CHANGE_APPLICATION',
    zh: '申请变更强制措施的答复',
    en: 'Decision on an application to change a compulsory measure',
    startsAt: { zh: '收到申请', en: 'receipt of the application' },
    amount: 3,
    unit: 'day',
    direction: 'after',
    custody: 'ifDetained',
    article: 'CPL 97',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'BAIL',
    zh: '取保候审最长期限',
    en: 'Bail pending trial (maximum)',
    startsAt: { zh: '取保候审开始', en: 'start of the measure' },
    amount: 12,
    unit: 'month',
    direction: 'after',
    custody: 'never',
    article: 'CPL 79',
    source: 'statute',
    extensions: [],
  },
  {
    id: 'RESIDENTIAL_SURVEILLANCE',
    zh: '监视居住最长期限',
    en: 'Residential surveillance (maximum)',
    startsAt: { zh: '监视居住开始', en: 'start of the measure' },
    amount: 6,
    unit: 'month',
    direction: 'after',
    custody: 'never',
    article: 'CPL 79',
    source: 'statute',
    extensions: [],
    notes: 'Open question: 指定居所监视居住 restricts liberty like custody; treated as non-custodial here.',
  },
  {
    id: 'FILING_SUPERVISION_EXPLANATION',
    zh: '立案监督：说明不立案理由',
    en: 'Filing supervision: explanation of non-filing',
    startsAt: { zh: '收到要求说明理由通知书', en: 'receipt of the notice' },
    amount: 7,
    unit: 'day',
    direction: 'after',
    custody: 'never',
    article: '规则 560',
    source: 'secondary',
    extensions: [],
  },
  {
    id: 'FILING_AFTER_ORDER',
    zh: '立案监督：通知立案后立案',
    en: 'Filing supervision: filing after an order to file',
    startsAt: { zh: '收到通知立案书', en: 'receipt of the order' },
    amount: 15,
    unit: 'day',
    direction: 'after',
    custody: 'never',
    article: '规则 563',
    source: 'secondary',
    extensions: [],
  },
  {
    id: 'LAWYER_MEETING',
    zh: '安排律师会见',
    en: 'Arranging a defence lawyer meeting',
    startsAt: { zh: '律师提出会见', en: "lawyer's request" },
    amount: 48,
    unit: 'hour',
    direction: 'after',
    custody: 'always',
    article: 'CPL 39',
    source: 'statute',
    extensions: [],
  },
]);

export type TStatutoryTimerId = (typeof STATUTORY_TIMERS)[number]['id'];

const BY_ID = new Map<string, TStatutoryTimer>(STATUTORY_TIMERS.map((row) => [row.id, row]));

export function getTimer(id: TStatutoryTimerId): TStatutoryTimer {
  const row = BY_ID.get(id);
  if (!row) throw new RangeError(`Unknown timer ${id}`);
  return row;
}

/** Whether CPL 105's custody exception applies to this timer for this person. */
export function isCustodyPeriod(timer: TStatutoryTimer, personHeld: boolean): boolean {
  return timer.custody === 'always' || (timer.custody === 'ifDetained' && personHeld);
}

export type TCalculateTimerInput = {
  timerId: TStatutoryTimerId;
  start: TCivilDate;
  /** Is the person held in custody? Decides 'ifDetained' timers. */
  personHeld: boolean;
  calendar: TCalendar;
  /** How many of the timer's extensions have been approved (0 = base period). */
  extensionsApproved?: number;
  /** 'HH:mm' Shanghai time, for hour timers. */
  startTime?: string;
};

/** Base period plus approved extensions, each running on from the previous legal expiry. */
export function calculateTimerDeadline(input: TCalculateTimerInput): TDeadlineResult {
  const timer = getTimer(input.timerId);
  if (timer.direction !== 'after') throw new RangeError(`${timer.id} is a lead time: use calculateLeadDate`);
  const n = input.extensionsApproved ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > timer.extensions.length) {
    throw new RangeError(`${timer.id} has ${timer.extensions.length} extension(s), got ${n}`);
  }
  const inCustody = isCustodyPeriod(timer, input.personHeld);
  let result = calculateDeadline({
    start: input.start,
    amount: timer.amount,
    unit: timer.unit,
    inCustody,
    calendar: input.calendar,
    startTime: input.startTime,
  });
  for (const ext of timer.extensions.slice(0, n)) {
    const next = extendDeadline({
      previousDue: result.due,
      amount: ext.amount,
      unit: ext.unit,
      inCustody,
      calendar: input.calendar,
      article: ext.article,
    });
    result = {
      ...next,
      calendarComplete: result.calendarComplete && next.calendarComplete,
      explanation: [...result.explanation.filter((s) => s.code !== 'END_OF_DAY'), ...next.explanation],
    };
  }
  return result;
}
