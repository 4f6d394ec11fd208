/**
 * 单轨例外登记: record a step that happened on paper (停电, 系统故障 … single-track.md §2) with
 * its real legal event time, the sanctioned reason and who approved it. Nothing of the process
 * changes yet: the step is replayed at that time by the backfill (补录). The caller's agency must
 * be a party of the instance that may fire the step; the time may not lie in the future nor
 * before the instance's last step (history is appended in order).
 */
import type { z } from 'zod';
import type { ZRegisterSingleTrackFlow } from '@xietong/core/api';
import { getProcess } from '@xietong/core/processes';
import type { TDb } from '../db/database';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { actingAs } from '../processes/participants';
import { loadFlow, type TFlowView } from './flow-view';

const DAY_MS = 86_400_000;

/** The instance, its last event time and the actor's right to fire `action` (shared with the backfill). */
export async function paperStepOf(db: TDb, ctx: TAuthedContext, instanceId: string, action: string, auditAction: 'single_track.registered' | 'single_track.backfilled') {
  const inst = await db.selectFrom('process_instances').select(['id', 'case_id', 'code', 'initiator_agency_id', 'receiver_agency_id', 'superior_agency_id'])
    .where('id', '=', instanceId).executeTakeFirst();
  if (!inst) throw new AppError('NOT_FOUND', { message: '该流程不存在' });
  await assertCaseWritable(db, ctx, inst.case_id, auditAction);
  const def = getProcess(inst.code);
  const candidates = def?.transitions.filter((t) => t.action === action) ?? [];
  if (!def || candidates.length === 0) throw new AppError('PROCESS_ACTION_UNKNOWN', { message: `「${def?.name.zh ?? inst.code}」没有操作 ${action}` });
  const participants = { initiator: inst.initiator_agency_id, receiver: inst.receiver_agency_id, superior: inst.superior_agency_id };
  if (!candidates.some((t) => actingAs(t, ctx.actor, participants))) {
    await writeAudit(db, ctx, { action: auditAction, outcome: 'denied', targetType: 'process_instance', targetId: instanceId, caseId: inst.case_id, details: { action, reason: 'actor' } });
    throw new AppError('PROCESS_ACTOR_FORBIDDEN', { message: `您的机构或角色不能执行「${candidates[0]!.label.zh}」，也不能登记或补录该步骤` });
  }
  // the last legal step (opening the instance in the platform is not one: it may be opened to key the paper flow)
  const last = await db.selectFrom('process_events').select((eb) => eb.fn.max('at').as('at')).where('instance_id', '=', instanceId).where('action', '<>', 'start').executeTakeFirst();
  const notBefore = last?.at ? new Date(last.at) : null;
  return { inst, def, participants, notBefore, label: candidates[0]!.label };
}

export function assertPaperTime(occurredAt: Date, notBefore: Date | null, now: Date): void {
  if (occurredAt.getTime() > now.getTime()) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.occurredAt 实际发生时间不能晚于当前时间', details: { issues: [{ path: 'body.occurredAt', message: '晚于当前时间' }] } });
  }
  if (notBefore && occurredAt.getTime() < notBefore.getTime()) {
    throw new AppError('VALIDATION_FAILED', {
      message: `请求内容不符合要求：body.occurredAt 实际发生时间早于该流程最后一次记录（${notBefore.toISOString()}），历史只可追加`,
      details: { issues: [{ path: 'body.occurredAt', message: '早于该流程最后一次记录' }], notBefore: notBefore.toISOString() },
    });
  }
}

export async function registerSingleTrackFlow(db: TDb, ctx: TAuthedContext, req: z.output<typeof ZRegisterSingleTrackFlow>): Promise<TFlowView> {
  const now = new Date();
  const occurredAt = new Date(req.occurredAt);
  const { inst, def, participants, notBefore } = await paperStepOf(db, ctx, req.instanceId, req.action, 'single_track.registered');
  assertPaperTime(occurredAt, notBefore, now);
  const reason = await db.selectFrom('single_track_reasons').select(['code', 'zh', 'active']).where('code', '=', req.reasonCode).executeTakeFirst();
  if (!reason || !reason.active) {
    throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：body.reasonCode ${req.reasonCode} 不是有效的单轨例外原因`, details: { issues: [{ path: 'body.reasonCode', message: '无效原因' }] } });
  }
  // the other side of the hand-off: named, or the instance's counterpart of the caller
  const toAgencyId = req.toAgencyId ?? (participants.initiator === ctx.actor.agencyId ? participants.receiver : participants.initiator);
  if (req.toAgencyId && !(await db.selectFrom('agencies').select('id').where('id', '=', req.toAgencyId).executeTakeFirst())) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.toAgencyId 机构不存在', details: { issues: [{ path: 'body.toAgencyId', message: '机构不存在' }] } });
  }
  const id = await db.transaction().execute(async (tx) => {
    const settings = await tx.selectFrom('single_track_settings').select('backfill_days').executeTakeFirst();
    const days = settings?.backfill_days ?? 3;
    const row = await tx.insertInto('single_track_flows').values({
      case_id: inst.case_id, instance_id: inst.id, process: def.code, action: req.action, from_agency_id: ctx.actor.agencyId, to_agency_id: toAgencyId,
      occurred_at: occurredAt, reason_code: reason.code, reason_note: req.reasonNote, approved_by: req.approvedBy, registered_by: ctx.actor.userId, registered_at: now,
      backfill_due: new Date(now.getTime() + days * DAY_MS),
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: 'single_track.registered', targetType: 'single_track_flow', targetId: row.id, caseId: inst.case_id,
      details: { instanceId: inst.id, process: def.code, action: req.action, occurredAt: occurredAt.toISOString(), reasonCode: reason.code, reason: reason.zh, approvedBy: req.approvedBy, toAgencyId },
    });
    return row.id;
  });
  return (await loadFlow(db, id))!;
}
