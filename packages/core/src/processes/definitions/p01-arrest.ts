/**
 * P1 逮捕业务 — 提请批准逮捕 → 审查逮捕 (processes.md P1).
 * 公 (approved by 县级以上公安机关负责人) → 检 (案管 → 捕诉部门); 复核 by 上一级检.
 */
import { belowFixedTerm, type TPenalty } from '../../charges';
import { art, defineProcess, type TActionWarning, type TGuard, type TInputField, type TTimerSpec } from '../definition';
import { maxCount } from '../guards';
import { APPROVAL_GUARDS, DECIDERS, EXECUTORS, HANDLERS, INTAKE, NO_UNEXCLUDED_ILLEGAL_EVIDENCE, SENDERS, noteField, reasonField, reviewOpinionSteps } from './common';
import { arrestedAtField, detainedAtField, detentionCentreField, personIdField } from '../../custody/fields';

const police = ['police'] as const;
const procuratorate = ['procuratorate'] as const;

const CPL81_ZH =
  '所涉罪名的法定最高刑低于有期徒刑（如危险驾驶罪最高拘役），不符合逮捕条件（刑事诉讼法第八十一条）；如仍提请，须由审批人填写理由';
const CPL81_EN =
  'The charges carry less than fixed-term imprisonment (e.g. dangerous driving: criminal detention at most), short of CPL 81; an approver must record why to request arrest anyway';

const CPL81_REASON: TInputField = {
  name: 'cpl81Reason',
  type: 'text',
  required: false,
  zh: '可能判处有期徒刑以上刑罚的理由（审批人填写）',
  en: 'Why a sentence of fixed-term imprisonment or more is possible (approver)',
};

/** CPL 81: arrest only where 有期徒刑 or more is possible; below that, a warning on the card. */
const CPL81_WARNING: TActionWarning = {
  code: 'cpl81_penalty_below_fixed_term',
  zh: CPL81_ZH,
  en: CPL81_EN,
  articles: [art('CPL', '81')],
  when: ({ facts }) => facts?.maxPenalty !== undefined && belowFixedTerm(facts.maxPenalty as TPenalty),
};

/** …and only an approver may send it, with the reason on record. */
const CPL81_GUARD: TGuard = {
  code: 'cpl81_penalty_below_fixed_term',
  zh: CPL81_ZH,
  en: CPL81_EN,
  articles: [art('CPL', '81')],
  needsInput: true,
  check: ({ facts, input, role, instance }) => {
    if (!CPL81_WARNING.when({ instance, facts })) return { ok: true };
    const reason = typeof input.cpl81Reason === 'string' ? input.cpl81Reason.trim() : '';
    if (role !== 'approver') return { ok: false, details: { maxPenalty: facts?.maxPenalty, problem: 'approver_required' } };
    return reason ? { ok: true } : { ok: false, details: { maxPenalty: facts?.maxPenalty, problem: 'reason_required', field: 'cpl81Reason' } };
  },
};

/** 24 hours from the detention or arrest time entered (CPL 85, 86, 93, 94); a person held by definition. */
function hours24(zh: string, en: string, from: 'detainedAt' | 'arrestedAt', article: string): TTimerSpec {
  return {
    zh, en, amount: 24, unit: 'hour', inCustody: true, startsOn: from === 'detainedAt' ? '拘留时间' : '逮捕时间', startFrom: from,
    articles: [art('CPL', article)], warnDays: 0,
  };
}

/** The hour periods that run from the recorded detention time (CPL 85 ¶2, 86). */
const DETENTION_HOUR_TIMERS = ['detention_delivery', 'detention_family_notice', 'detention_interrogation'] as const;

/** The hour periods that run from the recorded arrest time (CPL 93, 94). */
const ARREST_HOUR_TIMERS = ['arrest_family_notice', 'arrest_interrogation'] as const;

