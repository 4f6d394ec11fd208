/**
 * Who may see and change a document. The case gate decides the case (404 + audited refusal);
 * inside a visible case, a volume that never leaves its agency (侦查工作卷, 副卷) is just as
 * invisible to everyone else: 404 and an audited refusal, never a 403 that confirms it exists.
 */
import { canReadVolume, type TDossierVolumeKind } from '@xietong/core/dossier';
import type { TAuditAction } from '@xietong/core';
import { assertCaseReadable, assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { clientMayRead, isLawyer, lawyerClient } from '../defence/lawyer-client';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

export type TDocumentRow = {
  id: string;
  case_id: string;
  agency_id: string;
  volume: string;
  doc_type: string;
  title: string;
  number: string | null;
  current_version_id: string | null;
  version_count: number;
  person_id: string | null;
};

async function refuse(db: TDb, ctx: TAuthedContext, documentId: string, action: TAuditAction, reason: string, caseId: string | null): Promise<never> {
  await writeAudit(db, ctx, { action, outcome: 'denied', targetType: 'document', targetId: documentId, caseId, details: { reason, documentId } });
  throw new AppError('NOT_FOUND');
}

async function loadDoc(db: TDb, id: string): Promise<TDocumentRow | undefined> {
  return db.selectFrom('documents')
    .select(['id', 'case_id', 'agency_id', 'volume', 'doc_type', 'title', 'number', 'current_version_id', 'version_count', 'person_id'])
    .where('id', '=', id).executeTakeFirst();
}

export async function assertDocumentReadable(db: TDb, ctx: TAuthedContext, documentId: string, action: TAuditAction): Promise<TDocumentRow> {
  const doc = await loadDoc(db, documentId);
  if (!doc) return refuse(db, ctx, documentId, action, 'no_such_document', null);
  await assertCaseReadable(db, ctx, doc.case_id, action);
  if (!canReadVolume(ctx.actor.agencyId, doc.agency_id, doc.volume as TDossierVolumeKind)) {
    return refuse(db, ctx, documentId, action, 'volume_not_transferable', doc.case_id);
  }
  // 辩护: CPL 40 from 审查起诉 on, transferable volumes, the client's or the whole case's material
  if (isLawyer(ctx) && !clientMayRead(await lawyerClient(db, ctx.actor.userId, doc.case_id), doc)) {
    return refuse(db, ctx, documentId, action, 'outside_defence_reach', doc.case_id);
  }
  return doc;
}

/** Only the agency that filed a document may add a version to it. */
export async function assertDocumentWritable(db: TDb, ctx: TAuthedContext, documentId: string, action: TAuditAction): Promise<TDocumentRow> {
  const doc = await assertDocumentReadable(db, ctx, documentId, action);
  await assertCaseWritable(db, ctx, doc.case_id, action);
  if (doc.agency_id !== ctx.actor.agencyId) {
    await writeAudit(db, ctx, { action, outcome: 'denied', targetType: 'document', targetId: documentId, caseId: doc.case_id, details: { reason: 'other_agency_document' } });
    throw new AppError('FORBIDDEN', { message: '只能替换本机关上传的材料；其他机关的材料只读' });
  }
  return doc;
}
