/**
 * 核验执业证号: an administrator records a lawyer's 律师执业证号 as checked (who, when). Lawyers
 * are licensed and supervised by the 司法行政机关: a 司法局's 系统管理员 or the platform's verifies;
 * a law firm's own administrator cannot vouch for its lawyers. Until then a lawyer files no request.
 */
import { hasRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZLicenceView, ZVerifyLicenceRequest } from '@xietong/core/api';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

export async function loadLicence(db: TDb, userId: string): Promise<z.output<typeof ZLicenceView>> {
  const u = await db.selectFrom('users as u').leftJoin('users as v', 'v.id', 'u.licence_verified_by')
    .select(['u.id', 'u.licence_no', 'u.licence_verified_at', 'v.id as verifier_id', 'v.display_name as verifier_name'])
    .where('u.id', '=', userId).executeTakeFirstOrThrow();
  return {
    userId: u.id, licenceNo: u.licence_no, verified: u.licence_verified_at !== null,
    verifiedBy: u.verifier_id ? { id: u.verifier_id, name: u.verifier_name ?? '' } : null, verifiedAt: u.licence_verified_at?.toISOString() ?? null,
  };
}

export async function verifyLicence(db: TDb, ctx: TAuthedContext, userId: string, input: z.output<typeof ZVerifyLicenceRequest>): Promise<z.output<typeof ZLicenceView>> {
  const a = ctx.actor;
  const may = hasRole(a, 'admin') && (a.platformAdmin || a.agencyType === 'justice');
  const target = await db.selectFrom('users as u').innerJoin('agencies as f', 'f.id', 'u.agency_id').select(['u.id', 'f.type']).where('u.id', '=', userId).executeTakeFirst();
  if (!may) {
    await writeAudit(db, ctx, { action: 'user.licence_verified', outcome: 'denied', targetType: 'user', targetId: userId, details: { reason: 'role' } });
    throw new AppError('FORBIDDEN', { message: '律师执业证号由司法局或平台的系统管理员核验' });
  }
  if (!target) throw new AppError('NOT_FOUND');
  if (target.type !== 'lawfirm') throw new AppError('VALIDATION_FAILED', { message: '只有律师事务所的律师账户登记执业证号' });
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ licence_no: input.licenceNo, licence_verified_by: a.userId, licence_verified_at: new Date() }).where('id', '=', userId).execute();
    await writeAudit(tx, ctx, { action: 'user.licence_verified', targetType: 'user', targetId: userId, details: { licenceNo: input.licenceNo } });
  });
  return loadLicence(db, userId);
}