/** CPL 93, 94: the family notice and the first interrogation are on record before the arrest is closed with the receipt. */
const ARREST_STEPS_RECORDED: TGuard = {
  code: 'arrest_steps_not_recorded',
  zh: '请先登记逮捕后通知家属和讯问（刑事诉讼法第九十三条、第九十四条），再送达执行回执',
  en: 'Record the family notice and the interrogation after arrest (CPL 93, 94) before the receipt',
  articles: [art('CPL', '93'), art('CPL', '94')],
  check: ({ instance }) => ((instance.counters.arrestStepsRecorded ?? 0) > 0 ? { ok: true } : { ok: false, details: { counter: 'arrestStepsRecorded' } }),
};

/** 县级以上公安机关负责人 approves the extension (CPL 91 ¶1–2). */
const DECIDERS_POLICE = DECIDERS;

/** CPL 91 ¶1: 1–4 days in a special case; ¶2: to 30 days in all (27 more) for a roving/serial/gang suspect. */
const DETENTION_EXTENSION_GUARD: TGuard = {
  code: 'cpl91_extension_length',
  zh: '延长提请批准逮捕的期限：特殊情况延长一日至四日；流窜作案、多次作案、结伙作案的重大嫌疑分子延长至三十日（刑事诉讼法第九十一条）',
  en: 'CPL 91: a special case adds 1–4 days; a roving / serial / gang suspect up to 30 days in all',
  articles: [art('CPL', '91')],
  needsInput: true,
  check: ({ input }) => {
    const days = Number(input.extensionDays);
    const max = input.extensionGround === 'gang' ? 27 : 4;
    return days >= 1 && days <= max ? { ok: true } : { ok: false, details: { extensionDays: days, max, field: 'extensionDays' } };
  },
};

const DETENTION_EXTENDED_ONCE = maxCount({
  code: 'cpl91_extension_once',
  counter: 'detentionExtensions',
  max: 1,
  zh: '提请批准逮捕的期限已经延长过一次（刑事诉讼法第九十一条）',
  en: 'The time to request arrest has already been extended (CPL 91)',
  articles: [art('CPL', '91')],
});

/** CPL 91 ¶3: a suspect held gets the 7-day review; the not-detained lengths are not for a detainee. */
const CUSTODY_MATCHES_DETENTION: TGuard = {
  code: 'cpl91_custody_status',
  zh: '犯罪嫌疑人已被拘留，审查批准逮捕的期限为七日，羁押状态应为“已被拘留”（刑事诉讼法第九十一条第三款）',
  en: 'The suspect is detained: the review runs 7 days (CPL 91 ¶3); custody must be "detained"',
  articles: [art('CPL', '91')],
  needsInput: true,
  check: ({ instance, input, facts }) => {
    const held = instance.state === 'DETAINED' || facts?.personHeld === true;
    return held && input.custody !== 'detained' ? { ok: false, details: { field: 'custody', custody: input.custody } } : { ok: true };
  },
};

