/**
 * A defence lawyer's reach inside a case they may read (the gate already checked the case):
 * their client, the case's stage, and the rule of core `lawyerMayReadDocument` (CPL 40,
 * never the 侦查工作卷, never a co-suspect's own material).
 */
import { caseScope, type TAuditAction } from '@xietong/core';
import type { TAgencyStage } from '@xietong/core/cases';
import { lawyerMayReadDocument } from '@xietong/core/defence';
import type { TDossierVolumeKind } from '@xietong/core/dossier';
import { writeAudit } from '../audit/write-audit';
import type { TDb, TTx } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

export type TLawyerClient = { requestId: string; personId: string; stage: TAgencyStage };

export function isLawyer(ctx: TAuthedContext): boolean {
  return caseScope(ctx.actor).kind === 'lawyer';
}

/** The lawyer's confirmed representation in this case, or null. */
export async function lawyerClient(db: TDb | TTx, lawyerId: string, caseId: string): Promise<TLawyerClient | null> {
  const row = await db.selectFrom('defence_requests as r').innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.person_id', 'c.stage'])
    .where('r.case_id', '=', caseId).where('r.lawyer_id', '=', lawyerId).where('r.status', '=', 'confirmed').where('r.person_id', 'is not', null)
    .executeTakeFirst();
  return row ? { requestId: row.id, personId: row.person_id!, stage: row.stage as TAgencyStage } : null;
}

/** Whether this lawyer may read this document (called for lawyers only). */
export function clientMayRead(client: TLawyerClient | null, doc: { volume: string; person_id: string | null }): boolean {
  return client !== null && lawyerMayReadDocument({ stage: client.stage, volume: doc.volume as TDossierVolumeKind, documentPersonId: doc.person_id, clientPersonId: client.personId });
}

/**
 * Views that show the whole case's material at once (全文检索, 卷宗导出, 证据核对) are the
 * agencies' tools: to a lawyer they are as absent as a case outside their reach (404, audited).
 */
export async function refuseLawyer(db: TDb, ctx: TAuthedContext, caseId: string, action: TAuditAction): Promise<void> {
  if (!isLawyer(ctx)) return;
  await writeAudit(db, ctx, { action, outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'not_for_defence' } });
  throw new AppError('NOT_FOUND');
}

/** A lawyer's view of a case card or list row shows their client only, not the co-suspects. */
export async function clientPersonIdsByCase(db: TDb, lawyerId: string, caseIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  if (!caseIds.length) return new Map();
  const rows = await db.selectFrom('defence_requests as r').innerJoin('case_persons as p', 'p.id', 'r.person_id')
    .select(['r.case_id', 'p.id', 'p.name']).where('r.lawyer_id', '=', lawyerId).where('r.status', '=', 'confirmed').where('r.case_id', 'in', caseIds).execute();
  return new Map(rows.map((r) => [r.case_id!, { id: r.id, name: r.name }]));
}
