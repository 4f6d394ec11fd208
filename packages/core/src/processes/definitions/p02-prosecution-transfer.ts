/**
 * P2 移送审查起诉 — 公 transfers a finished investigation to 检 for review (processes.md P2).
 * 退回补充侦查 at most twice, review period restarts on each resubmission (CPL 175);
 * 起诉 / 不起诉 (法定, 酌定, 存疑); 公 may ask 复议, then 上一级检 复核 (CPL 179).
 */
import { art, defineProcess, type TGuard, type TTransitionSpec } from '../definition';
import { afterTimerDue, factDate, maxCount, withinTimer } from '../guards';
import { APPROVAL_GUARDS, DECIDERS, EXECUTORS, HANDLERS, INTAKE, NO_UNEXCLUDED_ILLEGAL_EVIDENCE, SENDERS, noteField, reasonField, reviewOpinionSteps } from './common';
import { pleaStandsAtReview, SENTENCING_COMPLETE, SENTENCING_FIELDS } from './plea';

const police = ['police'] as const;
const procuratorate = ['procuratorate'] as const;

/** CPL 172 ¶1, 173 ¶2: 认罪认罚 follows the notice of rights and of the rules on leniency. */
const PLEA_NOTIFIED: TGuard = {
  code: 'cpl173_plea_rights_not_notified',
  zh: '应当先告知犯罪嫌疑人享有的诉讼权利和认罪认罚的法律规定（刑事诉讼法第一百七十三条第二款）',
  en: 'The suspect must first be told of their rights and the law on guilty pleas (CPL 173 ¶2)',
  articles: [art('CPL', '173 ¶2')],
  check: ({ instance }) => ((instance.counters.pleaNotices ?? 0) > 0 ? { ok: true } : { ok: false, details: { problem: 'not_notified' } }),
};

const NO_PLEA_YET: TGuard = {
  code: 'plea_already_recorded',
  zh: '认罪认罚已记录；如犯罪嫌疑人反悔，请先记录撤回',
  en: 'A plea is already recorded; record its withdrawal first',
  articles: [art('CPL', '174')],
  check: ({ instance }) => (pleaStandsAtReview(instance.counters) ? { ok: false, details: { problem: 'plea_recorded' } } : { ok: true }),
};

const PLEA_STANDS: TGuard = {
  code: 'no_plea_recorded',
  zh: '尚无认罪认罚记录（具结书或刑事诉讼法第一百七十四条第二款的情形）',
  en: 'No guilty plea is recorded (affidavit or a CPL 174 ¶2 case)',
  articles: [art('CPL', '172'), art('CPL', '174')],
  check: ({ instance }) => (pleaStandsAtReview(instance.counters) ? { ok: true } : { ok: false, details: { problem: 'no_plea' } }),
};

/**
 * CPL 174 ¶1: the suspect signs the 具结书 in the presence of a 辩护人 or 值班律师. The signature and
 * fingerprint are sealed as for a 笔录 (a confirmed record of kind plea_agreement naming the counsel),
 * and a 值班律师 is the one the legal-aid office assigned on this case (P12).
 */
const COUNSEL_PRESENT: TGuard = {
  code: 'cpl174_counsel_not_present',
  zh: '认罪认罚具结书应当由犯罪嫌疑人在辩护人或者值班律师在场的情况下签署并捺印，值班律师须为法律援助机构指派（刑事诉讼法第一百七十四条）',
  en: 'The affidavit is signed and fingerprinted by the suspect with counsel present; a duty lawyer must be the one assigned (CPL 174)',
  articles: [art('CPL', '174'), art('CPL', '36')],
  needsInput: true,
  check: ({ input, facts }) => {
    const licenseNo = String(input.counselLicenseNo ?? '');
    const sealed = (facts?.sealedPleaRecords ?? []).find((r) => r.id === input.pleaRecordId);
    if (!sealed) return { ok: false, details: { field: 'pleaRecordId', problem: 'not_sealed' } };
    if (sealed.counselLicenseNo !== licenseNo) return { ok: false, details: { field: 'counselLicenseNo', problem: 'counsel_not_in_record' } };
    if (input.counselKind === 'duty_lawyer' && !(facts?.dutyLawyers ?? []).some((l) => l.licenseNo === licenseNo)) {
      return { ok: false, details: { field: 'counselLicenseNo', problem: 'duty_lawyer_not_assigned' } };
    }
    return { ok: true };
  },
};