export const arrestProcess = defineProcess({
  code: 'arrest',
  ref: 'P1',
  name: { zh: '逮捕业务（提请批准逮捕）', en: 'Arrest: request for approval' },
  articles: [
    art('CPL', '87'),
    art('CPL', '88'),
    art('CPL', '90'),
    art('CPL', '91'),
    art('CPL', '92'),
    art('CPL', '93'),
    art('CPL', '94'),
  ],
  initiator: { agencyTypes: police },
  receiver: { agencyTypes: procuratorate, level: 'same' },
  superior: { agencyTypes: procuratorate, level: 'superior' },
  states: {
    DRAFT: { zh: '拟稿', en: 'Draft', kind: 'draft' },
    DETAINED: { zh: '已刑事拘留', en: 'Suspect detained', kind: 'draft' },
    SENT: { zh: '已提请', en: 'Submitted', kind: 'sent' },
    RETURNED_FOR_CORRECTION: { zh: '退回补正', en: 'Returned for correction', kind: 'returned' },
    ACCEPTED: { zh: '已受理', en: 'Accepted', kind: 'accepted' },
    IN_REVIEW: { zh: '审查中', en: 'In review', kind: 'review' },
    AWAITING_APPROVAL: { zh: '审查意见待审批', en: 'Opinion awaiting approval', kind: 'review' },
    APPROVED: { zh: '批准逮捕', en: 'Arrest approved', kind: 'decided' },
    REJECTED: { zh: '不批准逮捕', en: 'Arrest refused', kind: 'decided' },
    REJECTION_EXECUTED: { zh: '已释放或变更强制措施', en: 'Released or measure changed', kind: 'executed' },
    RECONSIDERING: { zh: '复议中', en: 'Reconsideration', kind: 'review' },
    RECONSIDERATION_UPHELD: { zh: '复议维持', en: 'Refusal upheld on reconsideration', kind: 'decided' },
    SUPERIOR_REVIEW: { zh: '上一级检察院复核中', en: 'Review by the superior procuratorate', kind: 'review' },
    SUPERIOR_REVERSED: { zh: '复核改变原决定（待作出批准逮捕决定）', en: 'Reversed on review: approval to be issued', kind: 'decided' },
    ARRESTED: { zh: '已执行逮捕（待通知家属、讯问、回执）', en: 'Arrested (family notice, interrogation, receipt due)', kind: 'executed' },
    EXECUTED: { zh: '逮捕已执行', en: 'Arrest executed', terminal: true, kind: 'executed' },
    NOT_EXECUTED: { zh: '未能执行逮捕（已回执）', en: 'Arrest could not be executed (receipt returned)', terminal: true, kind: 'closed' },
    CLOSED: { zh: '已结束（未逮捕）', en: 'Closed (no arrest)', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      // CPL 91 ¶1: 3 days to request; a longer period is an approved extension (extend_detention),
      // not a track chosen when the detention is recorded.
      action: 'record_detention',
      from: ['DRAFT'],
      to: 'DETAINED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '登记刑事拘留', en: 'Record detention' },
      articles: [art('CPL', '85'), art('CPL', '86'), art('CPL', '91')],
      documents: {
        produces: ['detention_warrant'],
        optional: ['detention_family_notice'],
      },
      input: [personIdField, { ...detainedAtField, persist: true }, detentionCentreField],
      notify: 'none',
      timers: { start: ['detention_to_request', ...DETENTION_HOUR_TIMERS] },
    },
    {
      action: 'extend_detention',
      from: ['DETAINED'],
      to: 'DETAINED',
      actor: { side: 'initiator', agencyTypes: police, roles: DECIDERS_POLICE },
      label: { zh: '延长提请批准逮捕期限', en: 'Extend the time to request arrest' },
      articles: [art('CPL', '91')],
      documents: { produces: ['detention_extension_notice'] },
      input: [
        {
          name: 'extensionGround', type: 'enum', required: true, persist: true, zh: '延长理由', en: 'Ground',
          values: {
            special: { zh: '特殊情况（延长一日至四日）', en: 'Special case (1–4 days)' },
            gang: { zh: '流窜、多次、结伙作案的重大嫌疑分子（延长至三十日）', en: 'Roving / serial / gang suspect (up to 30 days)' },
          },
        },
        { name: 'extensionDays', type: 'integer', required: true, min: 1, max: 27, zh: '批准延长的日数', en: 'Days approved' },
      ],
      guards: [DETENTION_EXTENSION_GUARD, DETENTION_EXTENDED_ONCE],
      counters: { detentionExtensions: 1 },
      notify: 'none',
      timers: { extend: ['detention_to_request'] },
    },
    {
      action: 'confirm_custody_steps',
      from: ['DETAINED'],
      to: 'DETAINED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '登记送押、通知家属、讯问', en: 'Record delivery, family notice and interrogation' },
      articles: [art('CPL', '85'), art('CPL', '86')],
      documents: { optional: ['detention_family_notice'] },
      input: [noteField],
      notify: 'none',
      timers: { stop: [...DETENTION_HOUR_TIMERS] },
    },
    {
      action: 'submit',
      from: ['DRAFT', 'DETAINED'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '提请批准逮捕', en: 'Submit arrest request' },
      articles: [art('CPL', '87')],
      documents: { produces: ['arrest_request'] },
      input: [
        {
          name: 'custody',
          type: 'enum',
          required: true,
          persist: true,
          zh: '羁押状态',
          en: 'Custody status',
          values: {
            detained: { zh: '已被拘留', en: 'Detained' },
            not_detained: { zh: '未被拘留', en: 'Not detained' },
            not_detained_complex: { zh: '未被拘留（重大复杂）', en: 'Not detained, complex' },
          },
        },
        CPL81_REASON,
      ],
      warnings: [CPL81_WARNING],
      guards: [CUSTODY_MATCHES_DETENTION, CPL81_GUARD, NO_UNEXCLUDED_ILLEGAL_EVIDENCE],
      notify: 'receiver',
      // The review clock runs from receipt (SENT), processes.md §1.
      timers: { stop: ['detention_to_request', ...DETENTION_HOUR_TIMERS], start: ['arrest_review'] },
    },
    {
      action: 'return_for_correction',
      from: ['SENT'],
      to: 'RETURNED_FOR_CORRECTION',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: INTAKE },
      label: { zh: '退回补正', en: 'Return for correction' },
      basis: 'unverified',
      input: [reasonField('需补正的内容', 'What must be corrected')],
      notify: 'initiator',
      // Effect of 退回补正 on the review clock is unverified: it keeps running (the cautious reading for a detainee).
    },
    {
      action: 'resubmit',
      from: ['RETURNED_FOR_CORRECTION'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '补正后重新提请', en: 'Resubmit after correction' },
      documents: { produces: ['arrest_request'] },
      input: [CPL81_REASON],
      warnings: [CPL81_WARNING],
      guards: [CPL81_GUARD, NO_UNEXCLUDED_ILLEGAL_EVIDENCE],
      notify: 'receiver',
    },
    {
      action: 'accept',
      from: ['SENT'],
      to: 'ACCEPTED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: INTAKE },
      label: { zh: '受理', en: 'Accept' },
      documents: { optional: ['case_receipt_notice'] },
      flowsBack: true,
      notify: 'initiator',
    },
    {
      action: 'start_review',
      from: ['ACCEPTED'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '开始审查', en: 'Start review' },
      articles: [art('CPL', '88')],
      notify: 'none',
    },
    ...reviewOpinionSteps({ review: 'IN_REVIEW', awaiting: 'AWAITING_APPROVAL', agencyTypes: procuratorate, proposals: { approve: { zh: '批准逮捕', en: 'Approve arrest' }, reject: { zh: '不批准逮捕', en: 'Refuse arrest' } } }),
    {
      action: 'approve',
      from: ['AWAITING_APPROVAL'],
      to: 'APPROVED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '批准逮捕', en: 'Approve arrest' },
      articles: [art('CPL', '90')],
      documents: { produces: ['arrest_approval'] },
      flowsBack: true,
      guards: [...APPROVAL_GUARDS],
      notify: 'initiator',
      timers: { stop: ['arrest_review'] },
    },
    {
      action: 'reject',
      from: ['AWAITING_APPROVAL'],
      to: 'REJECTED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '不批准逮捕', en: 'Refuse arrest' },
      articles: [art('CPL', '90'), art('CPL', '91')],
      documents: {
        produces: ['arrest_refusal', 'arrest_refusal_reasons'],
        optional: ['supplementary_investigation_outline'],
      },
      input: [
        {
          name: 'ground',
          type: 'enum',
          required: true,
          persist: true,
          zh: '不捕理由',
          en: 'Ground',
          values: {
            no_crime: { zh: '不构成犯罪', en: 'No crime' },
            insufficient_evidence: { zh: '证据不足', en: 'Insufficient evidence' },
            no_necessity: { zh: '无逮捕必要', en: 'Arrest not necessary' },
          },
        },
        reasonField(),
      ],
      flowsBack: true,
      guards: [...APPROVAL_GUARDS],
      notify: 'initiator',
      timers: { stop: ['arrest_review'], start: ['release_on_refusal', 'rejection_receipt', 'reconsideration_request'] },
    },
    {
      action: 'execute_arrest',
      from: ['APPROVED'],
      to: 'ARRESTED',
      actor: { side: 'initiator', agencyTypes: police, roles: EXECUTORS },
      label: { zh: '执行逮捕', en: 'Execute the arrest' },
      articles: [art('CPL', '80'), art('CPL', '90'), art('CPL', '93'), art('CPL', '94')],
      // CPL 80: arrest only on the procuratorate's approval: the 批准逮捕决定书 must be in the file
      documents: { required: ['arrest_approval'], produces: ['arrest_warrant'], optional: ['arrest_family_notice'] },
      input: [arrestedAtField],
      notify: 'receiver',
      // CPL 93, 94: 24 hours from the arrest time entered; the receipt to the procuratorate (程序规定 138)
      timers: { start: [...ARREST_HOUR_TIMERS, 'arrest_execution_receipt'] },
    },
    {
      action: 'confirm_arrest_steps',
      from: ['ARRESTED'],
      to: 'ARRESTED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '登记送押、通知家属、讯问', en: 'Record delivery, family notice and interrogation' },
      articles: [art('CPL', '93'), art('CPL', '94')],
      documents: { optional: ['arrest_family_notice'] },
      input: [noteField],
      counters: { arrestStepsRecorded: 1 },
      notify: 'none',
      timers: { stop: [...ARREST_HOUR_TIMERS] },
    },
    {
      action: 'return_execution_receipt',
      from: ['ARRESTED'],
      to: 'EXECUTED',
      actor: { side: 'initiator', agencyTypes: police, roles: EXECUTORS },
      label: { zh: '送达执行回执', en: 'Return the execution receipt' },
      articles: [art('CPL', '90'), art('MPS_RULES', '138', 'sec.')],
      documents: { produces: ['execution_receipt'] },
      guards: [ARREST_STEPS_RECORDED],
      notify: 'receiver',
    },
    {
      // 程序规定 (sec.): an approved arrest that could not be carried out is reported back with the reason
      action: 'report_not_executed',
      from: ['APPROVED'],
      to: 'NOT_EXECUTED',
      actor: { side: 'initiator', agencyTypes: police, roles: EXECUTORS },
      label: { zh: '未能执行逮捕，回执说明原因', en: 'Report that the arrest could not be executed' },
      articles: [art('CPL', '90'), art('MPS_RULES', '—', 'sec.')],
      documents: { required: ['arrest_approval'], produces: ['execution_receipt'] },
      input: [reasonField('未能执行的原因', 'Why it could not be executed')],
      notify: 'receiver',
    },
    {
      action: 'return_rejection_receipt',
      from: ['REJECTED'],
      to: 'REJECTION_EXECUTED',
      actor: { side: 'initiator', agencyTypes: police, roles: EXECUTORS },
      label: { zh: '释放或变更强制措施并回执', en: 'Release or change measure, return receipt' },
      articles: [art('CPL', '91'), art('MPS_RULES', '—', 'sec.')],
      documents: {
        produces: ['execution_receipt'],
        optional: ['release_notice', 'release_certificate', 'bail_decision', 'residential_surveillance_decision'],
      },
      input: [
        {
          name: 'outcome',
          type: 'enum',
          required: true,
          zh: '执行结果',
          en: 'Outcome',
          values: {
            released: { zh: '释放', en: 'Released' },
            bail: { zh: '取保候审', en: 'Bail' },
            residential_surveillance: { zh: '监视居住', en: 'Residential surveillance' },
          },
        },
      ],
      notify: 'receiver',
      timers: { stop: ['release_on_refusal', 'rejection_receipt'] },
    },
    {
      // CPL 92: 复议 is possible only with the detained person already released, so it is offered
      // only after the release receipt.
      action: 'request_reconsideration',
      from: ['REJECTION_EXECUTED'],
      to: 'RECONSIDERING',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '要求复议', en: 'Request reconsideration' },
      articles: [art('CPL', '92')],
      documents: { produces: ['reconsideration_request'] },
      input: [reasonField()],
      notify: 'receiver',
      timers: { stop: ['reconsideration_request'], start: ['reconsideration_decision'] },
    },
    {
      action: 'accept_refusal',
      from: ['REJECTION_EXECUTED'],
      to: 'CLOSED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '接受不批捕决定', en: 'Accept the refusal' },
      input: [noteField],
      notify: 'receiver',
    },
    {
      action: 'uphold_on_reconsideration',
      from: ['RECONSIDERING'],
      to: 'RECONSIDERATION_UPHELD',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复议维持不批准逮捕', en: 'Uphold refusal on reconsideration' },
      articles: [art('CPL', '92')],
      documents: { produces: ['reconsideration_decision'] },
      input: [reasonField()],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['reconsideration_decision'], start: ['superior_review_request'] },
    },
    {
      action: 'reverse_on_reconsideration',
      from: ['RECONSIDERING'],
      to: 'APPROVED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复议撤销原决定并批准逮捕', en: 'Reverse on reconsideration and approve arrest' },
      articles: [art('CPL', '92')],
      documents: { produces: ['reconsideration_decision', 'arrest_approval'] },
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['reconsideration_decision'] },
    },
    {
      action: 'request_superior_review',
      from: ['RECONSIDERATION_UPHELD'],
      to: 'SUPERIOR_REVIEW',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '提请上一级检察院复核', en: 'Request review by the superior procuratorate' },
      articles: [art('CPL', '92')],
      documents: { required: ['reconsideration_decision'], produces: ['superior_review_request'] },
      input: [reasonField()],
      notify: 'all',
      timers: { stop: ['superior_review_request'], start: ['superior_review_decision'] },
    },
    {
      action: 'accept_reconsideration',
      from: ['RECONSIDERATION_UPHELD'],
      to: 'CLOSED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '接受复议决定', en: 'Accept the reconsideration decision' },
      input: [noteField],
      notify: 'receiver',
    },
    {
      action: 'uphold_on_superior_review',
      from: ['SUPERIOR_REVIEW'],
      to: 'CLOSED',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复核维持不批准逮捕', en: 'Superior upholds the refusal' },
      articles: [art('CPL', '92')],
      documents: { produces: ['superior_review_decision'] },
      input: [reasonField()],
      flowsBack: true,
      notify: 'both',
    },
    {
      // The superior's 复核决定 binds; the lower procuratorate then issues the 批准逮捕决定书
      // (规则, sec.): no arrest on the 复核决定书 alone (CPL 80, 92).
      action: 'reverse_on_superior_review',
      from: ['SUPERIOR_REVIEW'],
      to: 'SUPERIOR_REVERSED',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复核改变原决定（批准逮捕）', en: 'Superior reverses: arrest approved' },
      articles: [art('CPL', '92'), art('SPP_RULES', '—', 'sec.')],
      documents: { produces: ['superior_review_decision'] },
      flowsBack: true,
      notify: 'both',
      timers: { stop: ['superior_review_decision'] },
    },
    {
      action: 'approve_after_superior_review',
      from: ['SUPERIOR_REVERSED'],
      to: 'APPROVED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '依复核决定作出批准逮捕决定', en: 'Issue the approval as the superior decided' },
      articles: [art('CPL', '90'), art('CPL', '92'), art('SPP_RULES', '—', 'sec.')],
      documents: { required: ['superior_review_decision'], produces: ['arrest_approval'] },
      flowsBack: true,
      notify: 'initiator',
    },
  ],
  timers: {
    detention_to_request: {
      zh: '拘留后提请批准逮捕',
      en: 'Arrest request after detention',
      amount: 3,
      unit: 'day',
      inCustody: true,
      startsOn: '拘留时间',
      articles: [art('CPL', '91')],
      // CPL 91 ¶1–2: lengthened by the days actually approved (1–4, or to 30 days in all)
      extendBy: { field: 'extensionDays', unit: 'day' },
      warnDays: 1,
      deadlineId: 'DETENTION_TO_ARREST_REQUEST',
    },
    detention_delivery: hours24('拘留后送看守所羁押', 'Delivery to the detention centre after detention', 'detainedAt', '85'),
    detention_family_notice: hours24('拘留后通知家属', 'Family notice after detention', 'detainedAt', '85'),
    detention_interrogation: hours24('拘留后讯问', 'Interrogation after detention', 'detainedAt', '86'),
    arrest_family_notice: hours24('逮捕后通知家属', 'Family notice after arrest', 'arrestedAt', '93'),
    arrest_interrogation: hours24('逮捕后讯问', 'Interrogation after arrest', 'arrestedAt', '94'),
    arrest_execution_receipt: {
      // 程序规定 138 (2020) says 立即执行 and send the receipt without a count; the 3 days are the
      // earlier text's (执行完毕后三日以内, sec.): data, not enforced
      zh: '执行逮捕后送达执行回执', en: 'Receipt after the arrest is executed', amount: 3, unit: 'day',
      inCustody: false, startsOn: '执行逮捕', articles: [art('CPL', '90'), art('MPS_RULES', '138', 'sec.')], basis: 'sec.', warnDays: 1,
    },
    release_on_refusal: {
      zh: '不批准逮捕后立即释放或变更强制措施', en: 'Release at once after refusal', amount: 0, unit: 'day',
      inCustody: 'person', startsOn: '收到不批准逮捕决定', articles: [art('CPL', '91'), art('CPL', '92')], warnDays: 0,
    },
    arrest_review: {
      zh: '审查逮捕',
      en: 'Arrest review',
      amount: 7,
      unit: 'day',
      // CPL 105 ¶2: custody only while the suspect is held; not held → a holiday last day moves
      inCustody: 'person',
      startsOn: '收到提请批准逮捕书',
      articles: [art('CPL', '91')],
      variantBy: 'custody',
      variants: {
        not_detained: {
          zh: '未被拘留',
          en: 'not detained',
          amount: 15,
          unit: 'day',
          articles: [art('SPP_RULES', '282', 'sec.')],
          basis: 'sec.',
          deadlineId: 'ARREST_REVIEW_NOT_DETAINED',
        },
        not_detained_complex: {
          zh: '未被拘留、重大复杂',
          en: 'not detained, complex',
          amount: 20,
          unit: 'day',
          articles: [art('SPP_RULES', '282', 'sec.')],
          basis: 'sec.',
        },
      },
      warnDays: 2,
      deadlineId: 'ARREST_REVIEW_DETAINED',
    },
    rejection_receipt: {
      zh: '不批捕执行回执',
      en: 'Receipt after refusal',
      amount: 3,
      unit: 'day',
      inCustody: false,
      articles: [art('MPS_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 1,
    },
    reconsideration_request: {
      zh: '要求复议期限',
      en: 'Time to request reconsideration',
      amount: 5,
      unit: 'day',
      inCustody: false,
      articles: [art('CPL', '92'), art('MPS_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 1,
    },
    reconsideration_decision: {
      zh: '复议决定期限',
      en: 'Reconsideration decision',
      amount: 7,
      unit: 'day',
      inCustody: false,
      articles: [art('SPP_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 2,
    },
    superior_review_request: {
      zh: '提请复核期限',
      en: 'Time to request superior review',
      amount: 5,
      unit: 'day',
      inCustody: false,
      articles: [art('MPS_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 1,
    },
    superior_review_decision: {
      zh: '复核决定期限',
      en: 'Superior review decision',
      amount: 15,
      unit: 'day',
      inCustody: false,
      // CPL 92 says 立即复核; the 15 days are the 规则's (sec.), not the statute's
      articles: [art('SPP_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 3,
    },
  },
  notes: [
    '24-hour limits after detention and arrest (delivery, family notice, first interrogation; CPL 85, 86, 93, 94) run from the time entered; confirm_custody_steps / confirm_arrest_steps record them.',
    '侦查羁押 (2 months from arrest, CPL 156) is the person\'s custody timer (core custody/), started on execute_arrest; P8 extends it.',
    '复议/复核 continue in the same instance (they follow the decision in sequence).',
  ],
});
