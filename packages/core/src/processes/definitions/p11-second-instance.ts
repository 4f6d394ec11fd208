/**
 * P11 第二审 — the second instance after a 上诉 (CPL 227, 231) or a 抗诉 (CPL 228, 232), opened by
 * the platform in the first-instance court's draft when P3 records it (branches.md).
 *
 * 一审法院 sends the file up within 3 days (CPL 231) → 二审法院 accepts: 2 months (CPL 243) →
 * the 同级检 (the superior of the protesting 检) reads the file: one month, not counted in the trial
 * period (CPL 235: the trial clock pauses) → 维持 / 改判 (final at once, CPL 244 → 交付执行, P5) or
 * 发回重审 (CPL 236; P3 `receive_remand` restarts the first-instance period, CPL 239, 241).
 * The superior procuratorate may withdraw a protest (CPL 232).
 */
import { art, defineProcess, type TGuard } from '../definition';
import { maxCount } from '../guards';
import { DECIDERS, HANDLERS, INTAKE, SENDERS, reasonField } from './common';

const court = ['court'] as const;
const procuratorate = ['procuratorate'] as const;

/** CPL 232: only a protest can be withdrawn, by the superior procuratorate. */
const ONLY_A_PROTEST: TGuard = {
  code: 'not_a_protest',
  zh: '本案第二审由上诉引起，没有可撤回的抗诉（刑事诉讼法第二百三十二条）',
  en: 'This second instance follows an appeal: there is no protest to withdraw (CPL 232)',
  articles: [art('CPL', '232')],
  // the platform records the state of P3 that opened this instance: PROTESTED or APPEALED
  check: ({ instance }) =>
    instance.data.fromState === 'PROTESTED' || (instance.data.fromState === undefined && instance.data.appealKind === 'protest')
      ? { ok: true }
      : { ok: false, details: { openedBy: instance.data.fromState ?? null, appealKind: instance.data.appealKind ?? null } },
};

const OUTCOME_FROM: ['ACCEPTED', 'HEARING'] = ['ACCEPTED', 'HEARING'];

/** CPL 243 ¶1: +2 months with the 高级法院's approval (CPL 158 cases, 死刑, 附带民事), once; the period stays where the case stands. */
const extendTrialIn = <S extends 'ACCEPTED' | 'HEARING'>(state: S) => ({
  action: 'extend_trial',
  from: [state],
  to: state,
  actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
  label: { zh: '经批准延长二审期限二个月', en: 'Extend by two months (approved)' },
  articles: [art('CPL', '243')],
  input: [
    { name: 'extensionMonths', type: 'integer', required: true, min: 2, max: 2, zh: '延长月数（经高级人民法院批准）', en: 'Months (approved by the high court)' },
    reasonField(),
  ],
  guards: [
    maxCount({
      code: 'cpl243_extension_once', counter: 'trialExtensions', max: 1,
      zh: '二审期限经高级人民法院批准只能延长二个月一次；再延长须报最高人民法院（刑事诉讼法第二百四十三条）',
      en: 'CPL 243: one two-month extension by the high court; more only by the SPC', articles: [art('CPL', '243')],
    }),
  ],
  counters: { trialExtensions: 1 },
  notify: 'superior',
  timers: { extend: ['second_instance_trial'] },
}) as const;

