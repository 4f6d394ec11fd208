/**
 * Upload a file into the case dossier (电子卷宗): access first (before a byte is read), then the
 * stream into the blob store, then one transaction: document + version 1 + audit + ledger.
 * A blob stored but never committed is harmless: content-addressed and unreferenced.
 */
import type { Readable } from 'node:stream';
import { defaultVolumeFor, isDossierVolumeKind, volumeSpec, volumesForAgencyType } from '@xietong/core/dossier';
import { classificationAllowed, CLASSIFICATIONS, DEFAULT_CLASSIFICATION } from '@xietong/core/cases';
import type { z } from 'zod';
import type { ZUploadDocumentQuery } from '@xietong/core/api';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDocumentView } from './documents.repository';
import { extractStoredPdf } from './extract-text';
import { receiveUpload } from './receive-upload';
import { insertDocument, insertVersion } from './store-version';
import type { TDocumentDeps, TDocumentView } from './types';

export type TIncomingFile = { stream: Readable; fileName?: string };

export async function uploadDocument(
  deps: TDocumentDeps, ctx: TAuthedContext, caseId: string, q: z.output<typeof ZUploadDocumentQuery>, getFile: () => Promise<TIncomingFile>,
): Promise<TDocumentView> {
  const { db } = deps;
  await assertCaseWritable(db, ctx, caseId, 'document.uploaded');
  const volume = q.volume ?? defaultVolumeFor(ctx.actor.agencyType, q.docType);
  if (!isDossierVolumeKind(volume) || !volumesForAgencyType(ctx.actor.agencyType).includes(volume)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `本机关不能向“${volumeSpec(volume).zh}”归档；可用卷别：${volumesForAgencyType(ctx.actor.agencyType).map((k) => volumeSpec(k).zh).join('、')}`,
      details: { volume, allowed: volumesForAgencyType(ctx.actor.agencyType) },
    });
  }
  // 密级: nothing above the platform's configured level is stored (as 涉密 cases are refused)
  const classification = q.classification ?? DEFAULT_CLASSIFICATION;
  const max = deps.maxClassification ?? DEFAULT_CLASSIFICATION;
  if (!classificationAllowed(classification, max)) {
    await writeAudit(db, ctx, { action: 'document.uploaded', outcome: 'denied', caseId, details: { reason: 'classification', classification, platformMax: max, title: q.title } });
    throw new AppError('DOCUMENT_CLASSIFIED', {
      message: `文件密级为“${CLASSIFICATIONS[classification].zh}”，高于本平台允许的“${CLASSIFICATIONS[max].zh}”，不得上传`,
      details: { classification, platformMax: max },
    });
  }
  if (q.personId) {
    const person = await db.selectFrom('case_persons').select('id').where('id', '=', q.personId).where('case_id', '=', caseId).executeTakeFirst();
    if (!person) throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：query.personId 不是本案的当事人', details: { issues: [{ path: 'query.personId', message: '不是本案的当事人' }] } });
  }
  const file = await getFile();
  const got = await receiveUpload(deps.store, deps.settings, file.stream, file.fileName);
  const text = got.kind === 'pdf' ? await extractStoredPdf(deps.store, got.blob.sha256, got.blob.size, deps.settings.textExtractMaxBytes) : null;
  const pageCount = got.kind === 'pdf' ? (text?.pages ?? null) : got.kind === 'ofd' ? null : 1;

  const documentId = await db.transaction().execute(async (tx) => {
    const id = await insertDocument(tx, ctx, { caseId, volume, docType: q.docType, title: q.title, origin: 'upload', classification, personId: q.personId ?? null });
    const v = await insertVersion(tx, ctx, { documentId: id, caseId, blob: got.blob, mediaType: got.mediaType, fileName: got.fileName, pageCount, supersedeReason: null });
    if (text) await tx.insertInto('document_texts').values({ version_id: v.id, case_id: caseId, content: text.text }).execute();
    await writeAudit(tx, ctx, {
      action: 'document.uploaded', targetType: 'document', targetId: id, caseId,
      details: { versionId: v.id, title: q.title, docType: q.docType, volume, classification, sha256: got.blob.sha256, sm3: got.blob.sm3, size: got.blob.size, mediaType: got.mediaType },
    });
    return id;
  });
  return loadDocumentView(db, documentId);
}
