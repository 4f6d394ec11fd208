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
import type { TPriorKey } from '../http/idempotency';
import { prepared, type TDb, type TTx } from '../db/database';
import { custodyContextOf, custodyContextSql, type TCustodyContext } from '../custody/apply-custody-effects';
import { evidenceSourcesJson, type TEvidenceSourceRow, type TPreloadedEvidence } from '../dossier/evidence-check';

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
  /**
   * evidenceOf: a send gated by the 证据指引 (evidence-gate.ts) also reads this case's evidence sources here;
   * key: a keyed request (http/idempotency.ts) also looks up its Idempotency-Key here — after the
   * instance lock, so a copy that committed first is seen;
   * custody: a step that can change a person's custody (core `mayHaveCustodyEffects`) also reads what
   * its custody effects work from (custody/apply-custody-effects.ts), so they cost no read of their own
   */
  opts: { evidenceOf?: string; key?: { userId: string; key: string }; custody?: { caseId: string; instanceId: string; actingAgencyId: string } } = {},
): Promise<{ facts: Map<string, TPlatformFacts>; issued: Map<string, string[]>; evidence?: TPreloadedEvidence; priorKey?: TPriorKey | null; custody?: TCustodyContext }> {
  const out = new Map<string, TPlatformFacts>();
  const issued = new Map<string, string[]>();
  if (instances.length === 0) return { facts: out, issued };
  const ids = instances.map((i) => i.id);
  const caseIds = [...new Set(instances.map((i) => i.caseId))];
  const receivers = [...new Set(instances.map((i) => i.receiverId).filter((x): x is string => !!x))];
  // one round trip (issue 13): a transition reads these twice, for its guards and for the view
  // after the change. Each timer's last day and, in the same list, the processes opened from these
  // instances with the state each reached (P3: a 二审 that remanded the case, CPL 239); each
  // receiver's approval levels and its own level (速裁/简易 only at a 基层法院, CPL 214, 222); the
  // case's own facts: its charges (CPL 81), when it occurred, who is held now (CPL 105 ¶2 / 91 ¶3),
  // each person's running custody period (P8) and the 认罪认罚 facts (CPL 172–176).
  type TRow = {
    timers: { instance_id: string; timer_id: string | null; due: string | null; follow_up: string | null; state: string | null }[];
    levels: { agency_id: string; level: string | null; approval_levels: number | null }[];
    review_events: { instance_id: string; action: string; actor_user_id: string | null }[];
    cases: { id: string; occurred_at: string | null; charge_codes: string[]; held: boolean; illegal_evidence: boolean; issued: string[];
      custody: { person_id: string; kind: string; due: string; extensions: number[] | null }[];
      review: { counters: Record<string, number>; data: Record<string, unknown> } | null;
      duty_lawyers: { name: string; licenseNo: string }[];
      sealed_pleas: { id: string; counselLicenseNo: string }[] }[];
    evidence?: TEvidenceSourceRow[];
    prior_key?: TPriorKey | null;
    custody?: unknown;
  };
  // a fixed text per option set (evidence, key): a named prepared statement (db/database.ts). With
  // one instance (a transition, its view) every key is a scalar parameter: PostgreSQL then settles on
  // a generic plan after five runs and stops planning this statement at each call (with arrays it
  // kept planning custom ones, ~0.8 ms a call, twice a step — issue 13)
  const oneOf = (type: 'uuid' | 'text') => (vals: readonly string[]) =>
    vals.length === 1 ? sql`= ${vals[0]}::${sql.raw(type)}` : sql`= ANY(${vals}::${sql.raw(type)}[])`;
  const [uuidIn, textIn] = [oneOf('uuid'), oneOf('text')];
  const { rows: [row] } = await sql<TRow>`${prepared} SELECT
    (SELECT coalesce(json_agg(json_build_object('instance_id', x.instance_id, 'timer_id', x.timer_id, 'due', x.due, 'follow_up', x.follow_up, 'state', x.state) ORDER BY x.created_at, x.id), '[]'::json)
       FROM (SELECT t.instance_id, t.timer_id, t.due::text AS due, NULL::text AS follow_up, NULL::text AS state, t.created_at, t.id
               FROM process_timers t WHERE t.instance_id ${uuidIn(ids)}
             UNION ALL
             SELECT (f.data->>'fromInstance')::uuid, NULL, NULL, f.code, f.state, f.created_at, f.id FROM process_instances f
              WHERE f.case_id ${uuidIn(caseIds)} AND f.data->>'fromInstance' ${textIn(ids)} AND NOT (f.data ? 'voided')) x) AS timers,
    (SELECT coalesce(json_agg(json_build_object('agency_id', a.id, 'level', a.level, 'approval_levels', l.approval_levels)), '[]'::json)
       FROM agencies a LEFT JOIN agency_review_levels l ON l.agency_id = a.id WHERE a.id ${uuidIn(receivers)}) AS levels,
    (SELECT coalesce(json_agg(json_build_object('instance_id', e.instance_id, 'action', e.action, 'actor_user_id', e.actor_user_id) ORDER BY e.id), '[]'::json)
       FROM process_events e WHERE e.instance_id ${uuidIn(ids)} AND e.action IN ('submit_opinion', 'endorse_opinion')) AS review_events,
    (SELECT coalesce(json_agg(json_build_object(
        'id', c.id, 'occurred_at', c.occurred_at,
        'charge_codes', coalesce((SELECT json_agg(cc.charge_code ORDER BY cc.position) FROM case_charges cc WHERE cc.case_id = c.id), '[]'::json),
        'issued', coalesce((SELECT json_agg(DISTINCT pd.doc_type) FROM process_documents pd WHERE pd.case_id = c.id), '[]'::json),
        'held', EXISTS (SELECT 1 FROM person_measures m WHERE m.case_id = c.id AND m.ended_at IS NULL AND m.measure IN ('detention', 'arrest')),
        -- CPL 56, 57: a P6 check found illegal evidence the police have not yet confirmed excluded
        'illegal_evidence', EXISTS (SELECT 1 FROM process_instances pi WHERE pi.case_id = c.id AND pi.code = 'evidence_legality' AND pi.state = 'ILLEGALITY_FOUND'),
        'custody', coalesce((SELECT json_agg(json_build_object('person_id', t.person_id, 'kind', t.kind, 'due', t.due, 'extensions', t.extensions))
                             FROM person_custody_timers t WHERE t.case_id = c.id AND t.status = 'running'), '[]'::json),
        -- 认罪认罚 (CPL 172–176): the plea and 量刑建议 recorded at 审查起诉, the duty lawyers assigned (P12),
        -- the sealed 具结书 with the counsel named in them — read here so the trial's guards never take them from the request
        'review', (SELECT json_build_object('counters', p.counters, 'data', p.data) FROM process_instances p WHERE p.case_id = c.id AND p.code = 'prosecution_transfer' ORDER BY p.updated_at DESC LIMIT 1),
        'duty_lawyers', coalesce((SELECT json_agg(json_build_object('name', p.data->>'lawyerName', 'licenseNo', p.data->>'lawyerLicenseNo')) FROM process_instances p WHERE p.case_id = c.id AND p.code = 'duty_lawyer' AND p.state IN ('ASSIGNED', 'RECORDED')), '[]'::json),
        'sealed_pleas', coalesce((SELECT json_agg(json_build_object('id', r.id, 'counselLicenseNo', r.content->'counsel'->>'licenseNo')) FROM verbal_records r WHERE r.case_id = c.id AND r.kind = 'plea_agreement' AND r.status = 'confirmed'), '[]'::json)
      )), '[]'::json)
       FROM cases c WHERE c.id ${uuidIn(caseIds)}) AS cases
    ${opts.evidenceOf ? sql`, ${evidenceSourcesJson(opts.evidenceOf)} AS evidence` : sql``}
    ${opts.key ? sql`, (SELECT json_build_object('request_hash', k.request_hash, 'response', k.response) FROM idempotency_keys k
                        WHERE k.user_id = ${opts.key.userId} AND k.key = ${opts.key.key}) AS prior_key` : sql``}
    ${opts.custody ? sql`, ${custodyContextSql(opts.custody)} AS custody` : sql``}`.execute(db);
  const { timers, levels, review_events: reviewEvents, cases, evidence, prior_key: priorKey, custody } = row!;
  for (const c of cases) issued.set(c.id, c.issued);
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
  const evidenceCase = opts.evidenceOf ? cases.find((c) => c.id === opts.evidenceOf) : undefined;
  return {
    facts: out, issued, ...(evidence ? { evidence: { charges: evidenceCase?.charge_codes ?? [], sources: evidence } } : {}),
    ...(opts.key ? { priorKey: priorKey ?? null } : {}),
    ...(opts.custody ? { custody: custodyContextOf(custody ?? null) } : {}),
  };
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
