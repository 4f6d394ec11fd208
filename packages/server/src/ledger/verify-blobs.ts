/**
 * `xietong verify` over the bytes the platform vouches for: every stored blob a document
 * version (or a 笔录 image) names is read back from the blob store and re-hashed, SM3 and
 * SHA-256, against the row. A changed byte, a truncated or a missing file is named by row.
 * Streams one blob at a time: memory stays flat whatever the size.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { TDb } from '../db/database';
import type { TBlobStore } from '../documents/blob-store';
import type { TFinding } from './verify-database';

export type TBlobProgress = (done: number, total: number) => void;

async function rehash(stream: Readable): Promise<{ sha256: string; sm3: string; size: number }> {
  const sha = crypto.createHash('sha256');
  const sm3 = crypto.createHash('sm3');
  let size = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    sha.update(b);
    sm3.update(b);
    size += b.length;
  }
  return { sha256: sha.digest('hex'), sm3: sm3.digest('hex'), size };
}

type TBlobRef = { table: string; id: string; sha256: string; sm3: string | null; size: number | null };

export async function verifyBlobs(db: TDb, store: TBlobStore, onProgress: TBlobProgress = () => {}): Promise<{ checked: number; findings: TFinding[] }> {
  const versions = await db.selectFrom('document_versions').select(['id', 'sha256', 'sm3', 'size']).orderBy('id').execute();
  // the signature and fingerprint images of a confirmed 笔录 are named by their SHA-256 only
  const records = await db.selectFrom('verbal_records').select(['id', 'signature_sha256', 'fingerprint_sha256', 'counsel_signature_sha256']).where('signature_sha256', 'is not', null).orderBy('id').execute();
  const rows: TBlobRef[] = [
    ...versions.map((v) => ({ table: 'document_versions', id: v.id, sha256: v.sha256, sm3: v.sm3, size: Number(v.size) })),
    ...records.flatMap((r) => [r.signature_sha256, r.fingerprint_sha256, r.counsel_signature_sha256].filter((h): h is string => !!h).map((h) => ({ table: 'verbal_records', id: r.id, sha256: h, sm3: null, size: null }))),
  ];
  const findings: TFinding[] = [];
  const seen = new Map<string, string | null>(); // sha256 → problem (null: intact), one read per blob
  let done = 0;
  for (const r of rows) {
    let problem = seen.get(r.sha256);
    if (problem === undefined) {
      try {
        const got = await rehash(await store.get(r.sha256));
        problem = got.sha256 !== r.sha256 ? `SHA-256 ${got.sha256.slice(0, 16)}… ≠ ${r.sha256.slice(0, 16)}…`
          : r.sm3 !== null && got.sm3 !== r.sm3 ? `SM3 ${got.sm3.slice(0, 16)}… ≠ ${r.sm3.slice(0, 16)}…`
          : r.size !== null && got.size !== r.size ? `size ${got.size} ≠ ${r.size}` : null;
      } catch (e) {
        problem = (e as { code?: string }).code === 'ENOENT' || (e as { code?: string }).code === 'NoSuchKey' ? 'missing' : `unreadable (${(e as Error).message})`;
      }
      seen.set(r.sha256, problem);
    }
    if (problem) {
      findings.push({
        code: problem === 'missing' ? 'BLOB_MISSING' : 'BLOB_ALTERED', table: r.table, rowId: r.id,
        message: `${r.table} id ${r.id}: blob ${r.sha256} ${problem === 'missing' ? 'missing from the blob store' : `altered: ${problem}`}`,
      });
    }
    onProgress(++done, rows.length);
  }
  return { checked: rows.length, findings };
}
