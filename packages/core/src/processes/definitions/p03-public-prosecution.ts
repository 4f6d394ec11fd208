/**
 * P3 一审公诉 — 检 files the indictment with the first-instance court (processes.md P3).
 * 受理/退回, 开庭, 延期审理 for 补充侦查 (trial clock restarts, CPL 208), 判决, appeal window
 * (CPL 230), 生效 → P5.
 */
import { art, defineProcess } from '../definition';
import { afterTimerDue, daysBetween, factDate, maxCount, shanghaiDate, withinTimer } from '../guards';
import type { TGuard, TInputField } from '../definition';

/**
 * CPL 187 ¶3: 起诉书副本 served on the defendant at least 10 days before the hearing (not for 速裁,
 * CPL 224), summons and notices at least 3 days before. The copy cannot be served before today's
 * step unless its service date is entered.
 */
const HEARING_LEAD_TIME: TGuard = {
  code: 'cpl187_hearing_lead_time',
  zh: '开庭日期过近：起诉书副本至迟应在开庭十日以前送达被告人，传票和通知书至迟应在开庭三日以前送达（刑事诉讼法第一百八十七条）',
  en: 'Hearing too soon: the indictment copy must be served at least 10 days, summons and notices at least 3 days before the hearing (CPL 187)',
  articles: [art('CPL', '187'), art('CPL', '224')],
  needsInput: true,
  check: ({ input, instance, now }) => {
    const hearing = input.hearingDate;
    if (typeof hearing !== 'string') return { ok: true };
    const today = shanghaiDate(now);
    const notice = daysBetween(today, hearing);
    if (notice < 3) return { ok: false, details: { field: 'hearingDate', today, hearingDate: hearing, leadDays: notice, minLeadDays: 3 } };
    const fastTrack = String(instance.data.trialTrack ?? '').startsWith('fast_track');
    const served = typeof input.indictmentServedOn === 'string' ? input.indictmentServedOn : today;
    const copy = daysBetween(served, hearing);
    if (!fastTrack && copy < 10) return { ok: false, details: { field: 'hearingDate', indictmentServedOn: served, hearingDate: hearing, leadDays: copy, minLeadDays: 10 } };
    return { ok: true };
  },
};

/** CPL 208 ¶1: 2 months, at most 3; then +3 months with the superior court's approval — in that order, each once. */
const TRIAL_EXTENSION_ORDER: TGuard = {
  code: 'cpl208_extension_order',
  zh: '审理期限的延长：先延至三个月，再经上一级人民法院批准延长三个月，各一次（刑事诉讼法第二百零八条）',
  en: 'CPL 208: first to three months, then +3 months with the superior court\'s approval, each once',
  articles: [art('CPL', '208')],
  needsInput: true,
  check: ({ input, instance }) => {
    const done = instance.data.trialExtension;
    const next = input.trialExtension;
    if (instance.data.trialTrack !== undefined && instance.data.trialTrack !== 'ordinary') return { ok: false, details: { problem: 'not_ordinary_procedure', trialTrack: instance.data.trialTrack } };
    if (next === 'to_three_months' && done === undefined) return { ok: true };
    if (next === 'superior_approval' && done === 'to_three_months') return { ok: true };
    return { ok: false, details: { field: 'trialExtension', requested: next, already: done ?? null } };
  },
};

const TRIAL_EXTENSION_INPUT = [
  {
    name: 'trialExtension', type: 'enum' as const, required: true, persist: true, zh: '延长审理期限', en: 'Extension',
    values: {
      to_three_months: { zh: '延长至三个月（本院院长批准）', en: 'To three months (president of the court)' },
      superior_approval: { zh: '经上一级人民法院批准延长三个月', en: '+3 months approved by the superior court' },
    },
  },
  reasonField(),
];
import { DECIDERS, EXECUTORS, HANDLERS, INTAKE, SENDERS, reasonField } from './common';
import { pleaStandsAtTrial, recommendedTermMonths, SENTENCING_COMPLETE, SENTENCING_FIELDS } from './plea';

/** The procedures and their trial periods (CPL 208, 220, 225); the court decides, not the intake desk. */
const TRACKS = {
  ordinary: { zh: '普通程序（2个月）', en: 'Ordinary (2 months)' },
  summary: { zh: '简易程序（20日）', en: 'Summary (20 days)' },
  summary_over_3y: { zh: '简易程序、可能判处三年以上（1个半月）', en: 'Summary, possible term > 3 years (1.5 months)' },
  fast_track: { zh: '速裁程序（10日）', en: 'Fast-track (10 days)' },
  fast_track_over_1y: { zh: '速裁程序、可能判处一年以上（15日）', en: 'Fast-track, possible term > 1 year (15 days)' },
} as const;
const isFast = (track: unknown) => String(track ?? '').startsWith('fast_track');
const isSummary = (track: unknown) => String(track ?? '').startsWith('summary');

/**
 * CPL 214, 222–223: 简易 and 速裁 only at a 基层法院 and with the defendant's consent; 速裁 only where
 * the defendant pleads (认罪认罚, carried from 审查起诉) and the recommended term is at most 3 years.
 * The period follows the term of the 量刑建议 (CPL 220, 225): over 1 year → 15 days, over 3 → 1.5 months.
 */