/** CPL 176 ¶2: where the suspect pleads, the 起诉书 goes with a 量刑建议. */
const RECOMMENDATION_WITH_PLEA: TGuard = {
  code: 'cpl176_sentencing_recommendation_missing',
  zh: '犯罪嫌疑人认罪认罚的，人民检察院应当就主刑、附加刑、是否适用缓刑等提出量刑建议（刑事诉讼法第一百七十六条第二款）',
  en: 'With a guilty plea the indictment carries a sentencing recommendation (CPL 176 ¶2)',
  articles: [art('CPL', '176 ¶2')],
  needsInput: true,
  check: ({ instance, input }) =>
    pleaStandsAtReview(instance.counters) && input.recommendedPenalty === undefined ? { ok: false, details: { field: 'recommendedPenalty' } } : { ok: true },
};

const pleaWithdrawalBase = (fastTrack: boolean) => ({
  // 指导意见 2019 §51–52 (unverified detail): the suspect may withdraw before the indictment; review goes on in the ordinary way
  action: fastTrack ? 'withdraw_plea_fast_track' : 'withdraw_plea',
  from: ['IN_REVIEW'],
  to: 'IN_REVIEW',
  actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
  label: fastTrack
    ? { zh: '犯罪嫌疑人撤回认罪认罚（审查期限恢复为一个月）', en: 'Plea withdrawn (review back to one month)' }
    : { zh: '犯罪嫌疑人撤回认罪认罚', en: 'Plea withdrawn' },
  articles: [art('CPL', '172'), art('PLEA_OPINION_2019', '—', 'unverified')],
  input: [reasonField('反悔情况', 'What the suspect said')],
  guards: [
    PLEA_STANDS,
    {
      code: fastTrack ? 'not_fast_track' : 'fast_track_applied',
      zh: fastTrack ? '本案未适用速裁审查期限' : '本案已适用速裁审查期限，请选择“撤回认罪认罚（审查期限恢复为一个月）”',
      en: fastTrack ? 'No fast-track review period applies' : 'The fast-track period applies: use the fast-track withdrawal',
      articles: [art('CPL', '172')],
      check: ({ instance }: { instance: { data: Readonly<Record<string, unknown>> } }) =>
        (instance.data.reviewTrack !== undefined) === fastTrack ? { ok: true as const } : { ok: false as const },
    },
  ],
  counters: { pleaWithdrawals: 1 },
  notify: 'none',
}) as const;
const PLEA_WITHDRAWAL = pleaWithdrawalBase(false);
// without the plea the 10 / 15 days of CPL 172 no longer apply: one month from the same receipt
const PLEA_WITHDRAWAL_FAST_TRACK = { ...pleaWithdrawalBase(true), clears: ['reviewTrack'], timers: { retrack: ['prosecution_review'] } } as const;

/** CPL 181: the 被不起诉人 petitions only against a 酌定不起诉 (177 ¶2). */
const PETITIONER_ALLOWED: TGuard = {
  code: 'petition_not_open_to_petitioner',
  zh: '被不起诉人只能对酌定不起诉（刑事诉讼法第一百七十七条第二款）提出申诉（刑事诉讼法第一百八十一条）',
  en: 'The non-prosecuted person may petition only against a discretionary non-prosecution (CPL 181)',
  articles: [art('CPL', '181')],
  needsInput: true,
  check: ({ input, instance }) =>
    input.petitioner === 'non_prosecuted_person' && instance.data.decisionKind !== 'discretionary'
      ? { ok: false, details: { petitioner: input.petitioner, decisionKind: instance.data.decisionKind ?? null } }
      : { ok: true },
};

/** CPL 180: the superior procuratorate reviews the victim's petition; CPL 181: this one the 被不起诉人's. */
const PETITION_REVIEWER: TGuard = {
  code: 'petition_reviewer',
  zh: '被害人的申诉由上一级人民检察院复查（刑事诉讼法第一百八十条），被不起诉人的申诉由作出决定的人民检察院复查（第一百八十一条）',
  en: 'The superior reviews the victim\'s petition (CPL 180); the deciding procuratorate the non-prosecuted person\'s (CPL 181)',
  articles: [art('CPL', '180'), art('CPL', '181')],
  check: ({ instance, side }) => {
    const reviewer = instance.data.petitioner === 'victim' ? 'superior' : 'receiver';
    return side === undefined || side === reviewer ? { ok: true } : { ok: false, details: { petitioner: instance.data.petitioner, side, reviewer } };
  },
};

