/**
 * 确认或不予确认辩护: the agency handling the case checks the lawyer's papers (执业证、律所证明、
 * 委托书或法律援助公函, CPL 39) and confirms, or refuses with a reason. A confirmation opens the
 * client's part of the case to the lawyer (the gate reads confirmed requests); one transaction
 * writes the decision and its audit row.
 */
import { hasRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZDefenceDecision } from '@xietong/core/api';
import { nextDefenceStatus, type TDefenceStatus } from '@xietong/core/defence';
import { writeAudit } from '../audit/write-audit';
import { isUniqueViolation } from '../db/unique-violation';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDefenceView, type TDefenceRequestView } from './defence-view';

export async function decideDefenceRequest(db: TDb, ctx: TAuthedContext, id: string, input: z.output<typeof ZDefenceDecision>): Promise<TDefenceRequestView> {
  const a = ctx.actor;
  await db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('defence_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r || r.agency_id !== a.agencyId) {
      await writeAudit(db, ctx, { action: 'defence.decided', outcome: 'denied', targetType: 'defence_request', targetId: id, details: { reason: r ? 'not_addressed' : 'not_found' } });
      throw new AppError('NOT_FOUND');
    }
    if (!hasRole(a, 'handler', 'approver')) throw new AppError('FORBIDDEN', { message: '确认辩护须由承办人或审批人办理' });
    const next = nextDefenceStatus(r.status as TDefenceStatus, input.decision);
    if (!next) throw new AppError('CONFLICT', { message: `申请已${r.status === 'confirmed' ? '确认' : '处理'}，不能再作决定` });
    if (input.decision === 'confirm') {
      if (!r.mandate_sha256) throw new AppError('MANDATE_MISSING');
      if (!r.case_id || !r.person_id) {
        throw new AppError('CONFLICT', { message: '本机关办理的案件中没有找到该身份证号的当事人，只能不予确认', details: { reason: 'no_match' } });
      }
    }
    try {
      await tx.updateTable('defence_requests').set({ status: next, decided_by: a.userId, decided_at: new Date(), decision_reason: input.reason ?? null }).where('id', '=', id).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('ALREADY_EXISTS', { message: '该律师已在本案担任辩护人' });
      throw e;
    }
    await writeAudit(tx, ctx, {
      action: 'defence.decided', targetType: 'defence_request', targetId: id, caseId: r.case_id,
      details: { decision: input.decision, lawyerId: r.lawyer_id, personId: r.person_id, reason: input.reason ?? null },
    });
  });
  return loadDefenceView(db, ctx, id);
}