const PROCEDURE_CONDITIONS: readonly TGuard[] = [
  {
    code: 'cpl214_222_basic_court_only',
    zh: '简易程序、速裁程序只适用于基层人民法院管辖的案件（刑事诉讼法第二百一十四条、第二百二十二条）',
    en: 'Summary and fast-track procedure only in cases of a basic-level court (CPL 214, 222)',
    articles: [art('CPL', '214'), art('CPL', '222')],
    needsInput: true,
    check: ({ input, facts }) =>
      (isFast(input.trialTrack) || isSummary(input.trialTrack)) && facts?.receiverLevel !== 'district'
        ? { ok: false, details: { field: 'trialTrack', courtLevel: facts?.receiverLevel ?? null } } : { ok: true },
  },
  {
    code: 'cpl214_222_defendant_consent',
    zh: '适用简易程序、速裁程序须被告人同意（刑事诉讼法第二百一十四条、第二百二十二条）',
    en: 'Summary and fast-track procedure need the defendant’s consent (CPL 214, 222)',
    articles: [art('CPL', '214'), art('CPL', '222')],
    needsInput: true,
    check: ({ input }) =>
      (isFast(input.trialTrack) || isSummary(input.trialTrack)) && input.defendantConsent !== true
        ? { ok: false, details: { field: 'defendantConsent' } } : { ok: true },
  },
  {
    code: 'cpl222_fast_track_needs_plea',
    zh: '速裁程序只适用于被告人认罪认罚的案件（刑事诉讼法第二百二十二条）',
    en: 'Fast-track only where the defendant pleads guilty and accepts the sentence (CPL 222)',
    articles: [art('CPL', '222')],
    needsInput: true,
    check: (ctx) => (isFast(ctx.input.trialTrack) && !pleaStandsAtTrial(ctx) ? { ok: false, details: { field: 'trialTrack', plea: ctx.facts?.plea?.status ?? 'none' } } : { ok: true }),
  },
  {
    code: 'cpl222_fast_track_term',
    zh: '速裁程序只适用于可能判处三年有期徒刑以下刑罚的案件（刑事诉讼法第二百二十二条）',
    en: 'Fast-track only where the possible term is at most three years (CPL 222)',
    articles: [art('CPL', '222')],
    needsInput: true,
    check: (ctx) => {
      const term = recommendedTermMonths(ctx);
      if (!isFast(ctx.input.trialTrack)) return { ok: true };
      return term !== undefined && term > 36 ? { ok: false, details: { field: 'trialTrack', recommendedTermMonths: term, maxMonths: 36 } } : { ok: true };
    },
  },
  {
    code: 'cpl220_225_period_by_term',
    zh: '审理期限与量刑建议的刑期不符：速裁可能判处一年以上为十五日，简易可能判处三年以上为一个半月（刑事诉讼法第二百二十条、第二百二十五条）',
    en: 'The period does not match the recommended term: fast-track over 1 year is 15 days, summary over 3 years 1.5 months (CPL 220, 225)',
    articles: [art('CPL', '220'), art('CPL', '225')],
    needsInput: true,
    check: (ctx) => {
      const term = recommendedTermMonths(ctx);
      const track = String(ctx.input.trialTrack ?? '');
      if (term === undefined || track === 'ordinary') return { ok: true };
      const expected = isFast(track) ? (term > 12 ? 'fast_track_over_1y' : 'fast_track') : term > 36 ? 'summary_over_3y' : 'summary';
      return track === expected ? { ok: true } : { ok: false, details: { field: 'trialTrack', recommendedTermMonths: term, expected } };
    },
  },
];

/**
 * CPL 239: a remanded case is retried by a newly formed 合议庭 — 速裁 is tried by one judge (CPL 222);
 * 最高法解释 (2021) 第377条 (sec.): a 速裁 case remanded on appeal is retried in ordinary procedure.
 */
const REMAND_NOT_FAST_TRACK: TGuard = {
  code: 'spc377_remand_ordinary_procedure',
  zh: '发回重新审判的案件应当另行组成合议庭审理，不适用速裁程序（刑事诉讼法第二百三十九条，最高人民法院关于适用刑事诉讼法的解释第三百七十七条）',
  en: 'A remanded case is retried by a new collegiate panel, not in fast-track procedure (CPL 239; SPC Interpretation 2021, 377)',
  articles: [art('CPL', '239'), art('SPC_INTERP', '377', 'sec.')],
  needsInput: true,
  check: ({ input, instance }) =>
    isFast(input.trialTrack) && (instance.counters.remandsReceived ?? 0) > 0
      ? { ok: false, details: { field: 'trialTrack', remandsReceived: instance.counters.remandsReceived } } : { ok: true },
};

/** CPL 221, 226: a trial moves only towards the fuller procedure (速裁 → 简易/普通, 简易 → 普通). */
const CONVERSION_DIRECTION: TGuard = {
  code: 'cpl221_226_conversion_direction',
  zh: '程序只能由速裁转为简易或普通程序、由简易转为普通程序（刑事诉讼法第二百二十一条、第二百二十六条）',
  en: 'A trial converts only from fast-track to summary/ordinary or from summary to ordinary (CPL 221, 226)',
  articles: [art('CPL', '221'), art('CPL', '226')],
  needsInput: true,
  check: ({ instance, input }) => {
    const from = String(instance.data.trialTrack ?? 'ordinary');
    const to = String(input.trialTrack ?? '');
    const rank = (t: string) => (isFast(t) ? 0 : isSummary(t) ? 1 : 2);
    return rank(to) > rank(from) ? { ok: true } : { ok: false, details: { field: 'trialTrack', from, to } };
  },
};

/** CPL 201: the court decides on a 量刑建议 it has before it. */
const HAS_RECOMMENDATION: TGuard = {
  code: 'cpl201_no_sentencing_recommendation',
  zh: '本案没有随案移送的量刑建议（刑事诉讼法第一百七十六条第二款、第二百零一条）',
  en: 'There is no sentencing recommendation in this case (CPL 176 ¶2, 201)',
  articles: [art('CPL', '201')],
  check: (ctx) => (ctx.facts?.plea?.recommended || recommendedTermMonths(ctx) !== undefined || ctx.instance.data.recommendedPenalty !== undefined ? { ok: true } : { ok: false }),
};

