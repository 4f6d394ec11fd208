/**
 * View (inline) or download (attachment) a version of a document. Every successful read is
 * audited with the exact version and hash; refused ones are audited by the access check.
 */
import crypto from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { MEDIA_TYPES } from '@xietong/core/dossier';
import type { z } from 'zod';
import type { ZDownloadQuery } from '@xietong/core/api';
import { writeAudit } from '../audit/write-audit';
import { isLawyer } from '../defence/lawyer-client';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { assertDocumentReadable } from './document-access';
import { watermarkedForLawyer } from '../defence/watermarked-download';
import type { TDocumentDeps } from './types';
import { renderIssuedDocument } from './render-issued-documents';

export type TDownload = { stream: Readable; mediaType: string; size: number; fileName: string; sha256: string; sm3: string };

export async function downloadDocument(deps: TDocumentDeps, ctx: TAuthedContext, documentId: string, q: z.output<typeof ZDownloadQuery>): Promise<TDownload> {
  const action = q.disposition === 'inline' ? 'document.viewed' : 'document.downloaded';
  const doc = await assertDocumentReadable(deps.db, ctx, documentId, action);
  // a step's 法律文书 whose PDF did not follow its COMMIT (render-issued-documents.ts): rendered now
  const current = doc.current_version_id ?? (await renderedNow(deps, documentId));
  const versionId = q.versionId ?? current;
  const v = versionId
    ? await deps.db.selectFrom('document_versions').selectAll().where('id', '=', versionId).where('document_id', '=', documentId).executeTakeFirst()
    : undefined;
  if (!v) throw new AppError('NOT_FOUND');
  // 辩护人阅卷 (CPL 40): every page carries the lawyer's name, 执业证号 and the time
  if (isLawyer(ctx)) return watermarkedForLawyer(deps, ctx, doc, v, action);
  const stored = await deps.store.get(v.sha256);
  const stream = stored.pipe(verifyingStream({ sha256: v.sha256, sm3: v.sm3, size: Number(v.size) }, async (got) => {
    // 全程留痕: the refused delivery is on the audit trail and in the log as an alert
    await writeAudit(deps.db, ctx, {
      action: 'document.integrity_failed', outcome: 'failed', targetType: 'document', targetId: documentId, caseId: doc.case_id,
      details: { versionId: v.id, expected: { sha256: v.sha256, sm3: v.sm3, size: Number(v.size) }, got },
    }).catch(() => {});
    deps.onIntegrityFailure?.({ documentId, versionId: v.id, sha256: v.sha256 });
  }));
  stored.on('error', (e) => stream.destroy(e));
  await writeAudit(deps.db, ctx, {
    action, targetType: 'document', targetId: documentId, caseId: doc.case_id,
    details: { versionId: v.id, version: v.version, sha256: v.sha256, sm3: v.sm3 },
  });
  const ext = Object.values(MEDIA_TYPES).find((m) => m.mime === v.media_type)?.ext ?? 'bin';
  const fileName = v.file_name ?? `${doc.title}${doc.number ? `_${doc.number}` : ''}.${ext}`;
  return { stream, mediaType: v.media_type, size: Number(v.size), fileName, sha256: v.sha256, sm3: v.sm3 };
}

async function renderedNow(deps: TDocumentDeps, documentId: string): Promise<string | null> {
  await renderIssuedDocument(deps.db, { store: deps.store, dataDir: deps.settings.dataDir }, documentId);
  const d = await deps.db.selectFrom('documents').select('current_version_id').where('id', '=', documentId).executeTakeFirst();
  return d?.current_version_id ?? null;
}

/**
 * Re-hash a blob while it streams out (SM3 and SHA-256). The last chunk is held back until
 * the hashes are known: on a mismatch the stream fails instead, so the client never receives
 * the complete altered file (the response is cut short, loudly), and `onMismatch` records it.
 */
export function verifyingStream(expected: { sha256: string; sm3: string; size: number }, onMismatch: (got: { sha256: string; sm3: string; size: number }) => Promise<void>): Transform {
  const sha = crypto.createHash('sha256');
  const sm3 = crypto.createHash('sm3');
  let size = 0;
  let held: Buffer | null = null;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sha.update(chunk);
      sm3.update(chunk);
      size += chunk.length;
      const out = held;
      held = chunk;
      cb(null, out ?? undefined);
    },
    flush(cb) {
      const got = { sha256: sha.digest('hex'), sm3: sm3.digest('hex'), size };
      if (got.sha256 === expected.sha256 && got.sm3 === expected.sm3 && got.size === expected.size) {
        cb(null, held ?? undefined);
        return;
      }
      void onMismatch(got).finally(() => cb(new AppError('STORAGE_INTEGRITY_FAILED', { details: { sha256: expected.sha256 } })));
    },
  });
  // A small blob is read to its end (and a mismatch fails the stream) before the reply starts
  // consuming it. The error stays on the destroyed stream and reaches whoever consumes it (the
  // reply answers STORAGE_INTEGRITY_FAILED); without a listener meanwhile it was an uncaught
  // exception that could take the whole server process down (seen once in CI).
  t.on('error', () => {});
  return t;
}

/** Content-Disposition with an RFC 5987 UTF-8 name (Chinese file names) and an ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
