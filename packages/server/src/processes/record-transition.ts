/**
 * Everything a fired transition writes, inside the caller's transaction: the event, the
 * timers, the documents issued (numbered, rendered and signed: issue-step-documents.ts), the inbox (待办 of the
 * agencies that act next, 已办 for the actor), case parties and the case card, and the audit row.
 */
import { agencyByIdOrThrow } from '../agencies/agency-cache';
import type { TProcessDefinition, TTimerEffects } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import type { TIssueDeps } from '../documents/issue-legal-document';
import { issueStepDocuments } from './issue-step-documents';
import { actorsInState, type TParticipants } from './participants';
import { applyCaseEffects } from './case-effects';
import { applyTimerEffects, refreshCustodyFlags } from './timers';
import { recordEventRow } from './event-row';
import { applyCustodyEffects } from '../custody/apply-custody-effects';

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
  now: Date;
  /** Blob store and key directory for the PDFs of the documents the step issues. */
  issue: TIssueDeps;
};

export async function recordTransition(tx: TTx, ctx: TAuthedContext, f: TFired): Promise<string> {
  const actor = ctx.actor;
  const agency = await agencyByIdOrThrow(tx, actor.agencyId);
  const timers = await applyTimerEffects(tx, f.timers, { instanceId: f.instanceId, caseId: f.caseId, now: f.now });
  const eventId = await recordEventRow(tx, {
    instance_id: f.instanceId, case_id: f.caseId, process: f.def.code, action: f.action, from_state: f.from, to_state: f.to,
    version: f.version, actor_user_id: actor.userId, actor_name: actor.displayName, actor_agency_id: actor.agencyId,
    actor_agency_name: agency.name, actor_role: f.role, actor_side: f.side, input: JSON.stringify(f.input),
    documents: JSON.stringify(f.documents), timers_started: JSON.stringify(timers.started.map((t) => ({ zh: t.zh, due: t.due }))),
    timers_stopped: JSON.stringify(timers.stopped), articles: JSON.stringify(f.articles), at: f.now,
  });

  const transition = f.def.transitions.find((t) => t.action === f.action && t.from.includes(f.from));
  if (transition) {
    await issueStepDocuments(tx, ctx, f.issue, {
      transition, staysInDraft: f.def.states[f.to]?.kind === 'draft', process: f.def.code, caseId: f.caseId, instanceId: f.instanceId, eventId, side: f.side, participants: f.participants,
      docs: f.documents.filter((d) => !transition.documents?.required?.includes(d as never)), input: f.input, at: f.now,
    });
  }

  // 待办: close what was open on this instance, open it for whoever acts next.
  await tx.updateTable('inbox_items').set({ done_at: sql`now()`, done_by: actor.userId })
    .where('instance_id', '=', f.instanceId).where('done_at', 'is', null).execute();
  await openTodos(tx, f.def, f.to, f.participants, { instanceId: f.instanceId, caseId: f.caseId, eventId: eventId });

  await applyCaseEffects(tx, { caseId: f.caseId, process: f.def.code, action: f.action, to: f.to, actingAgencyId: actor.agencyId, now: f.now });
  // each person's measure and custody timer (拘留, 逮捕, stage periods, P8 extensions, release)
  await applyCustodyEffects(tx, { caseId: f.caseId, instanceId: f.instanceId, process: f.def.code, action: f.action, input: f.input, timers: f.timers, actingAgencyId: actor.agencyId, now: f.now });
  // CPL 105 ¶2: the custody flag of 'person' timers follows the measures the step just changed
  await refreshCustodyFlags(tx, f.caseId);
  await writeAudit(tx, ctx, {
    action: 'process.transition', targetType: 'process_instance', targetId: f.instanceId, caseId: f.caseId,
    details: { process: f.def.code, action: f.action, from: f.from, to: f.to, eventId: eventId },
  });
  return eventId;
}

/**
 * Open 待办 items for the agencies that may act in `state`, and make them parties to the case
 * once the flow has left the sender's draft (a receiver never sees a draft — PEERS.md #11353).
 */
export async function openTodos(
  tx: TTx, def: TProcessDefinition, state: string, p: TParticipants, at: { instanceId: string; caseId: string; eventId: string | null },
): Promise<void> {
  const kind = def.states[state]?.kind;
  const agencyBySide = { initiator: p.initiator, receiver: p.receiver, superior: p.superior } as const;
  if (kind !== 'draft') {
    await joinCase(tx, at.caseId, p.receiver);
  }
  for (const [side, roles] of actorsInState(def, state)) {
    const agencyId = agencyBySide[side];
    if (!agencyId) continue;
    if (side !== 'initiator' && kind !== 'draft') await joinCase(tx, at.caseId, agencyId);
    await tx.insertInto('inbox_items').values({ agency_id: agencyId, roles: [...roles], instance_id: at.instanceId, case_id: at.caseId, event_id: at.eventId }).execute();
  }
}

async function joinCase(tx: TTx, caseId: string, agencyId: string): Promise<void> {
  await tx.insertInto('case_parties').values({ case_id: caseId, agency_id: agencyId }).onConflict((oc) => oc.doNothing()).execute();
}