/** Withdrawal before judgment (指导意见 2019): there must be a plea to withdraw. */
const PLEA_STANDS_AT_TRIAL: TGuard = {
  code: 'no_plea_to_withdraw',
  zh: '本案没有有效的认罪认罚，无从撤回',
  en: 'There is no standing guilty plea to withdraw',
  articles: [art('CPL', '174')],
  check: (ctx) => (pleaStandsAtTrial(ctx) ? { ok: true } : { ok: false, details: { plea: ctx.facts?.plea?.status ?? 'none' } }),
};

/** CPL 201, 226: judgment with a plea states what became of the recommendation; 速裁 without a plea converts first. */
const JUDGMENT_PLEA_RULES: TGuard = {
  code: 'cpl201_226_judgment_plea',
  zh: '认罪认罚案件判决时应记明是否采纳量刑建议（刑事诉讼法第二百零一条）；被告人撤回认罪认罚的速裁案件应先转为普通或简易程序（第二百二十六条）',
  en: 'With a plea, record whether the recommendation was adopted (CPL 201); a fast-track case whose plea was withdrawn converts first (CPL 226)',
  articles: [art('CPL', '201'), art('CPL', '226')],
  needsInput: true,
  check: (ctx) => {
    if (isFast(ctx.instance.data.trialTrack) && !pleaStandsAtTrial(ctx)) return { ok: false, details: { problem: 'fast_track_without_plea' } };
    const recommended = ctx.facts?.plea?.recommended === true || ctx.instance.data.recommendedPenalty !== undefined;
    if (recommended && ctx.input.sentencingOutcome === undefined) return { ok: false, details: { field: 'sentencingOutcome' } };
    return { ok: true };
  },
};

/** Withdrawal of the plea before judgment is recorded where the case stands (指导意见 2019, details unverified). */
const withdrawPleaIn = <S extends 'ACCEPTED' | 'PRETRIAL' | 'TRIAL'>(state: S) => ({
  action: 'withdraw_plea',
  from: [state],
  to: state,
  actor: { side: 'receiver', agencyTypes: court, roles: HANDLERS },
  label: { zh: '被告人撤回认罪认罚', en: 'The defendant withdraws the plea' },
  articles: [art('CPL', '226'), art('PLEA_OPINION_2019', '—', 'unverified')],
  input: [reasonField('撤回情况', 'What the defendant said')],
  guards: [PLEA_STANDS_AT_TRIAL],
  counters: { pleaWithdrawals: 1 },
  notify: 'initiator',
}) as const;

const changeProcedureIn = <S extends 'PRETRIAL' | 'TRIAL'>(state: S) => ({
  action: 'change_procedure',
  from: [state],
  to: state,
  actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
  label: { zh: '转为普通程序或简易程序审理', en: 'Convert to summary or ordinary procedure' },
  articles: [art('CPL', '221'), art('CPL', '226'), art('SPC_INTERP', '—', 'sec.')],
  input: [
    {
      name: 'trialTrack', type: 'enum' as const, required: true, persist: true, zh: '转为', en: 'Convert to',
      values: { ordinary: TRACKS.ordinary, summary: TRACKS.summary, summary_over_3y: TRACKS.summary_over_3y },
    },
    { name: 'defendantConsent', type: 'boolean' as const, required: false, zh: '被告人同意适用简易程序', en: 'Defendant consents (summary)' },
    reasonField('转换理由（如被告人撤回认罪认罚、对起诉指控有异议）', 'Ground'),
  ],
  guards: [CONVERSION_DIRECTION, ...PROCEDURE_CONDITIONS],
  notify: 'initiator',
  // the new procedure's period counts from the conversion decision (CPL 226; 高法解释, sec.)
  timers: { restart: ['trial'] },
}) as const;

/**
 * CPL 227: 被告人、自诉人和他们的法定代理人 appeal; the defendant's 辩护人 and 近亲属 with the
 * defendant's consent; the victim has no right of appeal (CPL 229: he asks 检 to protest).
 */
const APPELLANT_FIELD: TInputField = {
  name: 'appellant', type: 'enum', required: true, persist: true, zh: '上诉人', en: 'Appellant',
  values: {
    defendant: { zh: '被告人', en: 'Defendant' },
    legal_representative: { zh: '被告人的法定代理人', en: "Defendant's legal representative" },
    defender_with_consent: { zh: '辩护人（经被告人同意）', en: 'Defender, with the defendant\'s consent' },
    relative_with_consent: { zh: '近亲属（经被告人同意）', en: 'Close relative, with the defendant\'s consent' },
    victim: { zh: '被害人', en: 'Victim' },
    other: { zh: '其他人', en: 'Someone else' },
  },
};
const WITH_STANDING = ['defendant', 'legal_representative', 'defender_with_consent', 'relative_with_consent'];

/** CPL 231: through the first-instance court, or directly with the second-instance court (which sends it down within 3 days). */
const APPEAL_CHANNEL_FIELD: TInputField = {
  name: 'appealChannel', type: 'enum', required: false, persist: true, zh: '提出途径（不填：通过原审法院）', en: 'Filed (blank: through the first-instance court)',
  values: {
    first_instance: { zh: '通过原审人民法院提出', en: 'Through the first-instance court' },
    second_instance: { zh: '直接向第二审人民法院提出（已转交原审法院）', en: 'Directly with the second-instance court (passed down)' },
  },
};
const FILED_ON_FIELD: TInputField = {
  name: 'filedOn', type: 'date', required: true, persist: true, zh: '上诉状提交（邮寄）日期', en: 'Date the appeal was filed or posted',
};

