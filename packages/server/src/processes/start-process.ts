/**
 * Start a process on a case (业务协同一家发起): the initiator's agency type must be allowed,
 * the receiver must be an agency of the receiving type; the instance starts in the
 * definition's initial state with its initial timers and a 待办 for whoever acts first.
 */
import type { z } from 'zod';
import type { ZProcessInstance, ZStartProcessRequest } from '@xietong/core/api';
import { createInstance, formatRef, getProcess, type TProcessDefinition, type TProcessInstance } from '@xietong/core/processes';
import type { TActor } from '@xietong/core';
import type { TDb, TTx } from '../db/database';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import { claimIdempotencyKey, storeIdempotentAnswer, type TIdempotency } from '../http/idempotency';
import type { TAuthedContext } from '../http/route';
import { resolveSuperiorAgency } from './participants';
import { openTodos } from './record-transition';
import { applyTimerEffects } from './timers';
import { recordEventRow } from './event-row';
import { loadInstanceViews } from './view';

export async function startProcess(
  db: TDb, ctx: TAuthedContext, caseId: string, req: z.output<typeof ZStartProcessRequest>, idem: TIdempotency = null,
): Promise<z.output<typeof ZProcessInstance>> {
  await assertCaseWritable(db, ctx, caseId, 'process.started');
  const def = getProcess(req.code);
  if (!def) throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：body.code 没有名为 ${req.code} 的流程`, details: { issues: [{ path: 'body.code', message: '未知流程' }] } });
  const actor = ctx.actor;
  let effectiveOn: string | null = null;
  if (!def.initiator.agencyTypes.includes(actor.agencyType)) {
    await writeAudit(db, ctx, { action: 'process.started', outcome: 'denied', caseId, details: { process: def.code, reason: 'initiator_type' } });
    throw new AppError('PROCESS_ACTOR_FORBIDDEN', { message: `「${def.name.zh}」只能由${def.initiator.agencyTypes.join('、')}发起` });
  }
  if (def.startsAfter) {
    // CPL 259/264: 交付执行 only once the judgment took effect (computed by the platform, CPL 230)
    const after = def.startsAfter;
    const prior = await db.selectFrom('process_instances').select(['id', 'data']).where('case_id', '=', caseId)
      .where('code', '=', after.process).where('state', 'in', [...after.states]).orderBy('updated_at', 'desc').executeTakeFirst();
    if (!prior) {
      await writeAudit(db, ctx, { action: 'process.started', outcome: 'denied', caseId, details: { process: def.code, reason: after.code } });
      throw new AppError(after.code, { message: after.zh, details: { requires: { process: after.process, states: after.states }, articles: after.articles.map(formatRef) } });
    }
    effectiveOn = typeof (prior.data as Record<string, unknown>).effectiveOn === 'string' ? (prior.data as Record<string, string>).effectiveOn! : null;
  }
  const receiver = await db.selectFrom('agencies').select(['id', 'type']).where('id', '=', req.receiverAgencyId).executeTakeFirst();
  if (!receiver || !def.receiver.agencyTypes.includes(receiver.type as never)) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.receiverAgencyId 接收机关类型不符', details: { issues: [{ path: 'body.receiverAgencyId', message: '接收机关类型不符' }] } });
  }
  const { instance, timers } = createInstance(def, { data: req.data });
  const superior = await resolveSuperiorAgency(db, def, instance, receiver.id, actor.agencyId);
  const now = new Date();
  return db.transaction().execute(async (tx) => {
    await claimIdempotencyKey(tx, idem);
    const id = await insertProcessInstance(tx, actor, { def, instance, timers, caseId, receiverId: receiver.id, superior, data: req.data, effectiveOn, now });
    await writeAudit(tx, ctx, { action: 'process.started', targetType: 'process_instance', targetId: id, caseId, details: { process: def.code, receiver: receiver.id } });
    const [view] = await loadInstanceViews(tx, [id], actor);
    await storeIdempotentAnswer(tx, idem, view);
    return view!;
  });
}

/**
 * The instance row, its initial timers, the start event and the first 待办, inside the caller's
 * transaction (a process started by a party here, a 督办 by a supervisor in supervision/).
 */
export async function insertProcessInstance(
  tx: TTx, actor: TActor,
  o: { def: TProcessDefinition; instance: TProcessInstance; timers: ReturnType<typeof createInstance>['timers']; caseId: string; receiverId: string; superior: string | null; data: Record<string, unknown>; effectiveOn?: string | null; now: Date },
): Promise<string> {
  const { def, instance, timers, caseId, now } = o;
  const row = await tx.insertInto('process_instances').values({
    case_id: caseId, code: def.code, state: instance.state, version: instance.version, counters: JSON.stringify(instance.counters),
    data: JSON.stringify(instance.data), initiator_agency_id: actor.agencyId, receiver_agency_id: o.receiverId,
    superior_agency_id: o.superior, started_by: actor.userId, terminal: false,
  }).returning('id').executeTakeFirstOrThrow();
  // P5: CPL 264's 10 days run from 生效, whenever the court opens the process
  const started = await applyTimerEffects(tx, { ...timers, start: timers.start.map((t) => ({ ...t, startOn: t.startOn ?? o.effectiveOn ?? null })) }, { instanceId: row.id, caseId, now });
  const agency = await tx.selectFrom('agencies').select('name').where('id', '=', actor.agencyId).executeTakeFirstOrThrow();
  const evId = await recordEventRow(tx, {
    instance_id: row.id, case_id: caseId, process: def.code, action: 'start', from_state: instance.state, to_state: instance.state,
    version: instance.version, actor_user_id: actor.userId, actor_name: actor.displayName, actor_agency_id: actor.agencyId,
    actor_agency_name: agency.name, actor_role: actor.roles[0]!, actor_side: 'initiator', input: JSON.stringify(o.data),
    documents: '[]', timers_started: JSON.stringify(started.started.map((t) => ({ zh: t.zh, due: t.due }))), timers_stopped: '[]',
    articles: JSON.stringify(def.articles.map(formatRef)), at: now,
  });
  await openTodos(tx, def, instance.state, { initiator: actor.agencyId, receiver: o.receiverId, superior: o.superior }, { instanceId: row.id, caseId, eventId: evId });
  return row.id;
}
