/**
 * Every path of every process (happy paths and refusals/returns from processes.md), as data:
 * the engine tests drive them in memory, the server tests drive them through HTTP.
 */
import { TODAY, type TStep } from './test-support';

/** Served after the offence (2025-03-01 in the test cases); the server computes the window's last day from it. */
const SERVED = { servedOn: '2025-03-03' };
/** The fact the server computes from the stored appeal-window timer (CPL 230). */
const WINDOW = { timerDue: { appeal_window: '2025-03-13' } };
/** 生效 the day after the last day. */
const EFFECTIVE_STEP = { action: 'record_effective', facts: WINDOW, now: new Date('2025-03-14T02:00:00Z') };
/** An agency whose decisions need two approvals (data per agency, agency_review_levels). */
const TWO_LEVELS = { approvalLevels: 2 };
/** CPL 264: the executor notifies the family, on record with the day. */
const FAMILY = (action: string): TStep => ({ action, input: { familyNotifiedOn: TODAY } });
/** 规则 563 (sec.): the 15 days to file after the order are over (the server's timer, back-dated in the HTTP test). */
const FILING_OVERDUE: TStep = { action: 'issue_correction_notice', timersOver: ['filing_after_order'] };
/** 规则 553 (sec.): the reply period stated in the notice is over. */
const REPLY_OVERDUE = (action: string): TStep => ({ action, timersOver: ['correction_reply'] });
const WITHDRAWAL_DOCS = ['withdrawal_decision', 'criminal_ruling'];
/** The platform's count of 二审 opened from this P3 that remanded the case (CPL 236, 239). */
const REMANDED_ONCE = { followUps: { second_instance: { REMANDED: 1 } } };
const PROTEST_SENT = { action: 'send_file', input: { appealKind: 'protest' } };

/** 认罪认罚 facts the server computes from the case (P11 assignment, the sealed 具结书, P2's plea, the court's level). */
export const DUTY_LAWYER = { name: '钱律师', licenseNo: '12201201810123456' };
export const PLEA_RECORD_ID = '00000000-0000-4000-8000-0000000000a1';
const SEALED = { sealedPleaRecords: [{ id: PLEA_RECORD_ID, counselLicenseNo: DUTY_LAWYER.licenseNo }], dutyLawyers: [DUTY_LAWYER] };
const SIGN_PLEA = {
  action: 'sign_plea_agreement',
  input: { counselKind: 'duty_lawyer', counselName: DUTY_LAWYER.name, counselLicenseNo: DUTY_LAWYER.licenseNo, pleaRecordId: PLEA_RECORD_ID },
  facts: SEALED,
};
/** P3 of a case whose 具结书 was signed at 审查起诉 with a 量刑建议 of at most 10 months, at a 基层法院. */
export const PLEA_AT_TRIAL = { receiverLevel: 'district' as const, plea: { status: 'agreed' as const, recommendedTermMonths: 10, recommended: true } };
const BASIC_COURT = { receiverLevel: 'district' as const };

/** P17: the 社区矫正机构 registers the hand-over; the 10 days run from the effective day (社区矫正法 21). */
const INTAKE_OPENED: TStep = { action: 'open_intake', input: { effectiveOn: TODAY } };
const REPORTED: TStep = { action: 'register_report', input: { reportedOn: TODAY } };
/** P18: the in-prison publicity is over before the proposal goes to the court. */
const COMMUTATION_TO_SUBMIT: TStep[] = ['publicize_in_prison', { action: 'submit_proposal', timersOver: ['prison_publicity'] }];
const OPINION: TStep = { action: 'give_opinion', input: { opinion: 'agree' } };
/** P18, P19: the procuratorate objects while the window the server computed is running (CPL 267, 274). */
const OBJECTION: TStep = { action: 'lodge_objection', facts: { timerDue: { objection_window: '2099-12-31' } } };
const FILE_XINGGENG: TStep = { action: 'file_case', input: { courtCaseNumber: '（2026）吉01刑更12号' } };

/** `data`: what the instance holds when it opens (an online 会见 booking carries the lawyer's papers). */
export type TPath = { name: string; steps: TStep[]; end: string; data?: Record<string, unknown> };

/** After 执行逮捕: family notice and interrogation recorded (CPL 93, 94), then the 执行回执 (程序规定 138). */
const ARREST_CLOSE: TStep[] = ['confirm_arrest_steps', 'return_execution_receipt'];
/** A served 不起诉决定书 (CPL 180, 181): the window's last day as the server computes it from servedOn. */
const SERVED_NON_PROSECUTION: TStep = { action: 'serve_non_prosecution_decision', input: { servedOn: TODAY } };
const PETITION_WINDOW = { timerDue: { petition_window: '2025-03-17' } };
/** …and 公 accepts the 不起诉 once the 7 days to petition are over (back-dated in the HTTP test). */
const PETITIONS_OVER: TStep = { action: 'accept_decision', timersOver: ['petition_window'] };