const APPEAL_GUARDS: readonly TGuard[] = [
  {
    code: 'appellant_without_standing',
    zh: '该人无权提出上诉：上诉人限于被告人及其法定代理人，辩护人、近亲属须经被告人同意；被害人可请求人民检察院抗诉（刑事诉讼法第二百二十七条、第二百二十九条）',
    en: 'No standing to appeal: the defendant or legal representative; defender or relative with consent; a victim may ask the procuratorate to protest (CPL 227, 229)',
    articles: [art('CPL', '227'), art('CPL', '229')],
    needsInput: true,
    check: ({ input }) => (WITH_STANDING.includes(String(input.appellant)) ? { ok: true } : { ok: false, details: { field: 'appellant', appellant: input.appellant } }),
  },
  factDate({
    code: 'appeal_date_invalid',
    field: 'filedOn',
    notBefore: 'servedOn',
    zh: '上诉日期不能晚于今天，也不能早于判决书送达日期',
    en: 'The appeal date cannot lie in the future or before the service of the judgment',
    articles: [art('CPL', '230')],
  }),
  withinTimer({
    code: 'appeal_out_of_time',
    timer: 'appeal_window',
    field: 'filedOn',
    zh: '上诉已超过法定期限（刑事诉讼法第二百三十条；邮寄的以寄出日为准，第一百零五条）',
    en: 'The appeal is out of time (CPL 230; a posted appeal counts from posting, CPL 105)',
    articles: [art('CPL', '230'), art('CPL', '105')],
  }),
];

const procuratorate = ['procuratorate'] as const;
const court = ['court'] as const;

/** 延长审理期限 keeps the instance in its state; the engine has no "same state" target, so one per state. */
const extendTrialIn = <S extends 'PRETRIAL' | 'TRIAL'>(state: S) => ({
  action: 'extend_trial',
  from: [state],
  to: state,
  actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
  label: { zh: '延长审理期限', en: 'Extend the trial period' },
  articles: [art('CPL', '208')],
  input: TRIAL_EXTENSION_INPUT,
  guards: [TRIAL_EXTENSION_ORDER],
  notify: 'initiator',
  timers: { extend: ['trial'] },
}) as const;