/** The 复查 of a 申诉 ends in upholding or revoking the 不起诉决定 (CPL 180, 181). */
function petitionDecision<S extends string>(
  action: string, to: S, label: { zh: string; en: string }, stop: readonly ('petition_review' | 'petition_window')[],
): TTransitionSpec<S, 'petition_review' | 'petition_window'> {
  return {
    action, from: ['PETITION_REVIEW' as S], to, label,
    actor: { side: ['superior', 'receiver'], agencyTypes: procuratorate, roles: DECIDERS },
    articles: [art('CPL', '180'), art('CPL', '181')],
    documents: { produces: ['petition_review_decision'] },
    input: [reasonField()],
    guards: [PETITION_REVIEWER],
    flowsBack: true,
    notify: 'all',
    timers: { stop },
  };
}

export const prosecutionTransferProcess = defineProcess({
  code: 'prosecution_transfer',
  ref: 'P2',
  name: { zh: '移送审查起诉', en: 'Transfer for prosecution review' },
  articles: [
    art('CPL', '162'),
    art('CPL', '172'),
    art('CPL', '173'),
    art('CPL', '174'),
    art('CPL', '175'),
    art('CPL', '176'),
    art('CPL', '177'),
    art('CPL', '179'),
  ],
  initiator: { agencyTypes: police },
  receiver: { agencyTypes: procuratorate, level: 'same' },
  superior: { agencyTypes: procuratorate, level: 'superior' },
  states: {
    DRAFT: { zh: '侦查终结拟移送', en: 'Draft', kind: 'draft' },
    SENT: { zh: '已移送', en: 'Transferred', kind: 'sent' },
    RETURNED_FOR_CORRECTION: { zh: '退回补正', en: 'Returned for correction', kind: 'returned' },
    ACCEPTED: { zh: '已受理', en: 'Accepted', kind: 'accepted' },
    IN_REVIEW: { zh: '审查起诉中', en: 'In prosecution review', kind: 'review' },
    AWAITING_APPROVAL: { zh: '审查意见待审批', en: 'Opinion awaiting approval', kind: 'review' },
    SUPPLEMENTARY_INVESTIGATION: {
      zh: '退回补充侦查',
      en: 'Returned for supplementary investigation',
      kind: 'returned',
    },
    RESUBMITTED: { zh: '补充侦查完毕重新移送', en: 'Resubmitted after supplementary investigation', kind: 'sent' },
    NOT_PROSECUTED: { zh: '不起诉', en: 'Not prosecuted', kind: 'decided' },
    PETITION_REVIEW: { zh: '申诉复查中', en: 'Petition under review', kind: 'review' },
    RECONSIDERING: { zh: '复议中', en: 'Reconsideration', kind: 'review' },
    RECONSIDERATION_UPHELD: { zh: '复议维持不起诉', en: 'Non-prosecution upheld on reconsideration', kind: 'decided' },
    SUPERIOR_REVIEW: { zh: '上一级检察院复核中', en: 'Review by the superior procuratorate', kind: 'review' },
    NON_PROSECUTION_REVOKED: { zh: '不起诉决定已撤销', en: 'Non-prosecution revoked', kind: 'review' },
    INDICTED: { zh: '提起公诉', en: 'Indicted', terminal: true, kind: 'decided' },
    WITHDRAWN: { zh: '公安机关撤回/撤销案件', en: 'Withdrawn by the police', terminal: true, kind: 'closed' },
    CLOSED: { zh: '已结束（不起诉生效）', en: 'Closed (non-prosecution final)', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'submit',
      from: ['DRAFT'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '移送审查起诉', en: 'Transfer for prosecution review' },
      articles: [art('CPL', '162')],
      documents: {
        produces: ['prosecution_opinion'],
        optional: ['custody_transfer_certificate', 'property_transfer_list'],
      },
      guards: [NO_UNEXCLUDED_ILLEGAL_EVIDENCE],
      notify: 'receiver',
      // CPL 172: the review runs from receipt; CPL 34 ¶2: rights notice within 3 days of receiving the file.
      // The review track (+15 days, 速裁) is the procuratorate's to choose during review (extend_review, apply_fast_track).
      timers: { start: ['prosecution_review', 'rights_notice'] },
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
    },
    {
      action: 'resubmit',
      from: ['RETURNED_FOR_CORRECTION'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '补正后重新移送', en: 'Resubmit after correction' },
      documents: {
        produces: ['prosecution_opinion'],
        optional: ['custody_transfer_certificate', 'property_transfer_list'],
      },
      guards: [NO_UNEXCLUDED_ILLEGAL_EVIDENCE],
      notify: 'receiver',
    },
    {
      action: 'accept',
      from: ['SENT'],
      to: 'ACCEPTED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: INTAKE },
      label: { zh: '受理', en: 'Accept' },
      articles: [art('EFILE_RULES_2016', '—', 'sec.')],
      documents: { produces: ['case_receipt_notice'], optional: ['custody_transfer_certificate'] },
      flowsBack: true,
      notify: 'initiator',
    },
    {
      action: 'start_review',
      from: ['ACCEPTED'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '告知权利并开始审查', en: 'Notify rights and start review' },
      articles: [art('CPL', '34'), art('CPL', '46', 'unchecked'), art('CPL', '173')],
      notify: 'none',
      timers: { stop: ['rights_notice'] },
    },
    {
      // CPL 172 ¶1: 重大、复杂的案件，可以延长十五日 — decided by the procuratorate during review, once.
      action: 'extend_review',
      from: ['IN_REVIEW'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '重大复杂案件延长审查起诉期限十五日', en: 'Extend the review by 15 days (major/complex)' },
      articles: [art('CPL', '172')],
      input: [
        { name: 'extensionGround', type: 'enum', required: true, zh: '延长理由', en: 'Ground', values: { major_complex: { zh: '重大、复杂的案件', en: 'Major / complex case' } } },
        reasonField(),
      ],
      guards: [maxCount({ code: 'cpl172_extended_once', counter: 'reviewExtensions', max: 1, zh: '审查起诉期限已经延长过十五日（刑事诉讼法第一百七十二条）', en: 'The review has already been extended by 15 days (CPL 172)', articles: [art('CPL', '172')] })],
      counters: { reviewExtensions: 1 },
      notify: 'initiator',
      timers: { extend: ['prosecution_review'] },
    },
    {
      // CPL 172 ¶1: 认罪认罚、符合速裁程序适用条件的 10 days (15 if > 1 year): the procuratorate decides; from the same receipt.
      action: 'apply_fast_track',
      from: ['IN_REVIEW'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '适用速裁程序（认罪认罚）', en: 'Apply the fast-track procedure (guilty plea)' },
      articles: [art('CPL', '172'), art('CPL', '222')],
      input: [
        {
          name: 'reviewTrack', type: 'enum', required: true, persist: true, zh: '审查期限', en: 'Review period',
          values: {
            fast_track: { zh: '速裁认罪认罚（10日）', en: 'Fast-track guilty plea (10 days)' },
            fast_track_over_1y: { zh: '速裁认罪认罚、可能判处一年以上（15日）', en: 'Fast-track, possible term > 1 year (15 days)' },
          },
        },
      ],
      guards: [PLEA_STANDS, maxCount({ code: 'cpl172_track_after_extension', counter: 'reviewExtensions', max: 1, zh: '已延长审查起诉期限的重大复杂案件不适用速裁程序', en: 'A review extended as major/complex is no fast-track case', articles: [art('CPL', '172')] })],
      notify: 'initiator',
      timers: { retrack: ['prosecution_review'] },
    },
    {
      action: 'notify_plea_rights',
      from: ['IN_REVIEW'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '告知认罪认罚从宽制度', en: 'Explain the guilty-plea leniency system' },
      articles: [art('CPL', '173 ¶2'), art('CPL', '15')],
      documents: { produces: ['plea_rights_notice'] },
      counters: { pleaNotices: 1 },
      notify: 'none',
    },
    {
      action: 'sign_plea_agreement',
      from: ['IN_REVIEW'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '签署认罪认罚具结书（辩护人或值班律师在场）', en: 'Guilty-plea affidavit signed with counsel present' },
      articles: [art('CPL', '174'), art('CPL', '173 ¶2')],
      documents: { produces: ['plea_agreement'] },
      input: [
        {
          name: 'counselKind', type: 'enum', required: true, persist: true, zh: '在场律师', en: 'Counsel present',
          values: { duty_lawyer: { zh: '值班律师', en: 'Duty lawyer' }, defender: { zh: '辩护人', en: 'Defence counsel' } },
        },
        { name: 'counselName', type: 'text', required: true, persist: true, maxLength: 50, zh: '律师姓名', en: 'Counsel' },
        { name: 'counselLicenseNo', type: 'text', required: true, persist: true, maxLength: 17, zh: '律师执业证号', en: 'Licence number' },
        // the 具结书 as a sealed record: the suspect read, signed and fingerprinted it, the counsel attested (documents/confirm-record)
        { name: 'pleaRecordId', type: 'text', required: true, persist: true, maxLength: 36, zh: '已签名捺印的具结书（笔录编号）', en: 'Sealed affidavit (record id)' },
      ],
      guards: [PLEA_NOTIFIED, NO_PLEA_YET, COUNSEL_PRESENT],
      counters: { pleaAgreements: 1 },
      notify: 'none',
    },
    {
      action: 'record_plea_without_agreement',
      from: ['IN_REVIEW'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '认罪认罚、依法不需签署具结书', en: 'Guilty plea without an affidavit (CPL 174 ¶2)' },
      articles: [art('CPL', '174 ¶2')],
      input: [
        {
          name: 'pleaException', type: 'enum', required: true, persist: true, zh: '不需签署具结书的情形', en: 'Ground',
          values: {
            sensory_disability: { zh: '犯罪嫌疑人是盲、聋、哑人', en: 'Blind, deaf or mute' },
            partial_mental_illness: { zh: '尚未完全丧失辨认或者控制自己行为能力的精神病人', en: 'Partly lacking capacity (mental illness)' },
            minor_objection: { zh: '未成年人的法定代理人、辩护人对认罪认罚有异议', en: "A minor's representative or counsel objects" },
          },
        },
        reasonField('情况说明', 'Explanation'),
      ],
      guards: [PLEA_NOTIFIED, NO_PLEA_YET],
      counters: { pleaExceptions: 1 },
      notify: 'none',
    },
    PLEA_WITHDRAWAL,
    PLEA_WITHDRAWAL_FAST_TRACK,
    ...reviewOpinionSteps({ review: 'IN_REVIEW', awaiting: 'AWAITING_APPROVAL', agencyTypes: procuratorate, proposals: { indict: { zh: '提起公诉', en: 'Indict' }, not_prosecute: { zh: '不起诉', en: 'Not prosecute' }, return_for_supplementary_investigation: { zh: '退回补充侦查', en: 'Return for supplementary investigation' } } }),
    {
      action: 'return_for_supplementary_investigation',
      from: ['AWAITING_APPROVAL'],
      to: 'SUPPLEMENTARY_INVESTIGATION',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '退回补充侦查', en: 'Return for supplementary investigation' },
      articles: [art('CPL', '175')],
      documents: {
        produces: ['supplementary_investigation_return', 'supplementary_investigation_outline'],
        optional: ['custody_transfer_certificate'],
      },
      input: [reasonField()],
      guards: [
        ...APPROVAL_GUARDS,
        maxCount({
          code: 'supplementary_investigation_limit',
          counter: 'supplementaryReturns',
          max: 2,
          zh: '退回补充侦查以二次为限（刑事诉讼法第一百七十五条）',
          en: 'A case may be returned for supplementary investigation at most twice (CPL 175)',
          articles: [art('CPL', '175')],
        }),
      ],
      counters: { supplementaryReturns: 1 },
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['prosecution_review'], start: ['supplementary_investigation'] },
    },
    {
      action: 'resubmit_after_supplementary',
      from: ['SUPPLEMENTARY_INVESTIGATION'],
      to: 'RESUBMITTED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '补充侦查完毕重新移送', en: 'Resubmit after supplementary investigation' },
      articles: [art('CPL', '175'), art('MPS_RULES', '—', 'sec.')],
      documents: {
        produces: ['supplementary_investigation_report'],
        optional: ['prosecution_opinion', 'custody_transfer_certificate'],
      },
      guards: [NO_UNEXCLUDED_ILLEGAL_EVIDENCE],
      notify: 'receiver',
      // CPL 175: 补充侦查完毕移送人民检察院后，人民检察院重新计算审查起诉期限.
      timers: { stop: ['supplementary_investigation'], restart: ['prosecution_review'] },
    },
    {
      action: 'withdraw_case',
      from: ['SUPPLEMENTARY_INVESTIGATION'],
      to: 'WITHDRAWN',
      actor: { side: 'initiator', agencyTypes: police, roles: DECIDERS },
      label: { zh: '补充侦查后不再移送（撤销案件）', en: 'Not resubmitted: case withdrawn' },
      basis: 'unverified',
      articles: [art('MPS_RULES', '—', 'unverified')],
      input: [reasonField()],
      notify: 'receiver',
    },
    {
      action: 'resume_review',
      from: ['RESUBMITTED'],
      to: 'IN_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: [...INTAKE, ...HANDLERS] },
      label: { zh: '接收补充侦查材料，继续审查', en: 'Receive and resume review' },
      notify: 'none',
    },
    {
      action: 'indict',
      from: ['AWAITING_APPROVAL', 'NON_PROSECUTION_REVOKED'],
      to: 'INDICTED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '提起公诉', en: 'Indict' },
      articles: [art('CPL', '176')],
      documents: { produces: ['indictment'], optional: ['sentencing_recommendation', 'procedure_recommendation'] },
      // CPL 176 ¶2: the 量刑建议 travels with the 起诉书 into the trial (P3 reads it as a platform fact)
      input: [...SENTENCING_FIELDS],
      flowsBack: true,
      guards: [...APPROVAL_GUARDS, RECOMMENDATION_WITH_PLEA, SENTENCING_COMPLETE],
      notify: 'initiator',
    },
    {
      action: 'decide_not_to_prosecute',
      from: ['AWAITING_APPROVAL'],
      to: 'NOT_PROSECUTED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '不起诉', en: 'Decide not to prosecute' },
      articles: [art('CPL', '175 ¶4'), art('CPL', '177'), art('CPL', '178'), art('CPL', '179')],
      documents: { produces: ['non_prosecution_decision'], optional: ['release_notice'] },
      input: [
        {
          name: 'decisionKind',
          type: 'enum',
          required: true,
          persist: true,
          zh: '不起诉类型',
          en: 'Kind of non-prosecution',
          values: {
            statutory: { zh: '法定不起诉（第177条第1款、第16条）', en: 'Statutory (CPL 177 ¶1, 16)' },
            discretionary: { zh: '酌定不起诉（第177条第2款）', en: 'Discretionary (CPL 177 ¶2)' },
            evidentiary: { zh: '存疑不起诉（第175条第4款）', en: 'Insufficient evidence (CPL 175 ¶4)' },
          },
        },
        reasonField(),
      ],
      flowsBack: true,
      guards: [...APPROVAL_GUARDS],
      notify: 'initiator',
      timers: { stop: ['prosecution_review'], start: ['reconsideration_request'] },
    },
    {
      // CPL 180, 181: the 不起诉决定书 is served on the 被不起诉人 and the victim; their 7 days run from receipt
      action: 'serve_non_prosecution_decision',
      from: ['NOT_PROSECUTED'],
      to: 'NOT_PROSECUTED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: EXECUTORS },
      label: { zh: '向被不起诉人、被害人送达不起诉决定书', en: 'Serve the decision on the non-prosecuted person and the victim' },
      articles: [art('CPL', '180'), art('CPL', '181')],
      input: [
        { name: 'servedOn', type: 'date', required: true, persist: true, zh: '送达日期（被不起诉人、被害人收到之日）', en: 'Date served' },
        { name: 'victimServed', type: 'boolean', required: true, persist: true, zh: '已向被害人送达（无被害人的填否）', en: 'Served on the victim (no if there is none)' },
      ],
      guards: [
        factDate({ code: 'service_date_invalid', field: 'servedOn', zh: '送达日期不能晚于今天，也不能早于案发时间', en: 'The service date cannot lie in the future or before the offence', articles: [art('CPL', '180')] }),
        maxCount({ code: 'non_prosecution_served_once', counter: 'nonProsecutionServed', max: 1, zh: '不起诉决定书已登记送达', en: 'The decision is already recorded as served', articles: [art('CPL', '180')] }),
      ],
      counters: { nonProsecutionServed: 1 },
      notify: 'none',
      timers: { start: ['petition_window'] },
    },
    {
      // CPL 180: the victim petitions the 上一级检察院; CPL 181: the 被不起诉人 (酌定不起诉 only) this one;
      // both within 7 days of receipt, a petition posted in time counts (CPL 105 ¶3)
      action: 'record_petition',
      from: ['NOT_PROSECUTED'],
      to: 'PETITION_REVIEW',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: EXECUTORS },
      label: { zh: '登记申诉', en: 'Record a petition' },
      articles: [art('CPL', '180'), art('CPL', '181'), art('SPP_RULES', '381', 'sec.')],
      input: [
        {
          name: 'petitioner', type: 'enum', required: true, persist: true, zh: '申诉人', en: 'Petitioner',
          values: {
            victim: { zh: '被害人（向上一级人民检察院申诉）', en: 'Victim (to the superior procuratorate)' },
            non_prosecuted_person: { zh: '被不起诉人（酌定不起诉）', en: 'Non-prosecuted person (discretionary only)' },
          },
        },
        { name: 'petitionedOn', type: 'date', required: true, zh: '申诉日期（邮寄的以寄出日为准）', en: 'Date petitioned (posting date)' },
        reasonField('申诉理由', 'Grounds'),
      ],
      guards: [
        withinTimer({
          code: 'petition_out_of_time', timer: 'petition_window', field: 'petitionedOn',
          zh: '申诉须在收到不起诉决定书后七日以内提出（刑事诉讼法第一百八十条、第一百八十一条）；尚未登记送达的，请先登记送达',
          en: 'A petition lies within 7 days of receiving the decision (CPL 180, 181); record the service first',
          articles: [art('CPL', '180'), art('CPL', '181')],
        }),
        PETITIONER_ALLOWED,
      ],
      notify: 'all',
      // the window stays open for the other party (CPL 180 victim, 181 被不起诉人)
      timers: { start: ['petition_review'] },
    },
    petitionDecision('uphold_on_petition', 'NOT_PROSECUTED', { zh: '复查维持不起诉决定', en: 'Uphold the decision on the petition' }, ['petition_review']),
    petitionDecision('revoke_on_petition', 'NON_PROSECUTION_REVOKED', { zh: '复查撤销不起诉决定', en: 'Revoke the decision on the petition' }, ['petition_review', 'petition_window']),
    {
      action: 'request_reconsideration',
      from: ['NOT_PROSECUTED'],
      to: 'RECONSIDERING',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '要求复议', en: 'Request reconsideration' },
      articles: [art('CPL', '179')],
      documents: { produces: ['reconsideration_request'] },
      input: [reasonField()],
      notify: 'receiver',
      timers: { stop: ['reconsideration_request'], start: ['reconsideration_decision'] },
    },
    {
      action: 'accept_decision',
      from: ['NOT_PROSECUTED'],
      to: 'CLOSED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '接受不起诉决定', en: 'Accept the decision' },
      input: [noteField],
      // CPL 180, 181: the case closes only once the decision was served and the 7 days to petition are over
      guards: [
        afterTimerDue({
          code: 'petition_window_open',
          timer: 'petition_window',
          zh: '不起诉决定书须先送达被不起诉人、被害人，且七日申诉期限届满后方可结束（刑事诉讼法第一百八十条、第一百八十一条）',
          en: 'Serve the decision first and let the 7 days to petition pass (CPL 180, 181)',
          articles: [art('CPL', '180'), art('CPL', '181')],
        }),
      ],
      notify: 'receiver',
    },
    {
      action: 'uphold_on_reconsideration',
      from: ['RECONSIDERING'],
      to: 'RECONSIDERATION_UPHELD',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复议维持不起诉', en: 'Uphold on reconsideration' },
      articles: [art('CPL', '179'), art('SPP_RULES', '—', 'sec.')],
      documents: { produces: ['reconsideration_decision'] },
      input: [reasonField()],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['reconsideration_decision'], start: ['superior_review_request'] },
    },
    {
      action: 'revoke_on_reconsideration',
      from: ['RECONSIDERING'],
      to: 'NON_PROSECUTION_REVOKED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复议撤销不起诉决定', en: 'Revoke the non-prosecution on reconsideration' },
      articles: [art('CPL', '179'), art('SPP_RULES', '—', 'sec.')],
      documents: { produces: ['reconsideration_decision'] },
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
      articles: [art('CPL', '179')],
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
      label: { zh: '复核维持不起诉', en: 'Superior upholds' },
      articles: [art('CPL', '179')],
      documents: { produces: ['superior_review_decision'] },
      input: [reasonField()],
      flowsBack: true,
      notify: 'both',
    },
    {
      action: 'revoke_on_superior_review',
      from: ['SUPERIOR_REVIEW'],
      to: 'NON_PROSECUTION_REVOKED',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '复核撤销不起诉决定', en: 'Superior revokes the non-prosecution' },
      articles: [art('CPL', '179'), art('SPP_RULES', '—', 'sec.')],
      documents: { produces: ['superior_review_decision'] },
      flowsBack: true,
      notify: 'both',
      timers: { stop: ['superior_review_decision'] },
    },
  ],
  timers: {
    prosecution_review: {
      zh: '审查起诉',
      en: 'Prosecution review',
      amount: 1,
      unit: 'month',
      inCustody: 'person',
      startsOn: '收到移送审查起诉的案件',
      articles: [art('CPL', '172')],
      extendBy: { field: 'extensionGround', unit: 'day', amounts: { major_complex: 15 } },
      variantBy: 'reviewTrack',
      variants: {
        fast_track: {
          zh: '速裁',
          en: 'fast-track',
          amount: 10,
          unit: 'day',
          deadlineId: 'PROSECUTION_REVIEW_FAST_TRACK',
        },
        fast_track_over_1y: {
          zh: '速裁、可能判处一年以上',
          en: 'fast-track, > 1 year',
          amount: 15,
          unit: 'day',
          deadlineId: 'PROSECUTION_REVIEW_FAST_TRACK_OVER_1Y',
        },
      },
      warnDays: 5,
      deadlineId: 'PROSECUTION_REVIEW',
    },
    rights_notice: {
      zh: '告知诉讼权利',
      en: 'Notice of procedural rights',
      amount: 3,
      unit: 'day',
      inCustody: false,
      startsOn: '收到移送审查起诉的案件材料',
      articles: [art('CPL', '34')],
      warnDays: 1,
    },
    supplementary_investigation: {
      zh: '补充侦查',
      en: 'Supplementary investigation',
      amount: 1,
      unit: 'month',
      inCustody: 'person',
      startsOn: '退回补充侦查',
      articles: [art('CPL', '175')],
      warnDays: 5,
      deadlineId: 'SUPPLEMENTARY_INVESTIGATION',
    },
    petition_window: {
      zh: '不起诉申诉期限', en: 'Time to petition against non-prosecution', amount: 7, unit: 'day', inCustody: false,
      startsOn: '收到不起诉决定书', startFrom: 'servedOn', articles: [art('CPL', '180'), art('CPL', '181')], warnDays: 2,
    },
    petition_review: {
      // the 复查 period is the 规则's (sec.), data
      zh: '申诉复查', en: 'Review of the petition', amount: 3, unit: 'month', inCustody: false,
      startsOn: '收到申诉', articles: [art('SPP_RULES', '—', 'sec.')], basis: 'unverified', warnDays: 7,
    },
    reconsideration_request: {
      zh: '要求复议期限',
      en: 'Time to request reconsideration',
      amount: 7,
      unit: 'day',
      inCustody: false,
      articles: [art('SPP_RULES', '—', 'sec.'), art('MPS_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 2,
    },
    reconsideration_decision: {
      zh: '复议决定期限',
      en: 'Reconsideration decision',
      amount: 30,
      unit: 'day',
      inCustody: false,
      articles: [art('SPP_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 5,
    },
    superior_review_request: {
      zh: '提请复核期限',
      en: 'Time to request superior review',
      amount: 7,
      unit: 'day',
      inCustody: false,
      articles: [art('SPP_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 2,
    },
    superior_review_decision: {
      zh: '复核决定期限',
      en: 'Superior review decision',
      amount: 30,
      unit: 'day',
      inCustody: false,
      articles: [art('SPP_RULES', '—', 'sec.')],
      basis: 'sec.',
      warnDays: 5,
    },
  },
  notes: [
    'CPL 175 ¶4: after two returns a still-insufficient case calls for 存疑不起诉; the engine does not force the kind (a judgment on evidence).',
    'Victim / 被不起诉人 申诉 (CPL 180, 181): served and petitioned here; the victim\'s direct private prosecution in court (CPL 180) is outside the platform.',
    'Juvenile 附条件不起诉 (CPL 282–284) is not modelled here.',
    '认罪认罚: 告知 → 具结书 (sealed record, counsel present; a 值班律师 comes from P12) or a CPL 174 ¶2 exception; withdrawal is recorded and takes the review back to one month.',
    'A change of jurisdiction restarts the review period from the new receipt: a new instance.',
  ],
});
