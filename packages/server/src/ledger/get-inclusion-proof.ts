/**
 * Inclusion proof of one entry (by entry id or by the row it records) against the latest
 * checkpoint; when no checkpoint covers the entry yet, one is published on the spot.
 * O(log n) stored nodes in one query.
 */
import { inclusionProof, toBase64, toHex, type THashAlg } from '@xietong/core/ledger';
import type { z } from 'zod';
import type { ZInclusionProof, ZInclusionProofQuery } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { assertEntryReadable } from './entry-scope';
import { checkpointViews } from './checkpoint-view';
import { readLedgerMeta } from './meta';
import { createProofNodeReader } from './node-reader';
import { latestCheckpointRecord, publishCheckpoint } from './publish-checkpoint';
import type { TLedgerSettings } from './settings';

export async function getInclusionProof(
  db: TDb, ctx: TAuthedContext, settings: TLedgerSettings, q: z.output<typeof ZInclusionProofQuery>,
): Promise<z.output<typeof ZInclusionProof>> {
  let query = db.selectFrom('ledger_entries').selectAll();
  if (q.entryId) query = query.where('id', '=', q.entryId);
  else if (q.refTable && q.refId) query = query.where('ref_table', '=', q.refTable).where('ref_id', '=', q.refId);
  else throw new AppError('VALIDATION_FAILED', { details: { reason: 'entryId, or refTable and refId' } });
  const entry = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  const meta = await readLedgerMeta(db);
  if (!entry || !meta) throw new AppError('NOT_FOUND');
  // the entry bytes are the row itself: scoped before anything is read or published for it
  await assertEntryReadable(db, ctx, entry);
  let cp = await latestCheckpointRecord(db);
  let leafIndex = entry.leaf_index === null ? null : Number(entry.leaf_index);
  if (leafIndex === null || !cp || cp.size <= leafIndex) {
    cp = await publishCheckpoint(db, settings);
    const again = await db.selectFrom('ledger_entries').select('leaf_index').where('id', '=', entry.id).executeTakeFirstOrThrow();
    leafIndex = again.leaf_index === null ? null : Number(again.leaf_index);
  }
  if (!cp || leafIndex === null || cp.size <= leafIndex) throw new AppError('SERVICE_UNAVAILABLE', { details: { reason: 'no checkpoint covers this entry yet' } });
  const proof = await inclusionProof(createProofNodeReader(db), meta.hashAlg as THashAlg, leafIndex, cp.size);
  const [view] = await checkpointViews(db, [cp.id]);
  return {
    entryId: entry.id, kind: entry.kind, refTable: entry.ref_table, refId: entry.ref_id, leafIndex,
    entryBase64: toBase64(entry.entry), leafHashHex: toHex(entry.leaf_hash), hashAlg: meta.hashAlg,
    proof: proof.map(toHex), checkpoint: view!,
  };
}
