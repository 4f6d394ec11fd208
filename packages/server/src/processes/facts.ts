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
  const out = new Map<string, TPlatformFacts>();
  if (instances.length === 0) return out;
  const ids = instances.map((i) => i.id);
  const caseIds = [...new Set(instances.map((i) => i.caseId))];
  const receivers = [...new Set(instances.map((i) => i.receiverId).filter((x): x is string => !!x))];
  const [timers, levels, reviewEvents, cases] = await Promise.all([
    // each timer's last day and, in the same round trip, the processes opened from these
    // instances with the state each reached (P3: a 二审 that remanded the case, CPL 239)
    sql<{ instance_id: string; timer_id: string | null; due: string | null; follow_up: string | null; state: string | null }>`
      SELECT instance_id, timer_id, due, follow_up, state FROM (
        SELECT t.instance_id, t.timer_id, t.due::text AS due, NULL::text AS follow_up, NULL::text AS state, t.created_at, t.id
          FROM process_timers t WHERE t.instance_id = ANY(${ids}::uuid[])
        UNION ALL
        SELECT (f.data->>'fromInstance')::uuid, NULL, NULL, f.code, f.state, f.created_at, f.id FROM process_instances f
         WHERE f.case_id = ANY(${caseIds}::uuid[]) AND f.data->>'fromInstance' = ANY(${ids}::text[]) AND NOT (f.data ? 'voided')
      ) x ORDER BY created_at, id`.execute(db).then((r) => r.rows),
    // each receiver's approval levels and its own level (速裁/简易 only at a 基层法院, CPL 214, 222) in one read
    receivers.length ? db.selectFrom('agencies as a').leftJoin('agency_review_levels as l', 'l.agency_id', 'a.id')
      .select(['a.id as agency_id', 'a.level', 'l.approval_levels']).where('a.id', 'in', receivers).execute() : [],
    db.selectFrom('process_events').select(['instance_id', 'action', 'actor_user_id']).where('instance_id', 'in', ids)
      .where('action', 'in', ['submit_opinion', 'endorse_opinion']).orderBy('id').execute(),
    // the case's own facts in one round trip (a transition reads them twice: for its guards and
    // for the view after commit): its charges (CPL 81), when it occurred, who is held now
    // (CPL 105 ¶2 / 91 ¶3) and each person's running custody period (P8)
    db.selectFrom('cases as c').where('c.id', 'in', caseIds).select([
      'c.id', 'c.occurred_at',
      sql<string[]>`coalesce((SELECT json_agg(cc.charge_code) FROM case_charges cc WHERE cc.case_id = c.id), '[]'::json)`.as('charge_codes'),
      sql<boolean>`EXISTS (SELECT 1 FROM person_measures m WHERE m.case_id = c.id AND m.ended_at IS NULL AND m.measure IN ('detention', 'arrest'))`.as('held'),
      // CPL 56, 57: a P6 check found illegal evidence the police have not yet confirmed excluded
      sql<boolean>`EXISTS (SELECT 1 FROM process_instances pi WHERE pi.case_id = c.id AND pi.code = 'evidence_legality' AND pi.state = 'ILLEGALITY_FOUND')`.as('illegal_evidence'),
      sql<{ person_id: string; kind: string; due: string; extensions: number[] | null }[]>`coalesce((SELECT json_agg(json_build_object('person_id', t.person_id, 'kind', t.kind, 'due', t.due, 'extensions', t.extensions)) FROM person_custody_timers t WHERE t.case_id = c.id AND t.status = 'running'), '[]'::json)`.as('custody'),
      // 认罪认罚 (CPL 172–176): the plea and 量刑建议 recorded at 审查起诉, the duty lawyers assigned (P12),
      // the sealed 具结书 with the counsel named in them — read here so the trial's guards never take them from the request
      sql<{ counters: Record<string, number>; data: Record<string, unknown> } | null>`(SELECT json_build_object('counters', p.counters, 'data', p.data) FROM process_instances p WHERE p.case_id = c.id AND p.code = 'prosecution_transfer' ORDER BY p.updated_at DESC LIMIT 1)`.as('review'),
      sql<{ name: string; licenseNo: string }[]>`coalesce((SELECT json_agg(json_build_object('name', p.data->>'lawyerName', 'licenseNo', p.data->>'lawyerLicenseNo')) FROM process_instances p WHERE p.case_id = c.id AND p.code = 'duty_lawyer' AND p.state IN ('ASSIGNED', 'RECORDED')), '[]'::json)`.as('duty_lawyers'),
      sql<{ id: string; counselLicenseNo: string }[]>`coalesce((SELECT json_agg(json_build_object('id', r.id, 'counselLicenseNo', r.content->'counsel'->>'licenseNo')) FROM verbal_records r WHERE r.case_id = c.id AND r.kind = 'plea_agreement' AND r.status = 'confirmed'), '[]'::json)`.as('sealed_pleas'),
    ]).execute(),
  ]);
  for (const i of instances) {
    const timerDue: Record<string, string> = {};
    // the latest row of each timer wins (a restart replaces the period)
    const followUps: Record<string, Record<string, number>> = {};
    for (const t of timers) {
      if (t.instance_id !== i.id) continue;
      if (t.timer_id) timerDue[t.timer_id] = String(t.due);
      else if (t.follow_up && t.state) (followUps[t.follow_up] ??= {})[t.state] = (followUps[t.follow_up]?.[t.state] ?? 0) + 1;
    }
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
    const receiver = levels.find((l) => l.agency_id === i.receiverId);
    const approvalLevels = receiver?.approval_levels ?? 1;
    const occurred = kase?.occurred_at;
    const personCustody: Record<string, { kind: string; due: string; extensions: number[] }> = {};
    for (const t of kase?.custody ?? []) personCustody[t.person_id] = { kind: t.kind, due: String(t.due), extensions: t.extensions ?? [] };
    out.set(i.id, {
      timerDue, followUps, approvalLevels, approvalsSinceOpinion: approvals, actorEndorsed,
      personHeld: kase?.held === true, custody: personCustody, illegalEvidencePending: kase?.illegal_evidence === true,
      plea: pleaFact(kase?.review ?? null), dutyLawyers: kase?.duty_lawyers ?? [], sealedPleaRecords: kase?.sealed_pleas ?? [],
      ...(receiver?.level ? { receiverLevel: receiver.level as 'province' | 'city' | 'district' } : {}),
      ...(occurred ? { caseOccurredOn: civilDateInShanghai(new Date(occurred).getTime()) } : {}),
      ...(max ? { maxPenalty: max } : {}),
    });
  }
  return out;
}

/** The plea as 审查起诉 left it (P2's counters and its 量刑建议), for the trial's guards (CPL 201, 222). */
function pleaFact(review: { counters: Record<string, number>; data: Record<string, unknown> } | null): NonNullable<TPlatformFacts['plea']> {
  if (!review) return { status: 'none' };
  const c = review.counters ?? {};
  const made = (c.pleaAgreements ?? 0) + (c.pleaExceptions ?? 0);
  const status = made > (c.pleaWithdrawals ?? 0) ? 'agreed' : (c.pleaWithdrawals ?? 0) > 0 ? 'withdrawn' : 'none';
  const term = review.data?.recommendedTermMaxMonths;
  return { status, recommended: review.data?.recommendedPenalty !== undefined, ...(typeof term === 'number' ? { recommendedTermMonths: term } : {}) };
}
