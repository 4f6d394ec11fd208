/**
 * `POST /api/interrogations/:id/decision`: the 看守所 holding the person confirms a 提讯 booking
 * (with the room or video line) or declines it with a reason. A booking at another 看守所 is
 * not found (404); only an open request is decided (409).
 */
import { hasRole } from '@xietong/core';
import { decideInterrogation as decide, INTERROGATION_DECIDER_ROLES } from '@xietong/core/custody';
import type { z } from 'zod';
import type { ZDecideInterrogationRequest } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { interrogationView, selectInterrogations, type TInterrogationView } from './interrogation-view';

export async function decideInterrogation(
  db: TDb, ctx: TAuthedContext, id: string, body: z.output<typeof ZDecideInterrogationRequest>,
): Promise<TInterrogationView> {
  const actor = ctx.actor;
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('interrogation_bookings').select(['id', 'case_id', 'status', 'detention_centre_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row || row.detention_centre_id !== actor.agencyId) {
      await writeAudit(db, ctx, { action: 'custody.interrogation_decided', outcome: 'denied', targetType: 'interrogation', targetId: id, details: { reason: 'not_found' } });
      throw new AppError('NOT_FOUND');
    }
    if (!hasRole(actor, ...INTERROGATION_DECIDER_ROLES)) throw new AppError('FORBIDDEN', { message: '只有看守所的工作人员可以确认提讯预约' });
    const next = decide(row.status, body.decision);
    if (!next) throw new AppError('CONFLICT', { message: '该提讯预约已处理，不能再确认或拒绝', details: { status: row.status } });
    await tx.updateTable('interrogation_bookings').set({
      status: next, room: body.decision === 'confirm' ? (body.room ?? null) : null, decline_reason: body.decision === 'decline' ? (body.reason ?? null) : null,
      decided_by: actor.userId, decided_by_name: actor.displayName, decided_at: new Date(),
    }).where('id', '=', id).execute();
    await writeAudit(tx, ctx, {
      action: 'custody.interrogation_decided', targetType: 'interrogation', targetId: id, caseId: row.case_id,
      details: { status: next, ...(body.room ? { room: body.room } : {}), ...(body.reason ? { reason: body.reason } : {}) },
    });
    return interrogationView(await selectInterrogations(tx).where('b.id', '=', id).executeTakeFirstOrThrow());
  });
}
