/**
 * The 委托书 (or the 法律援助公函) of a pending request: stored in the blob store like any
 * upload (type by magic bytes, SM3 + SHA-256); the agency confirms only with it on file (CPL 39).
 */
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { receiveUpload } from '../documents/receive-upload';
import type { TDocumentDeps } from '../documents/types';
import type { TIncomingFile } from '../documents/upload-document';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDefenceView, loadOwnDefenceRequest, type TDefenceRequestView } from './defence-view';

export async function uploadDefenceMandate(deps: TDocumentDeps, ctx: TAuthedContext, id: string, getFile: () => Promise<TIncomingFile>): Promise<TDefenceRequestView> {
  const db: TDb = deps.db;
  const r = await loadOwnDefenceRequest(db, ctx, id);
  // the lawyer, or the 司法局 that assigned them, files the mandate; the deciding agency reads it
  if (!r || (r.lawyer_id !== ctx.actor.userId && r.assigned_by_agency !== ctx.actor.agencyId)) {
    await writeAudit(db, ctx, { action: 'defence.mandate_uploaded', outcome: 'denied', targetType: 'defence_request', targetId: id, details: { reason: r ? 'not_filer' : 'not_found' } });
    throw new AppError('NOT_FOUND');
  }
  if (r.status !== 'pending') throw new AppError('CONFLICT', { message: '申请已处理，不能再更换委托手续' });
  const file = await getFile();
  const got = await receiveUpload(deps.store, deps.settings, file.stream, file.fileName);
  if (!['pdf', 'jpeg', 'png', 'ofd'].includes(got.kind)) {
    throw new AppError('DOCUMENT_TYPE_REFUSED', { message: '委托书应为PDF、OFD或图片（JPEG/PNG）' });
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('defence_requests').set({
      mandate_sha256: got.blob.sha256, mandate_sm3: got.blob.sm3, mandate_size: String(got.blob.size), mandate_media_type: got.mediaType, mandate_file_name: got.fileName,
    }).where('id', '=', id).execute();
    await writeAudit(tx, ctx, { action: 'defence.mandate_uploaded', targetType: 'defence_request', targetId: id, caseId: r.case_id, details: { sha256: got.blob.sha256, sm3: got.blob.sm3, size: got.blob.size } });
  });
  return loadDefenceView(db, ctx, id);
}
