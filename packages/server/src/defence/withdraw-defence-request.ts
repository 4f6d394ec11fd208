/** 撤回: the lawyer (or the assigning 司法局) takes back a request not yet decided. */
import { canWithdrawDefenceRequest, nextDefenceStatus, type TDefenceStatus } from '@xietong/core/defence';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDefenceView, type TDefenceRequestView } from './defence-view';

export async function withdrawDefenceRequest(db: TDb, ctx: TAuthedContext, id: string): Promise<TDefenceRequestView> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('defence_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r || !canWithdrawDefenceRequest(ctx.actor, { lawyerId: r.lawyer_id, agencyId: r.agency_id, assignedByAgency: r.assigned_by_agency })) {
      await writeAudit(db, ctx, { action: 'defence.withdrawn', outcome: 'denied', targetType: 'defence_request', targetId: id, details: { reason: 'not_filer' } });
      throw new AppError('NOT_FOUND');
    }
    if (!nextDefenceStatus(r.status as TDefenceStatus, 'withdraw')) throw new AppError('CONFLICT', { message: '申请已处理，不能撤回；已确认的辩护请“终止辩护”' });
    await tx.updateTable('defence_requests').set({ status: 'withdrawn', ended_by: ctx.actor.userId, ended_at: new Date() }).where('id', '=', id).execute();
    await writeAudit(tx, ctx, { action: 'defence.withdrawn', targetType: 'defence_request', targetId: id, caseId: r.case_id });
  });
  return loadDefenceView(db, ctx, id);
}
