/**
 * Tag a document to items of the case's evidence checklist (证据指引), with values read from it
 * (e.g. BAC from a blood-alcohol opinion). The set replaces the document's previous tags;
 * the audit row keeps both, so the history of what counted is not lost.
 */
import type { TTaggedItem } from '@xietong/core/evidence';
import { evidenceChecklistFor } from '@xietong/core/evidence';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { readCaseCharges } from '../dossier/evidence-check';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { assertDocumentWritable } from './document-access';
import { loadDocumentDetail } from './documents.repository';

export async function tagEvidence(db: TDb, ctx: TAuthedContext, documentId: string, items: TTaggedItem[]) {
  const doc = await assertDocumentWritable(db, ctx, documentId, 'document.tagged');
  const guide = evidenceChecklistFor(await readCaseCharges(db, doc.case_id));
  const known = new Set(guide.items.map((i) => i.id));
  const unknown = items.map((i) => i.itemId).filter((id) => !known.has(id));
  if (unknown.length) {
    throw new AppError('VALIDATION_FAILED', { message: `证据指引中没有这些条目：${unknown.join('、')}`, details: { unknown, guide: guide.id } });
  }
  const ids = items.map((i) => i.itemId);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION_FAILED', { message: '证据条目不能重复' });
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('document_evidence_tags').select(['item_id', 'values']).where('document_id', '=', documentId).execute();
    await tx.deleteFrom('document_evidence_tags').where('document_id', '=', documentId).execute();
    if (items.length) {
      await tx.insertInto('document_evidence_tags').values(items.map((i) => ({
        document_id: documentId, case_id: doc.case_id, item_id: i.itemId, values: JSON.stringify(i.values ?? {}), tagged_by: ctx.actor.userId,
      }))).execute();
    }
    await writeAudit(tx, ctx, {
      action: 'document.tagged', targetType: 'document', targetId: documentId, caseId: doc.case_id,
      details: { guide: guide.id, before: before.map((b) => ({ itemId: b.item_id, values: b.values })), after: items },
    });
  });
  return loadDocumentDetail(db, documentId);
}
