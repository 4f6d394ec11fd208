/**
 * Facts the platform computes for the process guards, read from stored rows and never from the
 * request: the last day of each timer of an instance (CPL 230's window from its stored due date)
 * the heaviest statutory maximum among the case's charges (CPL 81), the approval levels of the
 * deciding agency with the endorsements of the current 审查意见, and whether a legality check of the
 * case found illegal evidence not yet excluded (CPL 56, 57: P1/P2 sends wait).
 */
import { CHARGES, heavierPenalty, type TPenalty } from '@xietong/core/charges';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import type { TPlatformFacts } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';

export async function loadPlatformFacts(
  db: TDb | TTx, instances: readonly { id: string; caseId: string; receiverId?: string }[], userId?: string,
): Promise<Map<string, TPlatformFacts>> {
  return (await loadFactsAndIssued(db, instances, userId)).facts;
}

/**
 * The facts, and for a transition also the document types already issued in each case (for
 * `required`), in the same round trip: read after the instance lock, so a step that committed
 * while this one waited is seen with its documents.
 */
export async function loadFactsAndIssued(
  db: TDb | TTx, instances: readonly { id: string; caseId: string; receiverId?: string }[], userId?: string,
): Promise<{ facts: Map<string, TPlatformFacts>; issued: Map<string, string[]> }> {
  const out = new Map<string, TPlatformFacts>();
  const issued = new Map<string, string[]>();
  if (instances.length === 0) return { facts: out, issued };
  const ids = instances.map((i) => i.id);
  const caseIds = [...new Set(instances.map((i) => i.caseId))];
  const receivers = [...new Set(instances.map((i) => i.receiverId).filter((x): x is string => !!x))];
  // one round trip (issue 13): a transition reads these twice, for its guards and for the view
  // after the change. The case's own facts: its charges (CPL 81), when it occurred, who is held
  // now (CPL 105 ¶2 / 91 ¶3) and each person's running custody period (P8).
  type TRow = {
    timers: { instance_id: string; timer_id: string; due: string }[];
    levels: { agency_id: string; approval_levels: number }[];
    review_events: { instance_id: string; action: string; actor_user_id: string | null }[];
    cases: { id: string; occurred_at: string | null; charge_codes: string[]; held: boolean; illegal_evidence: boolean; issued: string[];
      custody: { person_id: string; kind: string; due: string; extensions: number[] | null }[] }[];
  };
  const { rows: [row] } = await sql<TRow>`SELECT
    (SELECT coalesce(json_agg(json_build_object('instance_id', t.instance_id, 'timer_id', t.timer_id, 'due', t.due) ORDER BY t.created_at, t.id), '[]'::json)
       FROM process_timers t WHERE t.instance_id = ANY(${ids}::uuid[])) AS timers,
    (SELECT coalesce(json_agg(json_build_object('agency_id', l.agency_id, 'approval_levels', l.approval_levels)), '[]'::json)
       FROM agency_review_levels l WHERE l.agency_id = ANY(${receivers}::uuid[])) AS levels,
    (SELECT coalesce(json_agg(json_build_object('instance_id', e.instance_id, 'action', e.action, 'actor_user_id', e.actor_user_id) ORDER BY e.id), '[]'::json)
       FROM process_events e WHERE e.instance_id = ANY(${ids}::uuid[]) AND e.action IN ('submit_opinion', 'endorse_opinion')) AS review_events,
    (SELECT coalesce(json_agg(json_build_object(
        'id', c.id, 'occurred_at', c.occurred_at,
        'charge_codes', coalesce((SELECT json_agg(cc.charge_code) FROM case_charges cc WHERE cc.case_id = c.id), '[]'::json),
        'issued', coalesce((SELECT json_agg(DISTINCT pd.doc_type) FROM process_documents pd WHERE pd.case_id = c.id), '[]'::json),
        'held', EXISTS (SELECT 1 FROM person_measures m WHERE m.case_id = c.id AND m.ended_at IS NULL AND m.measure IN ('detention', 'arrest')),
        -- CPL 56, 57: a P6 check found illegal evidence the police have not yet confirmed excluded
        'illegal_evidence', EXISTS (SELECT 1 FROM process_instances pi WHERE pi.case_id = c.id AND pi.code = 'evidence_legality' AND pi.state = 'ILLEGALITY_FOUND'),
        'custody', coalesce((SELECT json_agg(json_build_object('person_id', t.person_id, 'kind', t.kind, 'due', t.due, 'extensions', t.extensions))
                             FROM person_custody_timers t WHERE t.case_id = c.id AND t.status = 'running'), '[]'::json))), '[]'::json)
       FROM cases c WHERE c.id = ANY(${caseIds}::uuid[])) AS cases`.execute(db);
  const { timers, levels, review_events: reviewEvents, cases } = row!;
  for (const c of cases) issued.set(c.id, c.issued);
  for (const i of instances) {
    const timerDue: Record<string, string> = {};
    // the latest row of each timer wins (a restart replaces the period)
    for (const t of timers) if (t.instance_id === i.id) timerDue[t.timer_id] = String(t.due);
    const kase = cases.find((c) => c.id === i.caseId);
    let max: TPenalty | undefined;
    for (const code of kase?.charge_codes ?? []) {
      const charge = (CHARGES as Record<string, { maxPenalty: TPenalty }>)[code];
      if (charge) max = max ? heavierPenalty(max, charge.maxPenalty) : charge.maxPenalty;
    }
    // endorsements of the current 审查意见: those after the handler last submitted it
    let approvals = 0;
    let actorEndorsed = false;
    for (const e of reviewEvents) {
      if (e.instance_id !== i.id) continue;
      if (e.action === 'submit_opinion') [approvals, actorEndorsed] = [0, false];
      else [approvals, actorEndorsed] = [approvals + 1, actorEndorsed || (!!userId && e.actor_user_id === userId)];
    }
    const approvalLevels = levels.find((l) => l.agency_id === i.receiverId)?.approval_levels ?? 1;
    const occurred = kase?.occurred_at;
    const personCustody: Record<string, { kind: string; due: string; extensions: number[] }> = {};
    for (const t of kase?.custody ?? []) personCustody[t.person_id] = { kind: t.kind, due: String(t.due), extensions: t.extensions ?? [] };
    out.set(i.id, {
      timerDue, approvalLevels, approvalsSinceOpinion: approvals, actorEndorsed,
      personHeld: kase?.held === true, custody: personCustody, illegalEvidencePending: kase?.illegal_evidence === true,
      ...(occurred ? { caseOccurredOn: civilDateInShanghai(new Date(occurred).getTime()) } : {}),
      ...(max ? { maxPenalty: max } : {}),
    });
  }
  return { facts: out, issued };
}
