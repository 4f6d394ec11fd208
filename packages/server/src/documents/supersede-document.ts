/**
 * Supersede a document with a new version (with a reason). The old version stays stored,
 * listed and downloadable: nothing in the dossier is deleted or overwritten.
 */
import type { z } from 'zod';
import type { ZSupersedeQuery } from '@xietong/core/api';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { assertDocumentWritable } from './document-access';
import { loadDocumentView } from './documents.repository';
import { extractStoredPdf } from './extract-text';
import { receiveUpload } from './receive-upload';
import { insertVersion } from './store-version';
import type { TDocumentDeps, TDocumentView } from './types';
import type { TIncomingFile } from './upload-document';

export async function supersedeDocument(
  deps: TDocumentDeps, ctx: TAuthedContext, documentId: string, q: z.output<typeof ZSupersedeQuery>, getFile: () => Promise<TIncomingFile>,
): Promise<TDocumentView> {
  const { db } = deps;
  const doc = await assertDocumentWritable(db, ctx, documentId, 'document.superseded');
  const origin = await db.selectFrom('documents').select('origin').where('id', '=', documentId).executeTakeFirstOrThrow();
  if (origin.origin !== 'upload') {
    // An issued document or a confirmed record is corrected by issuing a new one, not by replacing bytes.
    throw new AppError('CONFLICT', { message: '已签发的法律文书或已确认的笔录不能替换，请重新制作' });
  }
  const file = await getFile();
  const got = await receiveUpload(deps.store, deps.settings, file.stream, file.fileName);
  const text = got.kind === 'pdf' ? await extractStoredPdf(deps.store, got.blob.sha256, got.blob.size, deps.settings.textExtractMaxBytes) : null;
  const pageCount = got.kind === 'pdf' ? (text?.pages ?? null) : got.kind === 'ofd' ? null : 1;
  await db.transaction().execute(async (tx) => {
    const prev = doc.current_version_id;
    const v = await insertVersion(tx, ctx, { documentId, caseId: doc.case_id, blob: got.blob, mediaType: got.mediaType, fileName: got.fileName, pageCount, supersedeReason: q.reason });
    if (text) await tx.insertInto('document_texts').values({ version_id: v.id, case_id: doc.case_id, content: text.text }).execute();
    await writeAudit(tx, ctx, {
      action: 'document.superseded', targetType: 'document', targetId: documentId, caseId: doc.case_id,
      details: { versionId: v.id, version: v.version, supersededVersionId: prev, reason: q.reason, sha256: got.blob.sha256, sm3: got.blob.sm3, size: got.blob.size },
    });
  });
  return loadDocumentView(db, documentId);
}
