/**
 * Shared vocabulary for the definition files: role sets and the reason field. Kept tiny on
 * purpose; a definition file should read on its own.
 */
import type { TRole } from '../../agencies';
import { art, type TGuard, type TInputField, type TTransitionSpec } from '../definition';

/** Sends a prepared, internally approved document (承办人 or 审批人 after 审批). */
export const SENDERS = ['handler', 'approver'] as const satisfies readonly TRole[];
/** Intake desk: 案管 (procuratorate), 立案庭 (court), 收押/内勤 (detention, prison). */
export const INTAKE = ['clerk'] as const satisfies readonly TRole[];
/** The person working the case. */
export const HANDLERS = ['handler'] as const satisfies readonly TRole[];
/** Legal decisions (检察长/检委会, 负责人, 院长/庭长): the handler proposes, the approver decides. */
export const DECIDERS = ['approver'] as const satisfies readonly TRole[];
/** Recording an execution or a receipt. */
export const EXECUTORS = ['handler', 'clerk'] as const satisfies readonly TRole[];

export const reasonField = (zh = '理由', en = 'Reason'): TInputField => ({
  name: 'reason',
  type: 'text',
  required: true,
  zh,
  en,
});
export const noteField: TInputField = { name: 'note', type: 'text', required: false, zh: '备注', en: 'Note' };

// --- 审查意见 and approval levels (承办人 → 部门负责人 → 检察长) -----------------------------------

const levelsNeeded = (f: { approvalLevels?: number } | undefined) => Math.max(1, f?.approvalLevels ?? 1);
const endorsed = (f: { approvalsSinceOpinion?: number } | undefined) => f?.approvalsSinceOpinion ?? 0;

/** Each approval level is another person: who endorsed the opinion cannot endorse or decide it again. */
const DISTINCT_APPROVER: TGuard = {
  code: 'approver_already_endorsed',
  zh: '您已审核过该审查意见，须由上一级审批人审批',
  en: 'You already endorsed this opinion; the next level must approve it',
  articles: [art('SPP_RULES', '—', 'sec.')],
  check: ({ facts, instance }) =>
    instance.state === 'AWAITING_APPROVAL' && facts?.actorEndorsed ? { ok: false, details: { problem: 'same_approver' } } : { ok: true },
};

/** The decision is the last approval the agency requires (its levels are data per agency). */
const FINAL_APPROVAL: TGuard = {
  code: 'approval_level_pending',
  zh: '本院规定的审批层级尚未走完，请先审核并报上一级审批',
  en: "The agency's approval levels are not complete; endorse and pass it up first",
  articles: [art('SPP_RULES', '—', 'sec.')],
  // only the review decision waits for levels (not e.g. 起诉 after a revoked 不起诉)
  check: ({ facts, instance }) => {
    if (instance.state !== 'AWAITING_APPROVAL') return { ok: true };
    return endorsed(facts) + 1 >= levelsNeeded(facts)
      ? { ok: true }
      : { ok: false, details: { approvals: endorsed(facts), levels: levelsNeeded(facts) } };
  },
};

const MORE_LEVELS: TGuard = {
  code: 'approval_level_last',
  zh: '已是本院最后一级审批，请直接作出决定',
  en: 'This is the last approval level of the agency; decide directly',
  articles: [art('SPP_RULES', '—', 'sec.')],
  check: ({ facts }) =>
    endorsed(facts) + 1 < levelsNeeded(facts)
      ? { ok: true }
      : { ok: false, details: { approvals: endorsed(facts), levels: levelsNeeded(facts) } },
};

/** Guards of a review decision taken on a 审查意见. */
export const APPROVAL_GUARDS: readonly TGuard[] = [DISTINCT_APPROVER, FINAL_APPROVAL];

/**
 * The review steps of a procuratorate decision: the handler submits the 审查意见 (proposed decision
 * and reasons), which goes into the approvers' 待办; an approver returns it or, where the agency
 * has more levels, endorses it upward; the last level decides (transitions from `awaiting`).
 */
export function reviewOpinionSteps<S extends string>(o: {
  review: S;
  awaiting: S;
  agencyTypes: TTransitionSpec['actor']['agencyTypes'];
  proposals: Readonly<Record<string, { zh: string; en: string }>>;
}): TTransitionSpec<S, never>[] {
  const actor = (roles: readonly TRole[]) => ({ side: 'receiver' as const, agencyTypes: o.agencyTypes, roles });
  return [
    {
      action: 'submit_opinion',
      from: [o.review],
      to: o.awaiting,
      actor: actor(HANDLERS),
      label: { zh: '提交审查意见', en: 'Submit the review opinion' },
      articles: [art('SPP_RULES', '—', 'sec.')],
      input: [
        { name: 'proposedDecision', type: 'enum', required: true, persist: true, zh: '拟处理意见', en: 'Proposed decision', values: o.proposals },
        { name: 'opinionReasons', type: 'text', required: true, persist: true, zh: '审查意见及理由', en: 'Opinion and reasons' },
      ],
      notify: 'none',
    },
    {
      action: 'return_opinion',
      from: [o.awaiting],
      to: o.review,
      actor: actor(DECIDERS),
      label: { zh: '退回承办人重新审查', en: 'Return to the handler' },
      input: [reasonField('退回意见', 'Why')],
      notify: 'none',
    },
    {
      action: 'endorse_opinion',
      from: [o.awaiting],
      to: o.awaiting,
      actor: actor(DECIDERS),
      label: { zh: '审核同意，报上一级审批', en: 'Endorse and pass up' },
      input: [noteField],
      guards: [DISTINCT_APPROVER, MORE_LEVELS],
      notify: 'none',
    },
  ];
}

/**
 * CPL 56, 57; 2017 规定 §14: evidence a P6 check found illegally gathered is excluded and may not
 * support 提请批捕 or 移送起诉: while a P6 instance of the case stands in ILLEGALITY_FOUND (the
 * platform's fact, never typed), the send waits until the police confirm the exclusion.
 */
export const NO_UNEXCLUDED_ILLEGAL_EVIDENCE: TGuard = {
  code: 'illegal_evidence_not_excluded',
  zh: '本案讯问合法性核查发现非法取证，相关证据尚未排除，不得作为提请批准逮捕、移送审查起诉的依据；请先确认排除（刑事诉讼法第五十六条、第五十七条）',
  en: 'A legality check found illegally gathered evidence that is not yet excluded (CPL 56, 57; 2017 provisions §14)',
  articles: [art('CPL', '56'), art('CPL', '57'), art('EXCLUSION_RULES_2017', '14 ¶3')],
  check: ({ facts }) => (facts?.illegalEvidencePending ? { ok: false, details: { process: 'evidence_legality', state: 'ILLEGALITY_FOUND' } } : { ok: true }),
};
