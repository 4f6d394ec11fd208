/**
 * 法律文书目录 — the legal documents the process definitions refer to. A code is stable ascii;
 * `issuers` is who issues it ([] = a private party: suspect, relatives, lawyer, victim).
 * Names marked 'unverified' vary locally or were not found in rule text (processes.md).
 */
import type { TAgencyType } from '../agencies';
import type { TFactBasis } from './definition';

export type TDocumentTypeSpec = {
  readonly zh: string;
  readonly en: string;
  readonly issuers: readonly TAgencyType[];
  /** How firm the document's name is. */
  readonly basis?: TFactBasis;
};

const P = ['police'] as const;
const J = ['procuratorate'] as const;
const C = ['court'] as const;

export const DOCUMENT_TYPES = {
  // --- 公安 police ---------------------------------------------------------------------------
  detention_warrant: { zh: '拘留证', en: 'Detention warrant', issuers: P },
  detention_family_notice: { zh: '拘留通知书', en: 'Notice of detention (family)', issuers: P },
  detention_extension_notice: { zh: '延长拘留期限通知书', en: 'Notice extending detention', issuers: P },
  arrest_request: { zh: '提请批准逮捕书', en: 'Request for approval of arrest', issuers: P },
  arrest_warrant: { zh: '逮捕证', en: 'Arrest warrant', issuers: P },
  arrest_family_notice: { zh: '逮捕通知书', en: 'Notice of arrest (family)', issuers: P },
  release_notice: { zh: '释放通知书', en: 'Release notice', issuers: ['police', 'procuratorate', 'court'] },
  release_certificate: { zh: '释放证明书', en: 'Release certificate', issuers: ['police', 'detention'] },
  execution_receipt: {
    zh: '执行回执',
    en: 'Execution receipt',
    issuers: ['police', 'detention', 'prison', 'correction', 'justice'],
  },
  reconsideration_request: { zh: '要求复议意见书', en: 'Request for reconsideration', issuers: P },
  superior_review_request: { zh: '提请复核意见书', en: 'Request for review by the superior', issuers: P },
  prosecution_opinion: { zh: '起诉意见书', en: 'Recommendation for prosecution', issuers: P },
  custody_transfer_certificate: {
    zh: '换押证',
    en: 'Custody transfer certificate',
    issuers: ['police', 'procuratorate', 'court'],
  },
  property_transfer_list: { zh: '随案移送清单', en: 'List of property transferred with the case', issuers: P },
  supplementary_investigation_report: { zh: '补充侦查报告书', en: 'Supplementary investigation report', issuers: P },
  filing_decision: { zh: '立案决定书', en: 'Decision to file a case', issuers: P },
  non_filing_explanation: {
    zh: '不立案理由说明书',
    en: 'Statement of reasons for not filing',
    issuers: P,
    basis: 'unverified',
  },
  custody_extension_request: {
    zh: '提请批准延长侦查羁押期限意见书',
    en: 'Request to extend investigative custody',
    issuers: P,
  },
  custody_extension_notice: { zh: '延长侦查羁押期限通知书', en: 'Notice extending investigative custody', issuers: P },
  measure_change_notice: { zh: '变更强制措施通知书', en: 'Notice of change of coercive measure', issuers: P },
  legality_check_notice: {
    zh: '重大案件侦查终结前讯问合法性核查通知',
    en: 'Notice for pre-closure interrogation legality check',
    issuers: P,
    basis: 'unverified',
  },
  involvement_request_letter: {
    zh: '商请介入侦查函',
    en: 'Request for early procuratorial involvement',
    issuers: P,
    basis: 'unverified',
  },
  reexamination_request: { zh: '要求复查意见书', en: 'Request for re-examination', issuers: P, basis: 'unverified' },
  correction_reply: { zh: '纠正情况回复', en: 'Reply on correction', issuers: P, basis: 'unverified' },
  // --- 办案机关 shared (police / procuratorate / court) --------------------------------------
  bail_decision: {
    zh: '取保候审决定书',
    en: 'Decision on bail pending trial',
    issuers: ['police', 'procuratorate', 'court'],
  },
  residential_surveillance_decision: {
    zh: '监视居住决定书',
    en: 'Decision on residential surveillance',
    issuers: ['police', 'procuratorate', 'court'],
  },
  execution_notice: { zh: '执行通知书', en: 'Execution notice', issuers: ['police', 'procuratorate', 'court'] },
  measure_change_refusal: {
    zh: '不同意变更强制措施通知书',
    en: 'Refusal of a measure-change application (with reasons)',
    issuers: ['police', 'procuratorate', 'court'],
    basis: 'unverified',
  },
  arrest_decision: { zh: '逮捕决定书', en: 'Arrest decision', issuers: ['procuratorate', 'court'], basis: 'unchecked' },
  // --- 检察院 procuratorate --------------------------------------------------------------------
  arrest_approval: { zh: '批准逮捕决定书', en: 'Decision approving arrest', issuers: J },
  arrest_refusal: { zh: '不批准逮捕决定书', en: 'Decision refusing arrest', issuers: J },
  arrest_refusal_reasons: { zh: '不批准逮捕理由说明书', en: 'Statement of reasons for refusing arrest', issuers: J },
  supplementary_investigation_outline: {
    zh: '补充侦查提纲',
    en: 'Outline for supplementary investigation',
    issuers: J,
  },
  reconsideration_decision: { zh: '复议决定书', en: 'Reconsideration decision', issuers: J },
  superior_review_decision: { zh: '复核决定书', en: 'Review decision (superior procuratorate)', issuers: J },
  case_receipt_notice: { zh: '接收案件通知书', en: 'Notice of case receipt', issuers: J, basis: 'sec.' },
  supplementary_investigation_return: {
    zh: '退回补充侦查决定书',
    en: 'Decision returning the case for supplementary investigation',
    issuers: J,
  },
  indictment: { zh: '起诉书', en: 'Indictment', issuers: J },
  non_prosecution_decision: { zh: '不起诉决定书', en: 'Decision not to prosecute', issuers: J },
  sentencing_recommendation: { zh: '量刑建议书', en: 'Sentencing recommendation', issuers: J },
  plea_agreement: { zh: '认罪认罚具结书', en: 'Guilty-plea affidavit', issuers: J },
  plea_rights_notice: { zh: '认罪认罚从宽制度告知书', en: 'Notice of the guilty-plea leniency system', issuers: ['procuratorate', 'court'] },
  duty_lawyer_request: {
    zh: '通知值班律师提供法律帮助函',
    en: 'Request for a duty lawyer',
    issuers: ['police', 'procuratorate', 'court'],
    basis: 'unverified',
  },
  duty_lawyer_assignment: { zh: '指派值班律师通知书', en: 'Notice assigning a duty lawyer', issuers: ['justice'], basis: 'unverified' },
  assessment_request: { zh: '调查评估委托函', en: 'Request for a pre-sentence assessment', issuers: ['procuratorate', 'court'] },
  assessment_opinion: { zh: '调查评估意见书', en: 'Pre-sentence assessment opinion', issuers: ['correction'] },
  procedure_recommendation: {
    zh: '适用速裁/简易程序建议书',
    en: 'Recommendation for fast-track/summary procedure',
    issuers: J,
  },
  protest: { zh: '抗诉书', en: 'Protest (procuratorial appeal)', issuers: J },
  protest_withdrawal: { zh: '撤回抗诉决定书', en: 'Decision to withdraw the protest', issuers: J, basis: 'unverified' },
  withdrawal_decision: {
    zh: '撤回起诉决定书',
    en: 'Decision to withdraw the prosecution',
    issuers: J,
    basis: 'unchecked',
  },
  postponement_proposal: {
    zh: '建议延期审理（补充侦查）',
    en: 'Proposal to postpone the trial for supplementary investigation',
    issuers: J,
    basis: 'unverified',
  },
  correction_notice: { zh: '纠正违法通知书', en: 'Notice to correct a violation', issuers: J },
  procuratorial_recommendation: { zh: '检察建议书', en: 'Procuratorial recommendation', issuers: J },
  non_filing_explanation_request: {
    zh: '要求说明不立案理由通知书',
    en: 'Notice requiring reasons for not filing',
    issuers: J,
  },
  filing_notice: { zh: '通知立案书', en: 'Notice to file a case', issuers: J },
  filing_reminder: { zh: '立案监督案件催办函', en: 'Reminder on a supervised filing', issuers: J, basis: 'sec.' },
  custody_extension_approval: {
    zh: '批准延长侦查羁押期限决定书',
    en: 'Decision approving extension of custody',
    issuers: J,
  },
  custody_extension_refusal: {
    zh: '不批准延长侦查羁押期限决定书',
    en: 'Decision refusing extension of custody',
    issuers: J,
  },
  custody_necessity_proposal: {
    zh: '羁押必要性审查建议（释放或者变更强制措施）',
    en: 'Custody-necessity proposal (release or change measure)',
    issuers: J,
    basis: 'unverified',
  },
  interview_record: { zh: '询问笔录', en: 'Interview record', issuers: J },
  legality_check_conclusion: {
    zh: '讯问合法性核查结论',
    en: 'Conclusion of the interrogation legality check',
    issuers: J,
    basis: 'unverified',
  },
  reexamination_decision: { zh: '复查决定书', en: 'Re-examination decision', issuers: J, basis: 'unverified' },
  correction_reminder: { zh: '纠正违法催办函', en: 'Reminder on an unanswered correction notice', issuers: J, basis: 'unverified' },
  petition_review_decision: { zh: '刑事申诉复查决定书', en: 'Decision on review of a petition', issuers: J },
  guidance_opinion: {
    zh: '引导取证意见书',
    en: 'Evidence-gathering guidance opinion',
    issuers: J,
    basis: 'unverified',
  },
  // --- 法院 court ---------------------------------------------------------------------------
  court_appearance_notice: { zh: '出庭通知书', en: 'Notice to appear in court', issuers: C },
  postponement_decision: {
    zh: '延期审理决定书',
    en: 'Decision to postpone the trial',
    issuers: C,
    basis: 'unverified',
  },
  criminal_judgment: { zh: '刑事判决书', en: 'Criminal judgment', issuers: C },
  sentencing_adjustment_request: {
    zh: '量刑建议调整通知书',
    en: 'Notice asking the procuratorate to adjust its sentencing recommendation',
    issuers: C,
    basis: 'unverified',
  },
  criminal_ruling: { zh: '刑事裁定书', en: 'Criminal ruling', issuers: C },
  indictment_copy: { zh: '起诉书副本', en: 'Copy of the indictment', issuers: C },
  case_closure_form: { zh: '结案登记表', en: 'Case closure registration form', issuers: C },
  community_correction_notice: {
    zh: '社区矫正对象交付接收通知',
    en: 'Notice to the community-correction agency of the place of execution',
    issuers: C,
    basis: 'unverified',
  },
  // --- 刑罚执行 post-judgment (社区矫正, 减刑假释, 暂予监外执行) ------------------------------------
  revocation_proposal: {
    zh: '撤销缓刑（假释）建议书', en: 'Proposal to revoke probation or parole', issuers: ['correction'],
  },
  correction_termination_certificate: {
    zh: '解除社区矫正证明书', en: 'Certificate ending community correction', issuers: ['correction'],
  },
  commutation_proposal: {
    zh: '提请减刑（假释）建议书', en: 'Proposal for commutation or parole', issuers: ['prison', 'detention', 'correction'],
  },
  execution_change_opinion: {
    zh: '检察意见书（刑罚执行变更）', en: "Procuratorate's opinion on a change of execution", issuers: J, basis: 'unverified',
  },
  execution_change_objection: {
    zh: '纠正意见书（刑罚执行变更）', en: "Procuratorate's written objection (纠正意见)", issuers: J, basis: 'unverified',
  },
  temporary_release_proposal: {
    zh: '提请暂予监外执行意见书', en: 'Proposal for temporary execution outside prison', issuers: ['prison', 'detention'], basis: 'unverified',
  },
  temporary_release_decision: {
    zh: '暂予监外执行决定书', en: 'Decision on temporary execution outside prison', issuers: ['justice', 'police', 'court'],
  },
  // --- private parties -----------------------------------------------------------------------
  measure_change_application: { zh: '变更强制措施申请书', en: 'Application to change a coercive measure', issuers: [] },
  appeal_petition: { zh: '上诉状', en: 'Petition of appeal', issuers: [] },
} as const satisfies Record<string, TDocumentTypeSpec>;

export type TDocumentType = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPE_CODES = Object.keys(DOCUMENT_TYPES) as TDocumentType[];

/** The four documents without which a prison refuses admission (监狱法 16). */
export const PRISON_ADMISSION_DOCUMENTS = [
  'criminal_judgment',
  'indictment_copy',
  'execution_notice',
  'case_closure_form',
] as const satisfies readonly TDocumentType[];
