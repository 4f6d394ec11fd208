/**
 * Facts the platform computes for the process guards, read from stored rows and never from the
 * request: the last day of each timer of an instance (CPL 230's window from its stored due date)
 * the heaviest statutory maximum among the case's charges (CPL 81), and the approval levels of the
 * deciding agency with the endorsements of the current 审查意见.
 */
import { CHARGES, heavierPenalty, type TPenalty } from '@xietong/core/charges';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import type { TPlatformFacts } from '@xietong/core/processes';
import type { TDb, TTx } from '../db/database';

export async function loadPlatformFacts(
  db: TDb | TTx, instances: readonly { id: string; caseId: string; receiverId?: string }[], userId?: string,
): Promise<Map<string, TPlatformFacts>> {
  const out = new Map<string, TPlatformFacts>();
  if (instances.length === 0) return out;
  const ids = instances.map((i) => i.id);
  const caseIds = [...new Set(instances.map((i) => i.caseId))];
  const receivers = [...new Set(instances.map((i) => i.receiverId).filter((x): x is string => !!x))];
  const [timers, charges, levels, reviewEvents, cases, measures, custody] = await Promise.all([
    db.selectFrom('process_timers').select(['instance_id', 'timer_id', 'due']).where('instance_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('case_charges').select(['case_id', 'charge_code']).where('case_id', 'in', caseIds).execute(),
    receivers.length ? db.selectFrom('agency_review_levels').select(['agency_id', 'approval_levels']).where('agency_id', 'in', receivers).execute() : [],
    db.selectFrom('process_events').select(['instance_id', 'action', 'actor_user_id']).where('instance_id', 'in', ids)
      .where('action', 'in', ['submit_opinion', 'endorse_opinion']).orderBy('id').execute(),
    db.selectFrom('cases').select(['id', 'occurred_at']).where('id', 'in', caseIds).execute(),
    // CPL 105 ¶2 / 91 ¶3: who is held now; P8: each person's running custody period
    db.selectFrom('person_measures').select(['case_id']).where('case_id', 'in', caseIds).where('ended_at', 'is', null)
      .where('measure', 'in', ['detention', 'arrest']).execute(),
    db.selectFrom('person_custody_timers').select(['case_id', 'person_id', 'kind', 'due', 'extensions']).where('case_id', 'in', caseIds)
      .where('status', '=', 'running').execute(),
  ]);
  for (const i of instances) {
    const timerDue: Record<string, string> = {};
    // the latest row of each timer wins (a restart replaces the period)
    for (const t of timers) if (t.instance_id === i.id) timerDue[t.timer_id] = String(t.due);
    let max: TPenalty | undefined;
    for (const c of charges) {
      const charge = (CHARGES as Record<string, { maxPenalty: TPenalty }>)[c.charge_code];
      if (c.case_id === i.caseId && charge) max = max ? heavierPenalty(max, charge.maxPenalty) : charge.maxPenalty;
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
    const occurred = cases.find((c) => c.id === i.caseId)?.occurred_at;
    const personCustody: Record<string, { kind: string; due: string; extensions: number[] }> = {};
    for (const t of custody) {
      if (t.case_id === i.caseId) personCustody[t.person_id] = { kind: t.kind, due: String(t.due), extensions: (t.extensions as number[] | null) ?? [] };
    }
    out.set(i.id, {
      timerDue, approvalLevels, approvalsSinceOpinion: approvals, actorEndorsed,
      personHeld: measures.some((m) => m.case_id === i.caseId), custody: personCustody,
      ...(occurred ? { caseOccurredOn: civilDateInShanghai(new Date(occurred).getTime()) } : {}),
      ...(max ? { maxPenalty: max } : {}),
    });
  }
  return out;
}
