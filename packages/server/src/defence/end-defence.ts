/**
 * 终止辩护: the client revokes the mandate or the lawyer withdraws (CPL 45, 律师法 32), or the
 * agency records that the client's part was dismissed or the case closed. From that moment the
 * gate no longer counts the lawyer: the case and its files are 404 again.
 */
import { hasRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZEndDefence } from '@xietong/core/api';
import { nextDefenceStatus, type TDefenceStatus } from '@xietong/core/defence';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDefenceView, type TDefenceRequestView } from './defence-view';

const LAWYER_REASONS = ['revoked', 'withdrawn_by_lawyer'];

export async function endDefence(db: TDb, ctx: TAuthedContext, id: string, input: z.output<typeof ZEndDefence>): Promise<TDefenceRequestView> {
  const a = ctx.actor;
  let view: TDefenceRequestView | null = null;
  await db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('defence_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    const byLawyer = r?.lawyer_id === a.userId;
    const byAgency = r?.agency_id === a.agencyId && hasRole(a, 'handler', 'approver');
    if (!r || (!byLawyer && !byAgency)) {
      await writeAudit(db, ctx, { action: 'defence.ended', outcome: 'denied', targetType: 'defence_request', targetId: id, details: { reason: 'not_party' } });
      throw new AppError('NOT_FOUND');
    }
    if (byLawyer && !byAgency && !LAWYER_REASONS.includes(input.reason)) {
      throw new AppError('FORBIDDEN', { message: '不起诉、撤销案件或办结由办案机关登记；律师可登记解除委托或拒绝辩护' });
    }
    if (!nextDefenceStatus(r.status as TDefenceStatus, 'end')) throw new AppError('CONFLICT', { message: '只有已确认的辩护可以终止' });
    await tx.updateTable('defence_requests').set({ status: 'ended', ended_by: a.userId, ended_at: new Date(), end_reason: input.reason }).where('id', '=', id).execute();
    await writeAudit(tx, ctx, { action: 'defence.ended', targetType: 'defence_request', targetId: id, caseId: r.case_id, details: { reason: input.reason, note: input.note ?? null } });
    view = await loadDefenceView(tx, ctx, id);
  });
  return view!;
}