export const publicProsecutionProcess = defineProcess({
  code: 'public_prosecution',
  ref: 'P3',
  name: { zh: '一审公诉', en: 'First-instance public prosecution' },
  articles: [art('CPL', '176'), art('CPL', '187'), art('CPL', '201'), art('CPL', '204'), art('CPL', '208'), art('CPL', '214'), art('CPL', '222'), art('CPL', '226'), art('CPL', '230')],
  initiator: { agencyTypes: procuratorate },
  receiver: { agencyTypes: court, level: 'same' },
  states: {
    DRAFT: { zh: '拟起诉', en: 'Draft', kind: 'draft' },
    SENT: { zh: '已提起公诉', en: 'Indictment filed', kind: 'sent' },
    RETURNED_FOR_CORRECTION: { zh: '通知补送材料', en: 'Materials requested', kind: 'returned' },
    ACCEPTED: { zh: '已立案受理', en: 'Accepted', kind: 'accepted' },
    PRETRIAL: { zh: '庭前准备', en: 'Pre-trial', kind: 'review' },
    TRIAL: { zh: '审理中', en: 'Trial', kind: 'review' },
    POSTPONEMENT_PROPOSED: { zh: '建议延期审理', en: 'Postponement proposed', kind: 'review' },
    SENTENCING_ADJUSTMENT: { zh: '建议调整量刑建议', en: 'Sentencing recommendation to adjust', kind: 'waiting' },
    POSTPONED: { zh: '延期审理（补充侦查）', en: 'Postponed for supplementary investigation', kind: 'waiting' },
    JUDGED: { zh: '已宣判', en: 'Judgment pronounced', kind: 'decided' },
    APPEAL_WINDOW: { zh: '上诉、抗诉期间', en: 'Appeal window', kind: 'waiting' },
    // terminal for the first instance; a 发回重审 reopens it (CPL 239, 241): `receive_remand`
    APPEALED: { zh: '已上诉（二审）', en: 'Appealed (second instance)', terminal: true, kind: 'closed' },
    PROTESTED: { zh: '已抗诉（二审）', en: 'Protested (second instance)', terminal: true, kind: 'closed' },
    EFFECTIVE: { zh: '判决生效', en: 'Judgment effective', terminal: true, kind: 'executed' },
    WITHDRAWN: { zh: '准许撤回起诉', en: 'Withdrawal permitted', terminal: true, kind: 'closed' },
    TERMINATED: { zh: '终止审理', en: 'Trial terminated', terminal: true, kind: 'closed' },
    RETURNED: { zh: '退回人民检察院', en: 'Returned to the procuratorate', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'submit',
      from: ['DRAFT'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: SENDERS },
      // One decision, one document: the 起诉书 is issued by P2 `indict` (审查起诉 decides to
      // prosecute); this step sends it with the case file to the court and issues no second one.
      label: { zh: '移送起诉书及案卷', en: 'Send the indictment and the case file' },
      articles: [art('CPL', '176')],
      documents: {
        required: ['indictment'],
        optional: [
          'sentencing_recommendation',
          'plea_agreement',
          'procedure_recommendation',
          'custody_transfer_certificate',
        ],
      },
      input: [
        {
          name: 'proposedProcedure', type: 'enum', required: false, persist: true, zh: '建议适用程序', en: 'Proposed procedure',
          values: { summary: { zh: '简易程序', en: 'Summary' }, fast_track: { zh: '速裁程序', en: 'Fast-track' } },
        },
      ],
      notify: 'receiver',
      timers: { start: ['acceptance_review'] },
    },
    {
      action: 'request_materials',
      from: ['SENT'],
      to: 'RETURNED_FOR_CORRECTION',
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '通知补送材料', en: 'Request missing materials' },
      articles: [art('SPC_INTERP', '219', 'sec.')],
      input: [reasonField('需补送的材料', 'Materials to supply')],
      notify: 'initiator',
    },
    {
      action: 'resubmit',
      from: ['RETURNED_FOR_CORRECTION'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: SENDERS },
      label: { zh: '补送材料', en: 'Supply materials' },
      documents: { required: ['indictment'], optional: ['sentencing_recommendation', 'plea_agreement'] },
      notify: 'receiver',
    },
    {
      action: 'return_case',
      from: ['SENT'],
      to: 'RETURNED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '退回人民检察院', en: 'Return the case to the procuratorate' },
      articles: [art('SPC_INTERP', '219', 'sec.')],
      input: [reasonField()],
      flowsBack: true,
      notify: 'initiator',
    },
    {
      action: 'accept',
      from: ['SENT'],
      to: 'ACCEPTED',
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '立案受理', en: 'Accept' },
      // the period runs from 受理 in the ordinary length until the court decides the procedure (decide_procedure)
      articles: [art('SPC_INTERP', '219', 'sec.'), art('CPL', '208')],
      notify: 'initiator',
      timers: { stop: ['acceptance_review'], start: ['trial', 'rights_notice'] },
    },
    {
      // issue 18 point 20: the court decides the procedure with the defendant's consent, not the intake desk;
      // 速裁 10 / 15 days and 简易 20 days / 1.5 months run from the same 受理 (CPL 220, 225)
      action: 'decide_procedure',
      from: ['ACCEPTED'],
      to: 'ACCEPTED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '决定适用简易程序或速裁程序', en: 'Decide summary or fast-track procedure' },
      articles: [art('CPL', '214'), art('CPL', '220'), art('CPL', '222'), art('CPL', '223'), art('CPL', '225')],
      input: [
        {
          name: 'trialTrack', type: 'enum', required: true, persist: true, zh: '审理程序', en: 'Procedure',
          values: { summary: TRACKS.summary, summary_over_3y: TRACKS.summary_over_3y, fast_track: TRACKS.fast_track, fast_track_over_1y: TRACKS.fast_track_over_1y },
        },
        { name: 'defendantConsent', type: 'boolean', required: true, zh: '被告人同意适用该程序', en: 'The defendant consents' },
      ],
      guards: [
        {
          code: 'procedure_already_decided',
          zh: '审理程序已经决定；改变程序请使用“转为普通程序或简易程序审理”',
          en: 'The procedure is decided; convert it instead',
          articles: [art('CPL', '221'), art('CPL', '226')],
          check: ({ instance }) => (instance.data.trialTrack === undefined ? { ok: true } : { ok: false, details: { trialTrack: instance.data.trialTrack } }),
        },
        REMAND_NOT_FAST_TRACK,
        ...PROCEDURE_CONDITIONS,
      ],
      notify: 'initiator',
      timers: { retrack: ['trial'] },
    },
    changeProcedureIn('PRETRIAL'),
    changeProcedureIn('TRIAL'),
    withdrawPleaIn('ACCEPTED'),
    withdrawPleaIn('PRETRIAL'),
    withdrawPleaIn('TRIAL'),
    {
      action: 'request_sentencing_adjustment',
      from: ['TRIAL'],
      to: 'SENTENCING_ADJUSTMENT',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '量刑建议明显不当或被告人、辩护人有异议：建议人民检察院调整', en: 'Ask the procuratorate to adjust the recommendation' },
      articles: [art('CPL', '201 ¶2')],
      documents: { produces: ['sentencing_adjustment_request'] },
      input: [reasonField()],
      guards: [HAS_RECOMMENDATION],
      counters: { sentencingAdjustmentRequests: 1 },
      notify: 'initiator',
    },
    {
      action: 'adjust_sentencing_recommendation',
      from: ['SENTENCING_ADJUSTMENT'],
      to: 'TRIAL',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: SENDERS },
      label: { zh: '调整量刑建议', en: 'Adjust the sentencing recommendation' },
      articles: [art('CPL', '201 ¶2')],
      documents: { produces: ['sentencing_recommendation'] },
      input: [...SENTENCING_FIELDS, reasonField('调整理由', 'Why')],
      guards: [
        {
          code: 'cpl201_adjustment_incomplete',
          zh: '调整后的量刑建议应当写明主刑及刑期（刑事诉讼法第二百零一条第二款）',
          en: 'The adjusted recommendation states the penalty and term (CPL 201 ¶2)',
          articles: [art('CPL', '201 ¶2')],
          needsInput: true,
          check: ({ input }) => (input.recommendedPenalty === undefined ? { ok: false, details: { field: 'recommendedPenalty' } } : { ok: true }),
        },
        SENTENCING_COMPLETE,
      ],
      counters: { sentencingAdjustments: 1 },
      flowsBack: false,
      notify: 'receiver',
    },
    {
      action: 'decline_sentencing_adjustment',
      from: ['SENTENCING_ADJUSTMENT'],
      to: 'TRIAL',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: SENDERS },
      label: { zh: '不调整量刑建议（由人民法院依法判决）', en: 'Keep the recommendation (the court decides)' },
      articles: [art('CPL', '201 ¶2')],
      input: [reasonField()],
      notify: 'receiver',
    },
    {
      action: 'schedule_hearing',
      from: ['ACCEPTED'],
      to: 'PRETRIAL',
      actor: { side: 'receiver', agencyTypes: court, roles: HANDLERS },
      label: { zh: '确定开庭日期并通知出庭', en: 'Schedule the hearing' },
      articles: [art('CPL', '187')],
      documents: { produces: ['court_appearance_notice'] },
      input: [
        { name: 'hearingDate', type: 'date', required: true, persist: true, zh: '开庭日期', en: 'Hearing date' },
        { name: 'indictmentServedOn', type: 'date', required: false, zh: '起诉书副本送达被告人日期（未送达的不填）', en: 'Date the indictment copy was served (blank: not yet)' },
      ],
      guards: [
        factDate({ code: 'indictment_service_date_invalid', field: 'indictmentServedOn', zh: '起诉书副本送达日期不能晚于今天，也不能早于案发时间', en: 'The service date cannot lie in the future or before the offence', articles: [art('CPL', '187')] }),
        HEARING_LEAD_TIME,
      ],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['rights_notice'] },
    },
    {
      action: 'open_trial',
      from: ['PRETRIAL'],
      to: 'TRIAL',
      actor: { side: 'receiver', agencyTypes: court, roles: HANDLERS },
      label: { zh: '开庭审理', en: 'Open the trial' },
      articles: [art('CPL', '187')],
      notify: 'initiator',
    },
    {
      action: 'propose_postponement',
      from: ['TRIAL'],
      to: 'POSTPONEMENT_PROPOSED',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: SENDERS },
      label: { zh: '建议延期审理（补充侦查）', en: 'Propose postponement for supplementary investigation' },
      articles: [art('CPL', '204', 'unchecked')],
      documents: { produces: ['postponement_proposal'] },
      input: [reasonField()],
      guards: [
        maxCount({
          code: 'postponement_proposals_limit',
          counter: 'postponementProposals',
          max: 2,
          zh: '公诉人建议延期审理不得超过两次（最高人民法院关于适用刑事诉讼法的解释第二百七十四条）',
          en: 'The prosecutor may propose postponement at most twice (SPC Interpretation 2021, 274)',
          articles: [art('SPC_INTERP', '274', 'sec.'), art('CPL', '204')],
        }),
      ],
      counters: { postponementProposals: 1 },
      notify: 'receiver',
    },
    {
      action: 'postpone',
      from: ['POSTPONEMENT_PROPOSED'],
      to: 'POSTPONED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '决定延期审理', en: 'Postpone the trial' },
      articles: [art('CPL', '204', 'unchecked'), art('CPL', '205', 'unchecked')],
      documents: { optional: ['postponement_decision'] },
      counters: { trialPostponements: 1 },
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['trial'], start: ['trial_supplementary_investigation'] },
    },
    {
      action: 'refuse_postponement',
      from: ['POSTPONEMENT_PROPOSED'],
      to: 'TRIAL',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '不同意延期审理', en: 'Refuse postponement' },
      input: [reasonField()],
      notify: 'initiator',
    },
    {
      action: 'resume_after_supplementary',
      from: ['POSTPONED'],
      to: 'TRIAL',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: SENDERS },
      label: { zh: '补充侦查完毕移送法院', en: 'Return after supplementary investigation' },
      articles: [art('CPL', '205', 'unchecked'), art('CPL', '208')],
      notify: 'receiver',
      // CPL 208 ¶: 人民检察院补充侦查的案件，补充侦查完毕移送人民法院后，人民法院重新计算审理期限.
      timers: { stop: ['trial_supplementary_investigation'], restart: ['trial'] },
    },
    {
      action: 'permit_withdrawal',
      from: ['ACCEPTED', 'PRETRIAL', 'TRIAL', 'POSTPONED'],
      to: 'WITHDRAWN',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '裁定准许撤回起诉', en: 'Permit withdrawal of the prosecution' },
      basis: 'unchecked',
      documents: { required: ['withdrawal_decision'], produces: ['criminal_ruling'] },
      flowsBack: true,
      notify: 'initiator',
    },
    {
      action: 'terminate_trial',
      from: ['ACCEPTED', 'PRETRIAL', 'TRIAL', 'POSTPONED'],
      to: 'TERMINATED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '裁定终止审理', en: 'Terminate the trial' },
      articles: [art('CPL', '16')],
      documents: { produces: ['criminal_ruling'] },
      input: [reasonField()],
      flowsBack: true,
      notify: 'initiator',
    },
    // the period is extended where the case stands: before the hearing or during the trial (CPL 208)
    extendTrialIn('PRETRIAL'),
    extendTrialIn('TRIAL'),
    {
      action: 'pronounce_judgment',
      from: ['TRIAL'],
      to: 'JUDGED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '宣告判决', en: 'Pronounce judgment' },
      articles: [art('CPL', '200'), art('CPL', '260')],
      documents: { produces: ['criminal_judgment'] },
      input: [
        {
          name: 'verdict',
          type: 'enum',
          required: true,
          persist: true,
          zh: '判决结果',
          en: 'Verdict',
          values: {
            guilty: { zh: '有罪（判处刑罚）', en: 'Guilty, sentenced' },
            guilty_suspended: { zh: '有罪（缓刑）', en: 'Guilty, suspended' },
            guilty_exempted: { zh: '有罪（免予刑事处罚）', en: 'Guilty, exempted from punishment' },
            acquitted: { zh: '无罪', en: 'Acquitted' },
          },
        },
        {
          name: 'pronouncement',
          type: 'enum',
          required: true,
          zh: '宣判方式',
          en: 'Pronouncement',
          values: {
            in_court: { zh: '当庭宣判（5日内送达）', en: 'In court (serve within 5 days)' },
            scheduled: { zh: '定期宣判（立即送达）', en: 'Scheduled (serve immediately)' },
          },
        },
        {
          name: 'sentencingOutcome', type: 'enum', required: false, persist: true, zh: '量刑建议（认罪认罚案件）', en: 'Sentencing recommendation (plea cases)',
          values: {
            adopted: { zh: '采纳', en: 'Adopted' },
            adopted_after_adjustment: { zh: '采纳调整后的量刑建议', en: 'Adopted as adjusted' },
            not_adopted: { zh: '未采纳，依法判决', en: 'Not adopted' },
          },
        },
      ],
      guards: [JUDGMENT_PLEA_RULES],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['trial'], start: ['judgment_service'] },
    },
    {
      action: 'serve_judgment',
      from: ['JUDGED'],
      to: 'APPEAL_WINDOW',
      actor: { side: 'receiver', agencyTypes: court, roles: EXECUTORS },
      label: { zh: '送达判决书', en: 'Serve the judgment' },
      articles: [art('CPL', '202'), art('CPL', '230')],
      input: [
        {
          name: 'decisionForm',
          type: 'enum',
          required: true,
          persist: true,
          zh: '裁判文书',
          en: 'Decision form',
          values: {
            judgment: { zh: '判决（10日）', en: 'Judgment (10 days)' },
            ruling: { zh: '裁定（5日）', en: 'Ruling (5 days)' },
          },
        },
        {
          // The window runs from the day after service (CPL 230), not from the click.
          name: 'servedOn',
          type: 'date',
          required: true,
          persist: true,
          zh: '送达日期',
          en: 'Date of service',
        },
      ],
      guards: [
        factDate({
          code: 'service_date_in_future',
          field: 'servedOn',
          zh: '送达日期不能晚于今天，也不能早于案发时间',
          en: 'The date of service cannot lie in the future or before the offence',
          articles: [art('CPL', '230')],
        }),
      ],
      notify: 'initiator',
      timers: { stop: ['judgment_service'], start: ['appeal_window'] },
    },
    {
      action: 'record_appeal',
      from: ['APPEAL_WINDOW'],
      to: 'APPEALED',
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '登记上诉', en: 'Record an appeal' },
      articles: [art('CPL', '227'), art('CPL', '230'), art('CPL', '231')],
      // CPL 227: 被告人有权用书状或者口头向上一级人民法院上诉 — an oral appeal is recorded without a petition
      documents: { optional: ['appeal_petition'] },
      input: [
        APPELLANT_FIELD,
        {
          name: 'appealForm', type: 'enum', required: true, zh: '上诉方式', en: 'Form of the appeal',
          values: { written: { zh: '书面上诉（上诉状）', en: 'Written (petition)' }, oral: { zh: '口头上诉（记录在案）', en: 'Oral (recorded)' } },
        },
        APPEAL_CHANNEL_FIELD,
        FILED_ON_FIELD,
      ],
      guards: APPEAL_GUARDS,
      notify: 'initiator',
      startsProcess: 'second_instance',
    },
    {
      // CPL 105 ¶3: 上诉状在期满前已经交邮的，不算过期 — a petition posted in time arrives after the
      // sweep set 生效: the judgment never took effect. Recording it reopens the first instance,
      // voids the 交付执行 opened on 生效 and sends the case to the second instance.
      action: 'record_posted_appeal',
      from: ['EFFECTIVE'],
      to: 'APPEALED',
      reopensTerminal: true,
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '登记期满前邮寄的上诉（撤销生效）', en: 'Record an appeal posted in time (undo finality)' },
      articles: [art('CPL', '105'), art('CPL', '230'), art('CPL', '227')],
      documents: { required: ['appeal_petition'] },
      input: [APPELLANT_FIELD, APPEAL_CHANNEL_FIELD, { ...FILED_ON_FIELD, zh: '上诉状交邮日期（邮戳）', en: 'Date the petition was posted (postmark)' }],
      guards: APPEAL_GUARDS,
      notify: 'initiator',
      flowsBack: true,
      startsProcess: 'second_instance',
      voidsProcess: 'judgment_execution',
    },
    {
      // CPL 239: 发回重审 — the first-instance court tries the case again under the first-instance
      // procedure (另行组成合议庭); CPL 241: its period counts anew from the day it receives the
      // remanded case. A 速裁 case is retried in ordinary procedure (最高法解释 2021 第377条, sec.):
      // the earlier track is cleared, so the period restarts as the ordinary 2 months (CPL 208).
      action: 'receive_remand',
      from: ['APPEALED', 'PROTESTED'],
      to: 'ACCEPTED',
      reopensTerminal: true,
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '收到发回重审的案件', en: 'Receive the case remanded for retrial' },
      articles: [art('CPL', '239'), art('CPL', '241'), art('SPC_INTERP', '377', 'sec.')],
      guards: [
        {
          code: 'no_remand_ordered',
          zh: '第二审人民法院没有裁定发回重审（刑事诉讼法第二百三十六条、第二百三十九条）',
          en: 'The second-instance court has not remanded the case (CPL 236, 239)',
          articles: [art('CPL', '236'), art('CPL', '239')],
          check: ({ instance, facts }) => {
            const ordered = facts?.followUps?.second_instance?.REMANDED ?? 0;
            const received = instance.counters.remandsReceived ?? 0;
            return ordered > received ? { ok: true } : { ok: false, details: { remandsOrdered: ordered, remandsReceived: received } };
          },
        },
      ],
      counters: { remandsReceived: 1 },
      clears: ['trialTrack'],
      notify: 'initiator',
      timers: { restart: ['trial'], start: ['rights_notice'] },
    },
    {
      action: 'protest',
      from: ['APPEAL_WINDOW'],
      to: 'PROTESTED',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '提出抗诉', en: 'Lodge a protest' },
      articles: [art('CPL', '228'), art('CPL', '230'), art('CPL', '232')],
      documents: { produces: ['protest'] },
      input: [reasonField()],
      guards: [
        withinTimer({
          code: 'protest_out_of_time',
          timer: 'appeal_window',
          zh: '抗诉已超过法定期限（刑事诉讼法第二百三十条）',
          en: 'The protest is out of time (CPL 230)',
          articles: [art('CPL', '230')],
        }),
      ],
      notify: 'receiver',
      // CPL 232: 抗诉书 through the first-instance court, which sends the file on; copy to the superior 检 (its side in P11)
      startsProcess: 'second_instance',
      startsProcessBy: 'receiver',
    },
    {
      // 生效 is computed, never typed: the finality sweep fires this the day after the window's
      // last day (the court's clerk may too, under the same check); a typed date cannot move it.
      action: 'record_effective',
      from: ['APPEAL_WINDOW'],
      to: 'EFFECTIVE',
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '判决生效（上诉、抗诉期满）', en: 'Judgment effective (appeal window over)' },
      articles: [art('CPL', '230'), art('CPL', '259', 'unchecked')],
      guards: [
        afterTimerDue({
          code: 'appeal_window_open',
          timer: 'appeal_window',
          zh: '上诉、抗诉期限尚未届满，判决不能生效（刑事诉讼法第二百三十条）',
          en: 'The appeal window has not ended; the judgment cannot take effect yet (CPL 230)',
          articles: [art('CPL', '230')],
        }),
      ],
      flowsBack: true,
      notify: 'initiator',
      startsProcess: 'judgment_execution',
      // 无罪 and 免予刑事处罚: released at once (CPL 260), nothing to deliver for execution
      startsProcessUnless: { field: 'verdict', values: ['acquitted', 'guilty_exempted'] },
      firesWhenOver: 'appeal_window',
    },
  ],
  timers: {
    acceptance_review: {
      zh: '立案审查',
      en: 'Acceptance review',
      amount: 7,
      unit: 'day',
      inCustody: 'person',
      startsOn: '收到起诉书及案卷',
      articles: [art('SPC_INTERP', '219', 'sec.')],
      basis: 'sec.',
      warnDays: 2,
      deadlineId: 'COURT_ACCEPTANCE_REVIEW',
    },
    rights_notice: {
      zh: '告知被告人委托辩护人',
      en: 'Notice of the right to counsel',
      amount: 3,
      unit: 'day',
      inCustody: false,
      startsOn: '立案受理',
      articles: [art('CPL', '34')],
      warnDays: 1,
    },
    trial: {
      zh: '一审审理期限',
      en: 'First-instance trial period',
      amount: 2,
      unit: 'month',
      inCustody: 'person',
      startsOn: '立案受理',
      articles: [art('CPL', '208')],
      extendBy: { field: 'trialExtension', unit: 'month', amounts: { to_three_months: 1, superior_approval: 3 } },
      variantBy: 'trialTrack',
      variants: {
        summary: {
          zh: '简易程序',
          en: 'summary',
          amount: 20,
          unit: 'day',
          articles: [art('CPL', '220')],
          deadlineId: 'TRIAL_SIMPLIFIED',
        },
        summary_over_3y: {
          zh: '简易程序、三年以上',
          en: 'summary, > 3 years',
          amount: 1,
          unit: 'month',
          plus: { amount: 15, unit: 'day' },
          articles: [art('CPL', '220')],
          deadlineId: 'TRIAL_SIMPLIFIED_OVER_3Y',
        },
        fast_track: {
          zh: '速裁程序',
          en: 'fast-track',
          amount: 10,
          unit: 'day',
          articles: [art('CPL', '225')],
          deadlineId: 'TRIAL_SUMMARY',
        },
        fast_track_over_1y: {
          zh: '速裁程序、一年以上',
          en: 'fast-track, > 1 year',
          amount: 15,
          unit: 'day',
          articles: [art('CPL', '225')],
          deadlineId: 'TRIAL_SUMMARY_OVER_1Y',
        },
      },
      warnDays: 7,
      deadlineId: 'TRIAL_ORDINARY',
    },
    trial_supplementary_investigation: {
      zh: '审判阶段补充侦查',
      en: 'Supplementary investigation during trial',
      amount: 1,
      unit: 'month',
      inCustody: 'person',
      startsOn: '决定延期审理',
      articles: [art('CPL', '205', 'unchecked')],
      basis: 'unchecked',
      warnDays: 5,
    },
    judgment_service: {
      zh: '判决书送达',
      en: 'Service of the judgment',
      amount: 5,
      unit: 'day',
      inCustody: false,
      startsOn: '宣告判决',
      // CPL 202 ¶2: 当庭宣告判决的，应当在五日以内送达判决书；定期宣告判决的，应当在宣告后立即送达
      articles: [art('CPL', '202')],
      variantBy: 'pronouncement',
      variants: { scheduled: { zh: '定期宣判，立即送达', en: 'scheduled: serve at once', amount: 0, unit: 'day', articles: [art('CPL', '202')] } },
      warnDays: 1,
    },
    appeal_window: {
      zh: '上诉、抗诉期限',
      en: 'Appeal / protest window',
      amount: 10,
      unit: 'day',
      inCustody: false,
      startsOn: '判决书送达之日',
      articles: [art('CPL', '230')],
      variantBy: 'decisionForm',
      variants: { ruling: { zh: '裁定', en: 'ruling', amount: 5, unit: 'day', deadlineId: 'APPEAL_WINDOW_RULING' } },
      startFrom: 'servedOn',
      warnDays: 2,
      deadlineId: 'APPEAL_WINDOW_JUDGMENT',
    },
  },
  notes: [
    "Ordinary procedure: 2 months, at most 3; +3 months with the superior court's approval (CPL 208), recorded by extend_trial; a further extension approved by the SPC is not modelled.",
    '判决书 flows back to 检 by law; pushing it to 公 and 司 is pilot practice (unverified).',
    "Second instance (CPL 243): P11 second_instance, opened on 上诉/抗诉; the victim's request that 检 protest (CPL 229) is not modelled.",
    'An appeal posted before the window ended (CPL 105 ¶3) and recorded after 生效 reopens the judgment: record_posted_appeal voids the 交付执行 opened on 生效.',
    'An acquittal means release at once (CPL 260): the server should raise a P4 release task.',
  ],
});
