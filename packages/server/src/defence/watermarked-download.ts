/**
 * A defence lawyer's view or download (CPL 40 查阅、摘抄、复制): the stored file is checked
 * against its recorded hashes, stamped on every page with the lawyer's name, 执业证号 and the
 * time (watermark-pdf.ts) and sent as a PDF; the audit row names the version read and the
 * watermark given, so the access report can show both.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { watermarkText } from '@xietong/core/defence';
import { writeAudit } from '../audit/write-audit';
import { readAll } from '../documents/blob-store';
import type { TDocumentRow } from '../documents/document-access';
import type { TDownload } from '../documents/download-document';
import type { TDocumentDeps } from '../documents/types';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

const KINDS: Record<string, 'pdf' | 'jpeg' | 'png'> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/png': 'png' };

export async function watermarkedForLawyer(
  deps: TDocumentDeps, ctx: TAuthedContext, doc: TDocumentRow,
  v: { id: string; version: number; sha256: string; sm3: string; media_type: string },
  action: 'document.viewed' | 'document.downloaded',
): Promise<TDownload> {
  const kind = KINDS[v.media_type];
  if (!kind) {
    throw new AppError('DOCUMENT_TYPE_REFUSED', { message: '该材料的格式不能加盖阅卷水印在线查阅，请向办案机关申请复制', details: { mediaType: v.media_type } });
  }
  const bytes = await readAll(await deps.store.get(v.sha256));
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== v.sha256 || crypto.createHash('sm3').update(bytes).digest('hex') !== v.sm3) {
    await writeAudit(deps.db, ctx, { action: 'document.integrity_failed', outcome: 'failed', targetType: 'document', targetId: doc.id, caseId: doc.case_id, details: { versionId: v.id } });
    deps.onIntegrityFailure?.({ documentId: doc.id, versionId: v.id, sha256: v.sha256 });
    throw new AppError('STORAGE_INTEGRITY_FAILED', { details: { sha256: v.sha256 } });
  }
  const lawyer = await deps.db.selectFrom('users').select(['display_name', 'licence_no']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  const at = new Date();
  const text = watermarkText({ lawyerName: lawyer.display_name, licenceNo: lawyer.licence_no ?? '未登记', at });
  // loaded on first use: pdf-lib and the font subsetter cost a second of every start (issue 13)
  const { watermarkPdf } = await import('./watermark-pdf');
  let out: Uint8Array;
  try {
    out = await watermarkPdf({ kind, bytes }, text, { title: doc.title });
  } catch {
    // an encrypted or broken PDF cannot be stamped: it is not handed out unstamped either
    throw new AppError('DOCUMENT_TYPE_REFUSED', { message: '该文件无法加盖阅卷水印（加密或损坏的PDF），请向办案机关申请复制' });
  }
  const buf = Buffer.from(out);
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  const sm3 = crypto.createHash('sm3').update(buf).digest('hex');
  await writeAudit(deps.db, ctx, {
    action, targetType: 'document', targetId: doc.id, caseId: doc.case_id,
    details: { versionId: v.id, version: v.version, sha256: v.sha256, sm3: v.sm3, title: doc.title, watermark: text, watermarkedSha256: sha256 },
  });
  return { stream: Readable.from([buf]), mediaType: 'application/pdf', size: buf.length, fileName: `${doc.title}（阅卷）.pdf`, sha256, sm3 };
}