export const secondInstanceProcess = defineProcess({
  code: 'second_instance',
  ref: 'P11',
  name: { zh: '第二审', en: 'Second instance' },
  articles: [art('CPL', '231'), art('CPL', '232'), art('CPL', '235'), art('CPL', '236'), art('CPL', '243'), art('CPL', '244')],
  initiator: { agencyTypes: court },
  // the court one level up (中级法院 for a 基层法院's judgment), and the procuratorate at its level
  receiver: { agencyTypes: court, level: 'superior' },
  superior: { agencyTypes: procuratorate, level: 'same' },
  inherits: ['verdict'],
  states: {
    DRAFT: { zh: '待移送第二审', en: 'To be sent up', kind: 'draft' },
    SENT: { zh: '已移送第二审法院', en: 'Sent to the second-instance court', kind: 'sent' },
    ACCEPTED: { zh: '第二审受理', en: 'Accepted', kind: 'accepted' },
    PROCURATORATE_REVIEW: { zh: '检察院阅卷', en: 'Procuratorate reading the file', kind: 'waiting' },
    HEARING: { zh: '第二审审理', en: 'Second-instance trial', kind: 'review' },
    UPHELD: { zh: '维持原判', en: 'Upheld', terminal: true, kind: 'executed' },
    AMENDED: { zh: '改判', en: 'Judgment amended', terminal: true, kind: 'executed' },
    REMANDED: { zh: '发回重审', en: 'Remanded for retrial', terminal: true, kind: 'closed' },
    PROTEST_WITHDRAWN: { zh: '撤回抗诉', en: 'Protest withdrawn', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  initialTimers: ['file_transfer'],
  transitions: [
    {
      action: 'send_file',
      from: ['DRAFT'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: court, roles: SENDERS },
      label: { zh: '移送上诉（抗诉）案件及案卷', en: 'Send the appeal and the file up' },
      articles: [art('CPL', '231'), art('CPL', '232')],
      documents: { optional: ['appeal_petition', 'protest', 'custody_transfer_certificate'] },
      input: [
        {
          // known to the platform when it opened the instance from P3 (data.fromState); entered when started by hand
          name: 'appealKind', type: 'enum', required: false, persist: true, zh: '案件来源', en: 'Brought by',
          values: { appeal: { zh: '被告人上诉', en: 'Appeal' }, protest: { zh: '人民检察院抗诉', en: 'Protest' } },
        },
      ],
      notify: 'all',
      timers: { stop: ['file_transfer'] },
    },
    {
      action: 'accept',
      from: ['SENT'],
      to: 'ACCEPTED',
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '第二审立案受理', en: 'Accept the appeal' },
      articles: [art('CPL', '243')],
      notify: 'all',
      timers: { start: ['second_instance_trial'] },
    },
    {
      action: 'send_to_procuratorate',
      from: ['ACCEPTED'],
      to: 'PROCURATORATE_REVIEW',
      actor: { side: 'receiver', agencyTypes: court, roles: HANDLERS },
      label: { zh: '决定开庭并通知检察院阅卷', en: 'Hearing decided: file to the procuratorate' },
      // CPL 235: 人民检察院应当在一个月以内查阅完毕。人民检察院查阅案卷的时间不计入审理期限
      articles: [art('CPL', '235')],
      notify: 'superior',
      timers: { pause: ['second_instance_trial'], start: ['procuratorate_review'] },
    },
    {
      action: 'return_file',
      from: ['PROCURATORATE_REVIEW'],
      to: 'HEARING',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: SENDERS },
      label: { zh: '阅卷完毕退还案卷', en: 'File read: return it' },
      articles: [art('CPL', '235')],
      notify: 'receiver',
      timers: { stop: ['procuratorate_review'], resume: ['second_instance_trial'] },
    },
    {
      action: 'open_hearing',
      from: ['ACCEPTED'],
      to: 'HEARING',
      actor: { side: 'receiver', agencyTypes: court, roles: HANDLERS },
      label: { zh: '不开庭审理（书面审理）', en: 'Decide without a hearing' },
      articles: [art('CPL', '234')],
      notify: 'superior',
    },
    extendTrialIn('ACCEPTED'),
    extendTrialIn('HEARING'),
    {
      action: 'uphold',
      from: OUTCOME_FROM,
      to: 'UPHELD',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '裁定驳回上诉（抗诉），维持原判', en: 'Dismiss the appeal, uphold the judgment' },
      articles: [art('CPL', '236'), art('CPL', '244'), art('CPL', '259')],
      documents: { produces: ['criminal_ruling'] },
      flowsBack: true,
      notify: 'all',
      // CPL 244: final when pronounced; the first-instance court delivers for execution (CPL 264)
      startsProcess: 'judgment_execution',
      startsProcessBy: 'initiator',
      startsProcessUnless: { field: 'verdict', values: ['acquitted', 'guilty_exempted'] },
    },
    {
      action: 'amend',
      from: OUTCOME_FROM,
      to: 'AMENDED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '改判', en: 'Amend the judgment' },
      articles: [art('CPL', '236'), art('CPL', '244'), art('CPL', '259')],
      documents: { produces: ['criminal_judgment'] },
      input: [
        {
          name: 'verdict', type: 'enum', required: true, persist: true, zh: '改判结果', en: 'Amended verdict',
          values: {
            guilty: { zh: '有罪（判处刑罚）', en: 'Guilty, sentenced' },
            guilty_suspended: { zh: '有罪（缓刑）', en: 'Guilty, suspended' },
            guilty_exempted: { zh: '有罪（免予刑事处罚）', en: 'Guilty, exempted from punishment' },
            acquitted: { zh: '无罪', en: 'Acquitted' },
          },
        },
      ],
      flowsBack: true,
      notify: 'all',
      startsProcess: 'judgment_execution',
      startsProcessBy: 'initiator',
      startsProcessUnless: { field: 'verdict', values: ['acquitted', 'guilty_exempted'] },
    },
    {
      action: 'remand',
      from: OUTCOME_FROM,
      to: 'REMANDED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '裁定撤销原判，发回重审', en: 'Set aside and remand for retrial' },
      articles: [art('CPL', '236'), art('CPL', '238'), art('CPL', '239')],
      documents: { produces: ['criminal_ruling'] },
      input: [reasonField('发回重审的理由', 'Grounds for remand')],
      flowsBack: true,
      notify: 'all',
    },
    {
      action: 'withdraw_protest',
      // CPL 232: withdrawn before the second-instance court, i.e. once the protest is there
      from: ['SENT', 'ACCEPTED', 'PROCURATORATE_REVIEW', 'HEARING'],
      to: 'PROTEST_WITHDRAWN',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '撤回抗诉', en: 'Withdraw the protest' },
      articles: [art('CPL', '232')],
      documents: { produces: ['protest_withdrawal'] },
      input: [reasonField()],
      guards: [ONLY_A_PROTEST],
      notify: 'all',
    },
  ],
  timers: {
    file_transfer: {
      zh: '移送第二审法院',
      en: 'Sending the appeal up',
      amount: 3,
      unit: 'day',
      inCustody: false,
      startsOn: '收到上诉状（抗诉书）',
      articles: [art('CPL', '231')],
      warnDays: 1,
    },
    second_instance_trial: {
      zh: '第二审审理期限',
      en: 'Second-instance trial period',
      amount: 2,
      unit: 'month',
      inCustody: 'person',
      startsOn: '第二审受理',
      articles: [art('CPL', '243')],
      extendBy: { field: 'extensionMonths', unit: 'month' },
      warnDays: 7,
    },
    procuratorate_review: {
      zh: '检察院查阅案卷',
      en: 'Procuratorate reading the file',
      amount: 1,
      unit: 'month',
      inCustody: false,
      startsOn: '第二审法院通知阅卷',
      articles: [art('CPL', '235')],
      warnDays: 5,
    },
  },
  notes: [
    'The second-instance procuratorate is the procuratorate at the level of the second-instance court (its region), resolved when the platform opens the process.',
    'After a withdrawn protest the first-instance judgment takes effect if no appeal was made (CPL 232); the platform does not yet reopen P3 for 生效.',
    'A case retried after remand that is appealed again may not be remanded a second time (CPL 236 ¶2): not yet a guard.',
  ],
});
