/**
 * The one place a document version is written: the row, the document's pointer to it, and
 * its ledger entry, all inside the caller's transaction. Versions are append-only (a
 * trigger refuses UPDATE/DELETE); superseding is a new row with a reason.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { TAuthedContext } from '../http/route';
import type { TTx } from '../db/database';
import type { WriteBatch } from '../db/write-batch';
import { appendRowToLedger, batchRowWithEntry } from '../ledger/append';
import type { TBlobInfo } from './blob-store';

export type TNewDocument = {
  caseId: string;
  volume: string;
  docType: string;
  title: string;
  origin: 'upload' | 'generated' | 'record';
  number?: string | null;
  /** 密级; default 内部 */
  classification?: string;
  /** the suspect the material concerns (migration 0027); absent: the whole case */
  personId?: string | null;
};

export async function insertDocument(tx: TTx, ctx: TAuthedContext, d: TNewDocument): Promise<string> {
  const row = await tx.insertInto('documents').values({
    case_id: d.caseId, agency_id: ctx.actor.agencyId, volume: d.volume, doc_type: d.docType, title: d.title,
    origin: d.origin, number: d.number ?? null, created_by: ctx.actor.userId, ...(d.classification ? { classification: d.classification } : {}),
    ...(d.personId ? { person_id: d.personId } : {}),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(
  tx: TTx,
  ctx: TAuthedContext,
  v: { documentId: string; caseId: string; blob: TBlobInfo; mediaType: string; fileName: string | null; pageCount: number | null; supersedeReason: string | null },
  /** the caller locked the document row and read its version_count: the writes join its statement of writes */
  locked?: { versionCount: number; batch: WriteBatch },
): Promise<{ id: string; version: number }> {
  if (locked) return batchVersion(tx, ctx, v, locked);
  // Lock the document row: two concurrent supersedes get consecutive versions, not a clash.
  const doc = await tx.selectFrom('documents').select(['version_count']).where('id', '=', v.documentId).forUpdate().executeTakeFirstOrThrow();
  const version = doc.version_count + 1;
  const row = await tx.insertInto('document_versions').values({
    document_id: v.documentId, case_id: v.caseId, version, sha256: v.blob.sha256, sm3: v.blob.sm3, size: v.blob.size,
    media_type: v.mediaType, file_name: v.fileName, page_count: v.pageCount, supersede_reason: v.supersedeReason,
    uploaded_by: ctx.actor.userId, uploaded_by_name: ctx.actor.displayName,
  }).returningAll().executeTakeFirstOrThrow();
  await tx.updateTable('documents').set({ current_version_id: row.id, version_count: version, updated_at: new Date() }).where('id', '=', v.documentId).execute();
  await appendRowToLedger(tx, 'document_versions', row);
  return { id: row.id, version };
}

/**
 * The same as writes of the caller's one statement (db/write-batch.ts; issue 13: a step's 文书 is
 * recorded after its render in four round trips, not ten): the row's id and time are given here,
 * every column as RETURNING * would give it, so its ledger entry is computed before it exists.
 */
async function batchVersion(
  tx: TTx, ctx: TAuthedContext,
  v: { documentId: string; caseId: string; blob: TBlobInfo; mediaType: string; fileName: string | null; pageCount: number | null; supersedeReason: string | null },
  locked: { versionCount: number; batch: WriteBatch },
): Promise<{ id: string; version: number }> {
  const id = crypto.randomUUID();
  const version = locked.versionCount + 1;
  const at = new Date();
  await batchRowWithEntry(tx, locked.batch, 'document_versions', {
    id, document_id: v.documentId, case_id: v.caseId, version, sha256: v.blob.sha256, sm3: v.blob.sm3,
    // bigint: the driver hands it back as text
    size: String(v.blob.size), media_type: v.mediaType, file_name: v.fileName, page_count: v.pageCount, supersede_reason: v.supersedeReason,
    uploaded_by: ctx.actor.userId, uploaded_by_name: ctx.actor.displayName, uploaded_at: at,
  }, []);
  locked.batch.add(sql`UPDATE documents SET current_version_id = ${id}, version_count = ${version}, updated_at = ${at} WHERE id = ${v.documentId} RETURNING id`, { expectRows: 1 });
  return { id, version };
}
