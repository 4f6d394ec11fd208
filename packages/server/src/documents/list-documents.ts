/**
 * The documents of a case the caller may see: their own agency's in every volume, other
 * agencies' only in transferable volumes (what travelled with the case).
 */
import { canReadVolume, type TDossierVolumeKind } from '@xietong/core/dossier';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { clientMayRead, isLawyer, lawyerClient } from '../defence/lawyer-client';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { assertDocumentReadable } from './document-access';
import { loadDocumentDetail, loadDocumentViews } from './documents.repository';
import type { TDocumentView } from './types';

export async function visibleDocuments(db: TDb, ctx: TAuthedContext, caseId: string): Promise<TDocumentView[]> {
  const all = await loadDocumentViews(db, { caseId });
  const readable = all.filter((d) => canReadVolume(ctx.actor.agencyId, d.agencyId, d.volume as TDossierVolumeKind));
  if (!isLawyer(ctx)) return readable;
  // 辩护人: only what CPL 40 opens, of the client's part (lawyer-client.ts)
  const [client, persons] = await Promise.all([
    lawyerClient(db, ctx.actor.userId, caseId),
    db.selectFrom('documents').select(['id', 'person_id']).where('case_id', '=', caseId).execute(),
  ]);
  const personOf = new Map(persons.map((p) => [p.id, p.person_id]));
  return readable.filter((d) => clientMayRead(client, { volume: d.volume, person_id: personOf.get(d.id) ?? null }));
}

export async function listDocuments(db: TDb, ctx: TAuthedContext, caseId: string): Promise<{ items: TDocumentView[] }> {
  await assertCaseReadable(db, ctx, caseId, 'case.read');
  const items = await visibleDocuments(db, ctx, caseId);
  await writeAudit(db, ctx, { action: 'case.read', targetType: 'case', targetId: caseId, caseId, details: { view: 'documents', count: items.length } });
  return { items };
}

export async function getDocument(db: TDb, ctx: TAuthedContext, documentId: string) {
  const doc = await assertDocumentReadable(db, ctx, documentId, 'document.viewed');
  const detail = await loadDocumentDetail(db, documentId);
  await writeAudit(db, ctx, { action: 'case.read', targetType: 'document', targetId: documentId, caseId: doc.case_id, details: { view: 'document_detail' } });
  return detail;
}