export const PROCESS_PATHS: Record<string, TPath[]> = {
  arrest: [
    {
      name: '拘留 → 送押/通知/讯问 → 延长提请期限 → 提请 → 受理 → 批准 → 执行回执 (CPL 85, 86, 87, 90, 91)',
      end: 'EXECUTED',
      steps: ['record_detention', 'confirm_custody_steps', { action: 'extend_detention', input: { extensionGround: 'special', extensionDays: 2 } }, 'submit', 'accept', 'start_review', 'submit_opinion', 'approve', 'execute_arrest', ...ARREST_CLOSE],
    },
    {
      name: 'not detained, 退回补正 then approved',
      end: 'EXECUTED',
      steps: ['submit', 'return_for_correction', 'resubmit', 'accept', 'start_review', 'submit_opinion', 'approve', 'execute_arrest', ...ARREST_CLOSE],
    },
    {
      name: 'approved, could not be executed: receipt with the reason (CPL 90)',
      end: 'NOT_EXECUTED',
      steps: ['submit', 'accept', 'start_review', 'submit_opinion', 'approve', 'report_not_executed'],
    },
    {
      name: '不批准逮捕 → release receipt → accepted (CPL 90, 91)',
      end: 'CLOSED',
      steps: [
        'record_detention',
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'reject',
        'return_rejection_receipt',
        'accept_refusal',
      ],
    },
    {
      name: '复议 reverses → arrest executed (CPL 92)',
      end: 'EXECUTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'reject',
        'return_rejection_receipt',
        'request_reconsideration',
        'reverse_on_reconsideration',
        'execute_arrest',
        ...ARREST_CLOSE,
      ],
    },
    {
      name: '复议 upheld, accepted (CPL 92)',
      end: 'CLOSED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'reject',
        'return_rejection_receipt',
        'request_reconsideration',
        'uphold_on_reconsideration',
        'accept_reconsideration',
      ],
    },
    {
      name: '复核 by 上一级检 upholds (CPL 92)',
      end: 'CLOSED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'reject',
        'return_rejection_receipt',
        'request_reconsideration',
        'uphold_on_reconsideration',
        'request_superior_review',
        'uphold_on_superior_review',
      ],
    },
    {
      name: '复核 by 上一级检 reverses → arrest executed (CPL 92)',
      end: 'EXECUTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'reject',
        'return_rejection_receipt',
        'request_reconsideration',
        'uphold_on_reconsideration',
        'request_superior_review',
        'reverse_on_superior_review',
        'approve_after_superior_review',
        'execute_arrest',
        ...ARREST_CLOSE,
      ],
    },
    {
      name: 'two approval levels: 部门负责人 endorses, 检察长 approves (CPL 90)',
      end: 'EXECUTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        { action: 'endorse_opinion', facts: TWO_LEVELS },
        { action: 'approve', facts: { ...TWO_LEVELS, approvalsSinceOpinion: 1 } },
        'execute_arrest',
        ...ARREST_CLOSE,
      ],
    },
    {
      name: '审查意见 returned to the handler, resubmitted, approved (CPL 90)',
      end: 'EXECUTED',
      steps: ['submit', 'accept', 'start_review', 'submit_opinion', 'return_opinion', 'submit_opinion', 'approve', 'execute_arrest', ...ARREST_CLOSE],
    },
  ],
  prosecution_transfer: [
    {
      name: '认罪认罚: 告知 → 具结书 with the assigned 值班律师 → 速裁 10 days → withdrawn → CPL 174 ¶2 → withdrawn → indicted (CPL 172–176)',
      end: 'INDICTED',
      steps: [
        'submit', 'accept', 'start_review', 'notify_plea_rights', SIGN_PLEA, 'apply_fast_track', 'withdraw_plea_fast_track',
        'record_plea_without_agreement', 'withdraw_plea', 'submit_opinion', 'indict',
      ],
    },
    {
      name: '认罪认罚 → 速裁 review → 起诉 with 量刑建议 (CPL 172, 174, 176 ¶2)',
      end: 'INDICTED',
      steps: [
        'submit', 'accept', 'start_review', 'notify_plea_rights', SIGN_PLEA, 'apply_fast_track', 'submit_opinion',
        { action: 'indict', input: { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 8, recommendedTermMaxMonths: 10, recommendedSuspended: true } },
      ],
    },
    {
      name: '重大复杂 +15 days, 审查意见 returned, resubmitted, endorsed, indicted (CPL 172, 176)',
      end: 'INDICTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'extend_review',
        'submit_opinion',
        'return_opinion',
        'submit_opinion',
        { action: 'endorse_opinion', facts: TWO_LEVELS },
        { action: 'indict', facts: { ...TWO_LEVELS, approvalsSinceOpinion: 1 } },
      ],
    },
    {

      name: '退回补正 then indicted',
      end: 'INDICTED',
      steps: ['submit', 'return_for_correction', 'resubmit', 'accept', 'start_review', 'submit_opinion', 'indict'],
    },
    {
      name: '退回补充侦查 twice, then indicted (CPL 175)',
      end: 'INDICTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'return_for_supplementary_investigation',
        'resubmit_after_supplementary',
        'resume_review',
        'submit_opinion',
        'return_for_supplementary_investigation',
        'resubmit_after_supplementary',
        'resume_review',
        'submit_opinion',
        'indict',
      ],
    },
    {
      name: 'police withdraws during supplementary investigation (unverified)',
      end: 'WITHDRAWN',
      steps: ['submit', 'accept', 'start_review', 'submit_opinion', 'return_for_supplementary_investigation', 'withdraw_case'],
    },
    {
      name: '不起诉 accepted by 公 (CPL 177, 179)',
      end: 'CLOSED',
      steps: ['submit', 'accept', 'start_review', 'submit_opinion', 'decide_not_to_prosecute', SERVED_NON_PROSECUTION, PETITIONS_OVER],
    },
    {
      name: '不起诉 served, the victim petitions the superior in time, upheld on 复查 (CPL 180)',
      end: 'CLOSED',
      steps: [
        'submit', 'accept', 'start_review', 'submit_opinion', 'decide_not_to_prosecute', SERVED_NON_PROSECUTION,
        { action: 'record_petition', input: { petitioner: 'victim', petitionedOn: TODAY }, facts: PETITION_WINDOW },
        'uphold_on_petition', PETITIONS_OVER,
      ],
    },
    {
      name: '酌定不起诉 served, the 被不起诉人 petitions, revoked on 复查, indicted (CPL 181)',
      end: 'INDICTED',
      steps: [
        'submit', 'accept', 'start_review', 'submit_opinion',
        { action: 'decide_not_to_prosecute', input: { decisionKind: 'discretionary' } }, SERVED_NON_PROSECUTION,
        { action: 'record_petition', input: { petitioner: 'non_prosecuted_person', petitionedOn: TODAY }, facts: PETITION_WINDOW },
        { action: 'revoke_on_petition', side: 'receiver' }, 'indict',
      ],
    },
    {
      name: '复议 revokes 不起诉 → indicted (CPL 179)',
      end: 'INDICTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'decide_not_to_prosecute',
        'request_reconsideration',
        'revoke_on_reconsideration',
        'indict',
      ],
    },
    {
      name: '复议 upheld, accepted (CPL 179)',
      end: 'CLOSED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'decide_not_to_prosecute',
        'request_reconsideration',
        'uphold_on_reconsideration',
        'accept_reconsideration',
      ],
    },
    {
      name: '复核 upheld (CPL 179)',
      end: 'CLOSED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'decide_not_to_prosecute',
        'request_reconsideration',
        'uphold_on_reconsideration',
        'request_superior_review',
        'uphold_on_superior_review',
      ],
    },
    {
      name: '复核 revokes → indicted (CPL 179)',
      end: 'INDICTED',
      steps: [
        'submit',
        'accept',
        'start_review',
        'submit_opinion',
        'decide_not_to_prosecute',
        'request_reconsideration',
        'uphold_on_reconsideration',
        'request_superior_review',
        'revoke_on_superior_review',
        'indict',
      ],
    },
  ],
  public_prosecution: [
    {
      name: '认罪认罚 速裁: decided with consent at a 基层法院, 量刑建议 adjusted and adopted (CPL 201, 222, 225)',
      end: 'EFFECTIVE',
      steps: [
        { action: 'submit', input: { proposedProcedure: 'fast_track' } },
        'accept',
        { action: 'decide_procedure', input: { trialTrack: 'fast_track', defendantConsent: true }, facts: PLEA_AT_TRIAL },
        'schedule_hearing',
        'open_trial',
        { action: 'request_sentencing_adjustment', facts: PLEA_AT_TRIAL },
        { action: 'adjust_sentencing_recommendation', input: { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 6, recommendedTermMaxMonths: 8 } },
        { action: 'request_sentencing_adjustment', facts: PLEA_AT_TRIAL },
        'decline_sentencing_adjustment',
        { action: 'pronounce_judgment', input: { sentencingOutcome: 'adopted_after_adjustment' }, facts: PLEA_AT_TRIAL },
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    {
      name: '认罪认罚 withdrawn at each stage; 速裁 → 简易 → 普通, the period counted anew (CPL 221, 226)',
      end: 'EFFECTIVE',
      steps: [
        'submit',
        'accept',
        { action: 'decide_procedure', input: { trialTrack: 'fast_track', defendantConsent: true }, facts: PLEA_AT_TRIAL },
        { action: 'withdraw_plea', facts: PLEA_AT_TRIAL },
        'schedule_hearing',
        { action: 'change_procedure', input: { trialTrack: 'summary', defendantConsent: true }, facts: BASIC_COURT },
        'open_trial',
        { action: 'change_procedure', input: { trialTrack: 'ordinary' } },
        { action: 'pronounce_judgment', input: { sentencingOutcome: 'not_adopted' }, facts: { plea: { status: 'agreed', recommended: true } } },
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    {
      name: '认罪认罚 withdrawn before and during the trial (指导意见 2019)',
      end: 'EFFECTIVE',
      steps: [
        'submit',
        'accept',
        { action: 'decide_procedure', input: { trialTrack: 'summary', defendantConsent: true }, facts: BASIC_COURT },
        'schedule_hearing',
        { action: 'withdraw_plea', facts: PLEA_AT_TRIAL },
        'open_trial',
        { action: 'pronounce_judgment', input: { sentencingOutcome: 'not_adopted' }, facts: PLEA_AT_TRIAL },
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    {
      name: 'plea withdrawn during the trial (指导意见 2019)',
      end: 'EFFECTIVE',
      steps: [
        'submit', 'accept', 'schedule_hearing', 'open_trial',
        { action: 'withdraw_plea', facts: PLEA_AT_TRIAL },
        { action: 'pronounce_judgment', input: { sentencingOutcome: 'not_adopted' }, facts: PLEA_AT_TRIAL },
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    {
      name: '起诉 → 受理 → 开庭（延长审理期限）→ 判决 → 生效 (CPL 176, 187, 208, 230)',
      end: 'EFFECTIVE',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        { action: 'extend_trial', input: { trialExtension: 'to_three_months' } },
        'open_trial',
        { action: 'extend_trial', input: { trialExtension: 'superior_approval' } },
        'pronounce_judgment',
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    {
      name: '补送材料 then accepted',
      end: 'EFFECTIVE',
      steps: [
        'submit',
        'request_materials',
        'resubmit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'pronounce_judgment',
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    { name: '退回人民检察院 (高法解释 219 sec.)', end: 'RETURNED', steps: ['submit', 'return_case'] },
    {
      name: '延期审理 for 补充侦查, refused once, then granted, appeal (CPL 204, 208)',
      end: 'APPEALED',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'propose_postponement',
        'refuse_postponement',
        'propose_postponement',
        'postpone',
        'resume_after_supplementary',
        'pronounce_judgment',
        { action: 'serve_judgment', input: SERVED },
        { action: 'record_appeal', input: { filedOn: '2025-03-05' }, facts: WINDOW },
      ],
    },
    {
      name: 'CPL 105 ¶3: an appeal posted in time is recorded after 生效 was set (finality undone)',
      end: 'APPEALED',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'pronounce_judgment',
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
        { action: 'record_posted_appeal', input: { filedOn: '2025-03-13' }, facts: WINDOW, now: new Date('2025-03-16T02:00:00Z') },
      ],
    },
    {
      name: 'CPL 239, 241: 上诉 → 发回重审 → the first-instance period counts anew → 判决 → 生效',
      end: 'EFFECTIVE',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'pronounce_judgment',
        { action: 'serve_judgment', input: SERVED },
        { action: 'record_appeal', input: { filedOn: '2025-03-05' }, facts: WINDOW },
        { action: 'receive_remand', facts: REMANDED_ONCE },
        'schedule_hearing',
        'open_trial',
        'pronounce_judgment',
        { action: 'serve_judgment', input: SERVED },
        EFFECTIVE_STEP,
      ],
    },
    {
      name: '抗诉 → 发回重审 → 撤回起诉 (CPL 228, 239)',
      end: 'WITHDRAWN',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'pronounce_judgment',
        { action: 'serve_judgment', input: { servedOn: TODAY } },
        { action: 'protest', facts: { timerDue: { appeal_window: '2025-03-20' } } },
        { action: 'receive_remand', facts: REMANDED_ONCE },
        { action: 'permit_withdrawal', documents: WITHDRAWAL_DOCS },
      ],
    },
    {
      name: '抗诉 (CPL 228, 230)',
      end: 'PROTESTED',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'pronounce_judgment',
        { action: 'serve_judgment', input: { servedOn: TODAY } },
        { action: 'protest', facts: { timerDue: { appeal_window: '2025-03-20' } } },
      ],
    },
    {
      name: '撤回起诉 after acceptance',
      end: 'WITHDRAWN',
      steps: ['submit', 'accept', { action: 'permit_withdrawal', documents: WITHDRAWAL_DOCS }],
    },
    {
      name: '撤回起诉 before trial',
      end: 'WITHDRAWN',
      steps: ['submit', 'accept', 'schedule_hearing', { action: 'permit_withdrawal', documents: WITHDRAWAL_DOCS }],
    },
    {
      name: '撤回起诉 during trial',
      end: 'WITHDRAWN',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        { action: 'permit_withdrawal', documents: WITHDRAWAL_DOCS },
      ],
    },
    {
      name: '撤回起诉 while postponed',
      end: 'WITHDRAWN',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'propose_postponement',
        'postpone',
        { action: 'permit_withdrawal', documents: WITHDRAWAL_DOCS },
      ],
    },
    { name: '终止审理 after acceptance (CPL 16)', end: 'TERMINATED', steps: ['submit', 'accept', 'terminate_trial'] },
    {
      name: '终止审理 before trial (CPL 16)',
      end: 'TERMINATED',
      steps: ['submit', 'accept', 'schedule_hearing', 'terminate_trial'],
    },
    {
      name: '终止审理 during trial (CPL 16)',
      end: 'TERMINATED',
      steps: ['submit', 'accept', 'schedule_hearing', 'open_trial', 'terminate_trial'],
    },
    {
      name: '终止审理 while postponed (CPL 16)',
      end: 'TERMINATED',
      steps: [
        'submit',
        'accept',
        'schedule_hearing',
        'open_trial',
        'propose_postponement',
        'postpone',
        'terminate_trial',
      ],
    },
  ],
  measure_change: [
    {
      name: 'application refused with reasons (CPL 97)',
      end: 'REFUSED',
      steps: ['record_application', 'refuse_application'],
    },
    {
      name: 'application → 取保候审 → 公 executes (CPL 67, 97)',
      end: 'EXECUTED',
      steps: ['record_application', 'decide_bail', 'execute'],
    },
    {
      name: 'application → 监视居住 → executed',
      end: 'EXECUTED',
      steps: ['record_application', 'decide_residential_surveillance', 'execute'],
    },
    {
      name: 'application → 释放 → executed (CPL 96)',
      end: 'EXECUTED',
      steps: ['record_application', 'decide_release', 'record_execution'],
    },
    { name: '取保候审 on own motion', end: 'EXECUTED', steps: ['decide_bail', 'execute'] },
    { name: '监视居住 on own motion', end: 'EXECUTED', steps: ['decide_residential_surveillance', 'execute'] },
    {
      name: '公 releases an arrested suspect and notifies 检 (CPL 96)',
      end: 'EXECUTED',
      steps: ['decide_release', 'record_execution'],
    },
    { name: '法 decides arrest, 公 executes (CPL 80)', end: 'EXECUTED', steps: ['decide_arrest', 'execute'] },
    {
      name: '羁押必要性审查 proposal answered (CPL 95)',
      end: 'CLOSED',
      steps: ['propose_change', 'report_proposal_outcome'],
    },
  ],
  judgment_execution: [
    {
      name: '文书 → 所 → 送监 → 收监 (CPL 264, 监狱法 15, 16)',
      end: 'IN_EXECUTION',
      steps: ['send_documents', { action: 'receive_for_prison_delivery', input: { documentsReceivedOn: TODAY } }, 'deliver_to_prison', FAMILY('admit_to_prison')],
    },
    {
      name: '狱 refuses without the four documents, court supplies them (监狱法 16)',
      end: 'IN_EXECUTION',
      steps: [
        'send_documents',
        { action: 'receive_for_prison_delivery', input: { documentsReceivedOn: TODAY } },
        'deliver_to_prison',
        'refuse_admission',
        'supply_documents',
        FAMILY('admit_to_prison'),
      ],
    },
    {
      name: 'documents returned, resent, executed by the 看守所 (≤ 3 months remaining, CPL 264 ¶2)',
      end: 'IN_EXECUTION',
      steps: [{ action: 'send_documents', input: { executor: 'detention' } }, 'return_documents', 'resend_documents', FAMILY('receive_for_execution')],
    },
    {
      name: '缓刑: 社区矫正机构 notified within 5 days, documents served, received (社区矫正法 20)',
      end: 'IN_EXECUTION',
      steps: [
        'notify_community_correction',
        { action: 'send_documents', input: { executor: 'community_correction' }, handOverTo: 'justice' },
        { action: 'receive_for_execution', input: { familyNotifiedOn: TODAY }, agencyType: 'justice' },
      ],
    },
  ],
  evidence_legality: [
    {
      name: 'check finds no illegality (2017 规定 §14)',
      end: 'CLOSED',
      steps: ['notify', 'start_check', 'conclude_no_illegality'],
    },
    {
      name: 'illegality found, evidence excluded (CPL 56)',
      end: 'EXCLUDED',
      steps: ['notify', 'start_check', 'conclude_illegality_found', 'confirm_exclusion'],
    },
    {
      name: '检 checks on its own motion, illegality found, excluded (CPL 57)',
      end: 'EXCLUDED',
      steps: ['start_check_on_own_motion', 'conclude_illegality_found', 'confirm_exclusion'],
    },
  ],
  filing_supervision: [
    { name: 'clue reviewed, no supervision', end: 'CLOSED', steps: ['close_without_action'] },
    {
      name: '说明理由 accepted (CPL 113, 规则 560)',
      end: 'CLOSED',
      steps: ['request_explanation', 'reply_with_reasons', 'accept_reasons'],
    },
    {
      name: '通知立案 → 立案 → 催办 (CPL 113, 规则 563, 564)',
      end: 'CLOSED',
      steps: [
        'request_explanation',
        'reply_with_reasons',
        'order_filing',
        'report_filing',
        'send_reminder',
        'send_reminder',
        'close',
      ],
    },
    { name: '公 files after the request', end: 'CLOSED', steps: ['request_explanation', 'file_case', 'close'] },
    {
      name: 'no reply, 通知立案, 纠正违法 then filed',
      end: 'CLOSED',
      steps: ['request_explanation', 'order_filing', FILING_OVERDUE, 'report_filing', 'close'],
    },
    {
      name: 'escalated, superior concludes',
      end: 'CLOSED',
      steps: [
        'request_explanation',
        'reply_with_reasons',
        'order_filing',
        FILING_OVERDUE,
        'escalate',
        'conclude_escalation',
      ],
    },
    {
      name: 'escalated, then filed',
      end: 'CLOSED',
      steps: [
        'request_explanation',
        'reply_with_reasons',
        'order_filing',
        FILING_OVERDUE,
        'escalate',
        'report_filing',
        'close',
      ],
    },
  ],
  custody_extension: [
    {
      name: '提请 → 同级检 → 上一级 批准 → 通知看守所 (CPL 156)',
      end: 'NOTIFIED',
      steps: ['submit', 'forward', 'approve', 'notify_detention_centre'],
    },
    {
      name: '退回补正, resubmitted, refused (规则 312)',
      end: 'CLOSED',
      steps: ['submit', 'return_for_correction', 'resubmit', 'forward', 'reject', 'acknowledge_refusal'],
    },
  ],
  investigation_supervision: [
    { name: 'verified, no violation', end: 'CLOSED', steps: ['start_verification', 'dismiss'] },
    {
      name: 'oral correction, corrected (规则 552)',
      end: 'CLOSED',
      steps: ['start_verification', 'give_oral_correction', 'report_correction', 'close'],
    },
    {
      name: 'oral, then notice, disputed, withdrawn (规则 553, 554)',
      end: 'CLOSED',
      steps: ['start_verification', 'give_oral_correction', 'issue_correction_notice', 'dispute', 'withdraw_notice'],
    },
    {
      name: 'notice corrected; reply insufficient; recommendation (CPL 100)',
      end: 'CLOSED',
      steps: [
        'start_verification',
        'issue_correction_notice',
        'report_correction',
        'reject_reply',
        'issue_recommendation',
        'report_correction',
        'close',
      ],
    },
    {
      name: 'no reply in time: urged, still not corrected, reported to the superior, then corrected (规则 553)',
      end: 'CLOSED',
      steps: ['start_verification', 'issue_correction_notice', REPLY_OVERDUE('urge_reply'), REPLY_OVERDUE('report_no_reply'), 'report_correction', 'close'],
    },
    {
      name: 'reported up after urging, the superior concludes (规则 553)',
      end: 'CLOSED',
      steps: ['start_verification', 'issue_correction_notice', REPLY_OVERDUE('urge_reply'), REPLY_OVERDUE('report_no_reply'), 'conclude_no_reply_report'],
    },
    {
      name: 'disputed, upheld on 复查, corrected (规则 554)',
      end: 'CLOSED',
      steps: [
        'start_verification',
        'issue_correction_notice',
        'dispute',
        'uphold_on_reexamination',
        'report_correction',
        'close',
      ],
    },
    {
      name: '上一级 upholds, corrected (规则 554)',
      end: 'CLOSED',
      steps: [
        'start_verification',
        'issue_correction_notice',
        'dispute',
        'uphold_on_reexamination',
        'request_superior_review',
        'uphold_on_superior_review',
        'report_correction',
        'close',
      ],
    },
    {
      name: '上一级 revokes (规则 554)',
      end: 'CLOSED',
      steps: [
        'start_verification',
        'issue_correction_notice',
        'dispute',
        'uphold_on_reexamination',
        'request_superior_review',
        'revoke_on_superior_review',
      ],
    },
  ],
  supervision_notice: [
    { name: '督办 → 回复 → 办结 (issue 14)', end: 'CLOSED', steps: ['answer', 'close'] },
    { name: '督办 → 回复 → 再次督办 → 回复 → 办结', end: 'CLOSED', steps: ['answer', 'press_again', 'answer', 'close'] },
  ],
  lawyer_meeting: [
    {
      name: '看守所 registers the request and arranges the meeting within 48 hours (CPL 39)',
      end: 'ARRANGED',
      steps: ['register_request', 'arrange_meeting'],
    },
    {
      name: '危害国家安全 / 恐怖活动 case: permitted by the 侦查机关, then arranged (CPL 39 ¶3)',
      end: 'ARRANGED',
      steps: ['register_request_needing_permission', 'permit_meeting', 'arrange_meeting'],
    },
    { name: 'permission refused (CPL 39 ¶3)', end: 'REFUSED', steps: ['register_request_needing_permission', 'refuse_meeting'] },
    {
      name: 'a lawyer\'s online booking registered by the 看守所 and arranged (CPL 39)',
      end: 'ARRANGED', data: { bookedOnline: true, permissionRequired: false },
      steps: ['register_booking', 'arrange_meeting'],
    },
    {
      name: 'an online booking in a 危害国家安全 / 恐怖活动 case during 侦查: permission first (CPL 39 ¶3)',
      end: 'ARRANGED', data: { bookedOnline: true, permissionRequired: true },
      steps: ['register_booking_needing_permission', 'permit_meeting', 'arrange_meeting'],
    },
  ],
  early_involvement: [
    { name: '商请 declined', end: 'DECLINED', steps: ['request', 'decline'] },
    {
      name: '商请 → 指派 → 介入 → 反馈 → 结束 (CPL 87, 规则 256)',
      end: 'CLOSED',
      steps: [
        'request',
        'assign_prosecutor',
        'begin_involvement',
        'give_guidance',
        'report_feedback',
        'give_guidance',
        'report_feedback',
        'close',
      ],
    },
    {
      name: '检 joins on own motion (规则 256)',
      end: 'CLOSED',
      steps: ['self_initiate', 'begin_involvement', 'report_feedback', 'close'],
    },
  ],
  second_instance: [
    {
      name: '上诉 → 移送 (3 日) → 受理 (2 个月) → 检察院阅卷，不计入审理期限 → 延长 → 维持原判 (CPL 231, 235, 243, 244)',
      end: 'UPHELD',
      steps: ['send_file', 'accept', 'send_to_procuratorate', 'return_file', { action: 'extend_trial', input: { extensionMonths: 2 } }, 'uphold'],
    },
    { name: '书面审理前延长 → 改判 (CPL 236, 243)', end: 'AMENDED', steps: ['send_file', 'accept', { action: 'extend_trial', input: { extensionMonths: 2 } }, 'amend'] },
    { name: '不开庭，维持原判 (CPL 234, 236)', end: 'UPHELD', steps: ['send_file', 'accept', 'uphold'] },
    { name: '书面审理 → 改判 (CPL 234, 236)', end: 'AMENDED', steps: ['send_file', 'accept', 'open_hearing', 'amend'] },
    { name: '发回重审 (CPL 236, 239)', end: 'REMANDED', steps: ['send_file', 'accept', 'remand'] },
    { name: '审理后发回重审 (CPL 236, 238)', end: 'REMANDED', steps: ['send_file', 'accept', 'open_hearing', 'remand'] },
    { name: '上级检察院撤回抗诉 before acceptance (CPL 232)', end: 'PROTEST_WITHDRAWN', steps: [PROTEST_SENT, 'withdraw_protest'] },
    { name: '撤回抗诉 after acceptance (CPL 232)', end: 'PROTEST_WITHDRAWN', steps: [PROTEST_SENT, 'accept', 'withdraw_protest'] },
    { name: '撤回抗诉 while reading the file (CPL 232, 235)', end: 'PROTEST_WITHDRAWN', steps: [PROTEST_SENT, 'accept', 'send_to_procuratorate', 'withdraw_protest'] },
    { name: '撤回抗诉 at the hearing (CPL 232)', end: 'PROTEST_WITHDRAWN', steps: [PROTEST_SENT, 'accept', 'open_hearing', 'withdraw_protest'] },
  ],
  duty_lawyer: [
    {
      name: '值班律师: request → assigned (name, licence no.) → help recorded (CPL 36, 173)',
      end: 'RECORDED',
      steps: ['request_lawyer', { action: 'assign_lawyer', input: { lawyerName: DUTY_LAWYER.name, lawyerLicenseNo: DUTY_LAWYER.licenseNo } }, { action: 'record_help', input: { metOn: TODAY } }],
    },
    { name: 'request withdrawn (counsel retained)', end: 'CANCELLED', steps: ['request_lawyer', 'withdraw_request'] },
  ],
  community_assessment: [
    {
      name: '调查评估 for a probable 缓刑: request → opinion → received (社区矫正法 18)',
      end: 'CLOSED',
      steps: ['request_assessment', 'deliver_opinion', 'receive_opinion'],
    },
  ],
  custody_transfer: [
    {
      name: '移送审查起诉: 公 fills the 换押证, 检 takes over, 看守所 acknowledges (2014 换押 notice, sec.)',
      end: 'ACKNOWLEDGED',
      steps: [{ action: 'issue_certificate', input: { transferKind: 'to_prosecution_review' } }, { action: 'take_over', input: { takenOverOn: TODAY } }, 'acknowledge_transfer'],
    },
    {
      name: '看守所 returns the 换押证: the person is not held there',
      end: 'DECLINED',
      steps: ['issue_certificate', { action: 'take_over', input: { takenOverOn: TODAY } }, 'decline_transfer'],
    },
  ],
  community_correction: [
    {
      name: '缓刑: reports within 10 days, breach, term completed (社区矫正法 21, 22, 28, 44)',
      end: 'TERMINATED',
      steps: [INTAKE_OPENED, REPORTED, { action: 'record_breach', input: { sanction: 'warning' } }, 'end_correction'],
    },
    {
      name: 'no report within 10 days, found, 撤销 proposed, refused, later revoked (社区矫正法 21, 46, 48)',
      end: 'REVOKED',
      steps: [INTAKE_OPENED, { action: 'report_absence', timersOver: ['report_in'] }, REPORTED, 'propose_revocation', 'reject_revocation', 'propose_revocation', 'rule_revocation'],
    },
    {
      name: 'absconded: 撤销 proposed without a report (社区矫正法 46)',
      end: 'REVOKED',
      steps: [INTAKE_OPENED, { action: 'report_absence', timersOver: ['report_in'] }, 'propose_revocation', 'rule_revocation'],
    },
  ],
  commutation_parole: [
    {
      name: '减刑: 狱内公示 → 提请 → 检察意见 → 刑更立案 → 公示 → 裁定 → 20 days without objection → executed (CPL 273, 274)',
      end: 'EXECUTED',
      steps: [...COMMUTATION_TO_SUBMIT, OPINION, FILE_XINGGENG, 'publish_proposal', 'rule', { action: 'execute_ruling', timersOver: ['objection_window'] }],
    },
    {
      name: '检察院 objects within 20 days, the court rules again within 1 month (CPL 274)',
      end: 'EXECUTED',
      steps: [...COMMUTATION_TO_SUBMIT, FILE_XINGGENG, OPINION, 'publish_proposal', 'rule', OBJECTION, 'rule_again', 'execute_final_ruling'],
    },
    {
      name: 'opinion after the court published the proposal (CPL 273 ¶2)',
      end: 'EXECUTED',
      steps: [...COMMUTATION_TO_SUBMIT, FILE_XINGGENG, 'publish_proposal', OPINION, 'rule', { action: 'execute_ruling', timersOver: ['objection_window'] }],
    },
  ],
  temporary_release: [
    {
      name: '保外就医: 提请 → 检察意见 → 批准 → 交付社区矫正 within 10 days (CPL 265–267, 社区矫正法 21)',
      end: 'HANDED_OVER',
      steps: ['submit_proposal', 'give_opinion', 'approve', 'hand_over_to_correction'],
    },
    {
      name: '检察院 objects within a month: re-examined and upheld, then handed over (CPL 267)',
      end: 'HANDED_OVER',
      steps: ['submit_proposal', 'approve', OBJECTION, 'uphold_decision', 'hand_over_to_correction'],
    },
    { name: 'objection: decision revoked (CPL 267)', end: 'REVOKED', steps: ['submit_proposal', 'approve', OBJECTION, 'revoke_decision'] },
    { name: 'refused', end: 'REJECTED', steps: ['submit_proposal', 'refuse'] },
  ],
};
