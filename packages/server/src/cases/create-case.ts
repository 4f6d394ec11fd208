/**
 * Create a case record. The creating agency becomes its first party; every agency the case
 * later flows to joins as a party and reads the same record (一家录入, 多家共享).
 */
import { hasRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZCaseDetail, ZCreateCaseRequestBasic } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { getCaseDetail } from './get-case';

export async function createCase(
  db: TDb, ctx: TAuthedContext, input: z.output<typeof ZCreateCaseRequestBasic>,
): Promise<z.output<typeof ZCaseDetail>> {
  const actor = ctx.actor;
  if (!hasRole(actor, 'handler', 'clerk') || !['police', 'procuratorate', 'court'].includes(actor.agencyType)) {
    await writeAudit(db, ctx, { action: 'case.created', outcome: 'denied', details: { reason: 'role' } });
    throw new AppError('FORBIDDEN');
  }
  // Only non-classified information flows through the platform.
  if (input.classified) throw new AppError('CASE_CLASSIFIED');
  const id = await db.transaction().execute(async (tx) => {
    const c = await tx.insertInto('cases')
      .values({ title: input.title, summary: input.summary, region_code: actor.regionCode, created_by_agency: actor.agencyId, created_by: actor.userId })
      .returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('case_parties').values({ case_id: c.id, agency_id: actor.agencyId }).execute();
    await writeAudit(tx, ctx, { action: 'case.created', targetType: 'case', targetId: c.id, caseId: c.id, details: { title: input.title } });
    return c.id;
  });
  return getCaseDetail(db, id);
}
