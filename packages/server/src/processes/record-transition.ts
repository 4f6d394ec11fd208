/**
 * Everything a fired transition writes, inside the caller's transaction: the event, the
 * timers, the documents issued (numbered, with what they say: issue-step-documents.ts; their signed
 * PDF follows the COMMIT), the inbox (待办 of the agencies that act next, 已办 for the actor), case
 * parties and the case card, and the audit row.
 */
import { agencyByIdOrThrow } from '../agencies/agency-cache';
import type { TProcessDefinition, TTimerEffects } from '@xietong/core/processes';
import { sql, type RawBuilder } from 'kysely';
import type { TTx } from '../db/database';
import { batchAudit } from '../audit/write-audit';
import type { WriteBatch } from '../db/write-batch';
import type { TAuthedContext } from '../http/route';
import { contentSm3 } from '../documents/issue-legal-document';
import { addStepDocumentWrites, documentsStateDeadlines, prepareStepDocuments } from './issue-step-documents';
import { actorsInState, type TParticipants } from './participants';
import { applyCaseEffects, stageAfter } from './case-effects';
import { applyTimerEffects, batchCustodyFlags, refreshCustodyFlags } from './timers';
import { batchEventRow } from './event-row';
import { addCustodyWrites, planCustodyEffects, type TCustodyContext } from '../custody/apply-custody-effects';

export type TFired = {
  def: TProcessDefinition;
  instanceId: string;
  caseId: string;
  action: string;
  from: string;
  to: string;
  version: number;
  side: string;
  role: string;
  input: Record<string, unknown>;
  documents: readonly string[];
  timers: TTimerEffects;
  articles: string[];
  participants: TParticipants;
  /** the instance data after the step, as just written (persisted fields, e.g. P1's personId) */
  data?: Record<string, unknown>;
  now: Date;
  /** ids reserved with the instance lock: the event and audit rows are written with their ledger entries in one statement */
  ids: { event: string; audit: string };
  /** the transaction's one statement of writes (db/write-batch.ts); the caller flushes it */
  batch: WriteBatch;
  /** when the step was keyed (differs from `now` only for a 补录) */
  enteredAt: Date;
  /** 补录 of a paper flow (单轨例外): `now` is the real legal time; the event is flagged */
  paper?: true;
  /** a person of the case held before the step (its platform facts): 'person' custody timers start from it */
  personHeld?: boolean;
  /** what the step's custody effects work from, read with its platform facts when it can have any (facts.ts) */
  custody?: TCustodyContext;
  /**
   * the case's party agencies, read by the statement that locks the case row: only agencies not
   * among them are added (one committed while this step waited for the lock may be missing from
   * the set; its INSERT … ON CONFLICT DO NOTHING is then a no-op — parties are never removed)
   */
  parties?: ReadonlySet<string>;
};

/** `issued`: the documents the step numbered, whose PDF the caller renders after COMMIT (documents/render-issued-documents.ts). */
export async function recordTransition(tx: TTx, ctx: TAuthedContext, f: TFired): Promise<{ eventId: string; issued: string[] }> {
  const actor = ctx.actor;
  const batch = f.batch;
  const agency = await agencyByIdOrThrow(tx, actor.agencyId);
  // each person's measure and custody timer (拘留, 逮捕, stage periods, P8 extensions, release), worked
  // out from what was read with the platform facts (custody/apply-custody-effects.ts); written below
  const stage = stageAfter(f.def.code, f.to);
  const custody = await planCustodyEffects(tx, {
    caseId: f.caseId, instanceId: f.instanceId, process: f.def.code, action: f.action, input: f.input, data: f.data ?? {}, timers: f.timers,
    actingAgencyId: actor.agencyId, now: f.now, ...(stage ? { stageAfter: stage } : {}),
  }, f.custody);
  // CPL 105 ¶2: a 'person' timer started now takes the custody flag the step leaves the persons in
  const held = custody ? custody.heldAfter : f.personHeld;
  const fresh = [...f.timers.start, ...f.timers.restart].map((t) => t.id);
  const timers = await applyTimerEffects(tx, f.timers, { instanceId: f.instanceId, caseId: f.caseId, now: f.now }, {
    batch, ...(held !== undefined ? { held } : {}), computed: custody?.processTimer && fresh.includes(custody.processTimer.timerId) ? custody.processTimer : null,
  });
  const eventId = await batchEventRow(tx, batch, f.ids.event, {
    instance_id: f.instanceId, case_id: f.caseId, process: f.def.code, action: f.action, from_state: f.from, to_state: f.to,
    version: f.version, actor_user_id: actor.userId, actor_name: actor.displayName, actor_agency_id: actor.agencyId,
    actor_agency_name: agency.name, actor_role: f.role, actor_side: f.side, input: f.input,
    documents: f.documents, timers_started: timers.started.map((t) => ({ zh: t.zh, due: t.due })),
    timers_stopped: timers.stopped, articles: f.articles, at: f.now, entered_at: f.enteredAt,
    single_track: f.paper === true, backfilled: f.paper === true,
  });

  const transition = f.def.transitions.find((t) => t.action === f.action && t.from.includes(f.from));
  const docs = transition ? f.documents.filter((d) => !transition.documents?.required?.includes(d as never)) : [];
  // what the documents say is read and filled now, from the case as the step finds it (one round
  // trip); their rows and 文号 join the statement of writes last
  // a 文书 stating the custody deadline reads the timers this step just (re)started
  if (transition && docs.length && documentsStateDeadlines(docs)) await batch.flush(tx);
  const documents = transition && docs.length
    ? await prepareStepDocuments(tx, ctx, {
      transition, staysInDraft: f.def.states[f.to]?.kind === 'draft', process: f.def.code, caseId: f.caseId, instanceId: f.instanceId, eventId, side: f.side, participants: f.participants,
      docs, input: f.input, at: f.now, data: f.data ?? {},
      // P8 approve: the extended expiry its custody effects are about to write
      custodyAfter: custody ? [...custody.timerUpdates.values()].map((u) => u.due).filter((d): d is string => !!d).sort()[0] ?? null : null,
    })
    : null;

  // 待办: close what was open on this instance, open it for whoever acts next.
  await openTodos(tx, f.def, f.to, f.participants, { instanceId: f.instanceId, caseId: f.caseId, eventId: eventId }, { closeOpenBy: actor.userId, batch, ...(f.parties ? { parties: f.parties } : {}) });

  await applyCaseEffects(tx, { caseId: f.caseId, process: f.def.code, action: f.action, to: f.to, actingAgencyId: actor.agencyId, now: f.now, batch });
  if (custody) {
    addCustodyWrites(tx, batch, custody, { instanceId: f.instanceId, processTimerStarted: fresh.includes(custody.processTimer?.timerId ?? '') });
    // CPL 105 ¶2: the custody flag of 'person' timers follows the measures the step just changed; a step
    // that also lengthened, retracked or paused timers re-reads them (their rows moved since the facts)
    const t = f.timers;
    if ((t.extend ?? []).length + (t.retrack ?? []).length + (t.pause ?? []).length + (t.resume ?? []).length) {
      await batch.flush(tx);
      await refreshCustodyFlags(tx, f.caseId);
    } else {
      await batchCustodyFlags(tx, batch, custody.context.personRule, { held: custody.heldAfter, instanceId: f.instanceId, touched: [...fresh, ...t.stop] });
    }
  }
  await batchAudit(tx, batch, ctx, {
    action: 'process.transition', targetType: 'process_instance', targetId: f.instanceId, caseId: f.caseId,
    details: {
      process: f.def.code, action: f.action, from: f.from, to: f.to, eventId: eventId,
      // what each issued document says is bound in the ledger at COMMIT, before its PDF exists
      ...(documents ? { issuedDocuments: documents.docs.map((d) => ({ documentId: d.id, docType: d.docType, contentSm3: contentSm3(d.content) })) } : {}),
    },
  }, { id: f.ids.audit, at: f.now });
  // the 文号 counter rows: locked by the statement of writes, held to COMMIT only
  const issued = documents ? addStepDocumentWrites(batch, documents) : [];
  return { eventId, issued };
}

