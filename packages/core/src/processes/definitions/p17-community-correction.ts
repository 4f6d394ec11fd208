/**
 * P17 社区矫正 — the 执行地社区矫正机构 takes the offender in and reports back to the 决定机关
 * (post-judgment.md §5; 社区矫正法 20–22, 28, 44, 46, 48). P5 delivers the documents (notice ≤ 5
 * days, documents ≤ 10 days, 社区矫正法 20); this flow starts where P5 ends for 管制, 缓刑, 假释
 * and 暂予监外执行: the offender reports within 10 days of the judgment taking effect (§21 ¶1),
 * is registered (§22); a late report, breaches and a 撤销缓刑/假释 proposal flow back to the
 * deciding court, the procuratorate beside it (the superior side) sees every step; the court
 * rules on a revocation proposal within 30 days (§48, sec.).
 */
import { art, defineProcess } from '../definition';
import { afterTimerDue, factDate } from '../guards';
import { DECIDERS, EXECUTORS, HANDLERS, INTAKE, SENDERS, reasonField } from './common';

const correction = ['correction'] as const;
const deciders = ['court', 'justice', 'police'] as const;
const CCL = (a: string, basis?: 'sec.') => art('COMMUNITY_CORRECTION_LAW', a, basis);

export const communityCorrectionProcess = defineProcess({
  code: 'community_correction',
  ref: 'P17',
  name: { zh: '社区矫正交付接收与监督管理', en: 'Community correction: intake and supervision' },
  articles: [CCL('20'), CCL('21'), CCL('22'), CCL('28'), CCL('44'), CCL('46'), CCL('48', 'sec.')],
  initiator: { agencyTypes: correction },
  // 决定机关: the court (管制, 缓刑, 假释, court-decided 暂予监外执行), 监狱管理机关 (司法), 公安
  receiver: { agencyTypes: deciders },
  // the 人民检察院 beside the deciding authority is copied on the notices and rulings (§20, §46)
  superior: { agencyTypes: ['procuratorate'], level: 'same' },
  states: {
    DRAFT: { zh: '已接收法律文书', en: 'Documents received', kind: 'draft' },
    AWAITING_REPORT: { zh: '待社区矫正对象报到', en: 'Awaiting the offender\'s report', kind: 'waiting' },
    ABSENT: { zh: '逾期未报到', en: 'Failed to report', kind: 'returned' },
    UNDER_CORRECTION: { zh: '社区矫正中', en: 'Under correction', kind: 'accepted' },
    REVOCATION_PROPOSED: { zh: '已提出撤销缓刑（假释）建议', en: 'Revocation proposed', kind: 'review' },
    REVOKED: { zh: '已裁定撤销，收监执行', en: 'Revoked; committed to prison', terminal: true, kind: 'decided' },
    TERMINATED: { zh: '矫正期满，解除社区矫正', en: 'Correction term completed', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'open_intake',
      from: ['DRAFT'],
      to: 'AWAITING_REPORT',
      actor: { side: 'initiator', agencyTypes: correction, roles: EXECUTORS },
      label: { zh: '登记交付接收，等待报到', en: 'Register the hand-over and await the report' },
      articles: [CCL('20'), CCL('21')],
      input: [
        { name: 'personName', type: 'text', required: true, persist: true, maxLength: 50, zh: '社区矫正对象', en: 'Offender' },
        {
          name: 'correctionKind', type: 'enum', required: true, persist: true, zh: '矫正类别', en: 'Kind',
          values: {
            probation: { zh: '缓刑', en: 'Suspended sentence' },
            parole: { zh: '假释', en: 'Parole' },
            control: { zh: '管制', en: 'Public surveillance' },
            temporary_release: { zh: '暂予监外执行', en: 'Temporary execution outside prison' },
          },
        },
        // §21 ¶1: the 10 days run from the judgment (ruling, decision) taking effect, not from the click
        { name: 'effectiveOn', type: 'date', required: true, persist: true, zh: '判决、裁定、决定生效日期', en: 'Day the judgment took effect' },
      ],
      guards: [factDate({ code: 'effective_date_invalid', field: 'effectiveOn', zh: '生效日期不能晚于今天，也不能早于案发时间', en: 'The effective date cannot lie in the future or before the offence', articles: [CCL('21')] })],
      notify: 'none',
      timers: { start: ['report_in'] },
    },
    {
      action: 'register_report',
      from: ['AWAITING_REPORT', 'ABSENT'],
      to: 'UNDER_CORRECTION',
      actor: { side: 'initiator', agencyTypes: correction, roles: EXECUTORS },
      label: { zh: '报到登记，宣告矫正事项', en: 'Register the report and announce the terms' },
      articles: [CCL('21'), CCL('22')],
      input: [{ name: 'reportedOn', type: 'date', required: true, persist: true, zh: '报到日期', en: 'Day reported' }],
      guards: [factDate({ code: 'report_date_invalid', field: 'reportedOn', zh: '报到日期不能晚于今天，也不能早于案发时间', en: 'The report date cannot lie in the future or before the offence', articles: [CCL('21')] })],
      notify: 'all',
      timers: { stop: ['report_in'] },
    },
    {
      // 实施办法 (sec.): a missing offender is searched for and the 决定机关 told
      action: 'report_absence',
      from: ['AWAITING_REPORT'],
      to: 'ABSENT',
      actor: { side: 'initiator', agencyTypes: correction, roles: EXECUTORS },
      label: { zh: '逾期未报到，组织查找并通报决定机关', en: 'Report the failure to report to the deciding authority' },
      articles: [CCL('21'), art('COMMUNITY_CORRECTION_RULES', '—', 'sec.')],
      input: [reasonField('查找情况', 'Search so far')],
      guards: [afterTimerDue({
        code: 'report_period_running', timer: 'report_in', zh: '报到期限（判决生效之日起十日）尚未届满', en: 'The 10 days to report are not over yet', articles: [CCL('21')],
      })],
      notify: 'all',
    },
    {
      action: 'record_breach',
      from: ['UNDER_CORRECTION'],
      to: 'UNDER_CORRECTION',
      actor: { side: 'initiator', agencyTypes: correction, roles: HANDLERS },
      label: { zh: '记录违反监督管理规定（警告、提请治安管理处罚）', en: 'Record a breach (warning, public-security penalty)' },
      articles: [CCL('28')],
      input: [
        {
          name: 'sanction', type: 'enum', required: true, zh: '处理', en: 'Sanction',
          values: {
            warning: { zh: '警告', en: 'Warning' },
            security_penalty: { zh: '提请公安机关给予治安管理处罚', en: 'Public-security penalty proposed' },
          },
        },
        reasonField('违反的规定及事实', 'Rule breached and facts'),
      ],
      counters: { breaches: 1 },
      notify: 'all',
    },
    {
      action: 'propose_revocation',
      from: ['UNDER_CORRECTION', 'ABSENT'],
      to: 'REVOCATION_PROPOSED',
      actor: { side: 'initiator', agencyTypes: correction, roles: SENDERS },
      label: { zh: '提出撤销缓刑（假释）建议', en: 'Propose revoking probation or parole' },
      articles: [CCL('46'), CCL('48', 'sec.')],
      documents: { produces: ['revocation_proposal'] },
      input: [reasonField('撤销事由', 'Grounds')],
      notify: 'all',
      timers: { start: ['revocation_ruling'] },
    },
    {
      action: 'rule_revocation',
      from: ['REVOCATION_PROPOSED'],
      to: 'REVOKED',
      actor: { side: 'receiver', agencyTypes: ['court'], roles: DECIDERS },
      label: { zh: '裁定撤销缓刑（假释），收监执行', en: 'Rule the revocation; commit to prison' },
      articles: [CCL('46'), CCL('48', 'sec.')],
      documents: { produces: ['criminal_ruling'] },
      flowsBack: true,
      notify: 'all',
    },
    {
      action: 'reject_revocation',
      from: ['REVOCATION_PROPOSED'],
      to: 'UNDER_CORRECTION',
      actor: { side: 'receiver', agencyTypes: ['court'], roles: DECIDERS },
      label: { zh: '裁定不予撤销', en: 'Rule against revocation' },
      articles: [CCL('48', 'sec.')],
      documents: { produces: ['criminal_ruling'] },
      input: [reasonField('不予撤销的理由', 'Reasons')],
      flowsBack: true,
      notify: 'all',
      timers: { stop: ['revocation_ruling'] },
    },
    {
      action: 'end_correction',
      from: ['UNDER_CORRECTION'],
      to: 'TERMINATED',
      actor: { side: 'initiator', agencyTypes: correction, roles: INTAKE },
      label: { zh: '矫正期满，宣告解除并通知决定机关', en: 'Term completed: release and notify' },
      articles: [CCL('44')],
      documents: { produces: ['correction_termination_certificate'] },
      notify: 'all',
    },
  ],
  timers: {
    report_in: {
      zh: '社区矫正对象报到', en: 'Offender reports in', amount: 10, unit: 'day', inCustody: false,
      startsOn: '判决、裁定、决定生效', startFrom: 'effectiveOn', articles: [CCL('21')], warnDays: 3,
    },
    revocation_ruling: {
      zh: '撤销缓刑（假释）裁定', en: 'Ruling on the revocation proposal', amount: 30, unit: 'day', inCustody: false,
      startsOn: '收到撤销缓刑、假释建议书', articles: [CCL('48', 'sec.')], basis: 'sec.', warnDays: 7,
    },
  },
  notes: [
    'P5 delivers the documents to the 社区矫正机构 (notice 5 days, documents 10 days, 社区矫正法 20); this flow begins with the documents received.',
    '暂予监外执行 decided by a 监狱管理机关 or 公安: P19 hands the person over (≤ 10 days, 社区矫正法 21 ¶3); supervision then runs here.',
    'A person in custody pending the revocation ruling (社区矫正法 47) is not modelled.',
  ],
});