/**
 * Open 待办 items for the agencies that may act in `state`, and make them parties to the case
 * once the flow has left the sender's draft (a receiver never sees a draft — PEERS.md #11353).
 * `closeOpenBy`: first close the instance's open items as done by this user. All of it is one
 * statement (issue 13): the CTEs share one snapshot, so the close never touches the new items.
 */
export async function openTodos(
  tx: TTx, def: TProcessDefinition, state: string, p: TParticipants, at: { instanceId: string; caseId: string; eventId: string | null },
  opts: { closeOpenBy?: string; batch?: WriteBatch; parties?: ReadonlySet<string> } = {},
): Promise<void> {
  const kind = def.states[state]?.kind;
  const agencyBySide = { initiator: p.initiator, receiver: p.receiver, superior: p.superior } as const;
  const joins = new Set<string>();
  if (kind !== 'draft') joins.add(p.receiver);
  const items: { agencyId: string; roles: string[] }[] = [];
  for (const [side, roles] of actorsInState(def, state)) {
    const agencyId = agencyBySide[side];
    if (!agencyId) continue;
    if (side !== 'initiator' && kind !== 'draft') joins.add(agencyId);
    items.push({ agencyId, roles: [...roles] });
  }
  const steps: { name: string; write: RawBuilder<unknown> }[] = [];
  if (opts.closeOpenBy) {
    steps.push({ name: 'closed', write: sql`UPDATE inbox_items SET done_at = now(), done_by = ${opts.closeOpenBy} WHERE instance_id = ${at.instanceId} AND done_at IS NULL` });
  }
  // an agency already a party is not inserted again (issue 13): the INSERT … ON CONFLICT DO NOTHING
  // still fired the statement triggers that recompute the case's search scope keys and rollups
  for (const a of opts.parties ?? []) joins.delete(a);
  if (joins.size) {
    steps.push({ name: 'joined', write: sql`INSERT INTO case_parties (case_id, agency_id) VALUES ${sql.join([...joins].map((a) => sql`(${at.caseId}, ${a})`))} ON CONFLICT DO NOTHING` });
  }
  const insert = items.length
    ? sql`INSERT INTO inbox_items (agency_id, roles, instance_id, case_id, event_id) VALUES ${sql.join(items.map((i) => sql`(${i.agencyId}, ${i.roles}::text[], ${at.instanceId}, ${at.caseId}, ${at.eventId})`))}`
    : sql`SELECT 1`;
  if (!steps.length && !items.length) return;
  if (opts.batch) {
    // the same three writes as CTEs of the transition's one statement (same snapshot, same guarantee)
    for (const s of steps) opts.batch.add(s.write);
    if (items.length) opts.batch.add(insert);
    return;
  }
  await sql`${steps.length ? sql`WITH ${sql.join(steps.map((s) => sql`${sql.raw(s.name)} AS (${s.write})`))} ` : sql``}${insert}`.execute(tx);
}
