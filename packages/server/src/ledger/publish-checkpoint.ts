/**
 * Publish a signed tree head: integrate what is pending, then sign the C2SP checkpoint
 * `origin\nsize\nbase64(root)\n` with the platform key (SM2 default ID, note type 0xff01;
 * Ed25519 0x01 when configured). Sizes only grow, so every checkpoint is consistent with the
 * previous ones unless the stored tree was rewritten — which is what witnesses check.
 */
import { createNoteSigner, formatCheckpoint, rootAt, signNote, type THashAlg } from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { integrateLedger } from './integrate';
import { ensureLedgerKey } from './keys';
import { LEDGER_INTEGRATE_LOCK, readLedgerMeta } from './meta';
import { createNodeReader } from './node-reader';
import type { TLedgerSettings } from './settings';

export type TCheckpointRecord = { id: string; size: number; root: Uint8Array; note: string; keyId: string; signedAt: Date };

export async function latestCheckpointRecord(db: TDb): Promise<TCheckpointRecord | null> {
  const c = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('size', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return c ? { id: c.id, size: Number(c.size), root: new Uint8Array(c.root), note: c.note, keyId: c.key_id, signedAt: c.signed_at } : null;
}

/**
 * Returns the new checkpoint, or the latest one when the tree has not grown (unless
 * `force`). Null when there is no log yet or this process does not hold the platform key.
 */
export async function publishCheckpoint(
  db: TDb, settings: TLedgerSettings, opts: { force?: boolean } = {},
): Promise<(TCheckpointRecord & { created: boolean }) | null> {
  await integrateLedger(db, { wait: true });
  const key = await ensureLedgerKey(db, settings, { kind: 'platform' });
  if (!key) return null;
  return db.transaction().execute(async (tx) => {
    // Same lock as the integrator: the size cannot move while we sign it.
    await sql`SELECT pg_advisory_xact_lock(${LEDGER_INTEGRATE_LOCK})`.execute(tx);
    const meta = await readLedgerMeta(tx);
    if (!meta) return null;
    const latest = await tx.selectFrom('ledger_checkpoints').selectAll().orderBy('size', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (latest && Number(latest.size) === meta.treeSize && !opts.force) {
      return { id: latest.id, size: meta.treeSize, root: new Uint8Array(latest.root), note: latest.note, keyId: latest.key_id, signedAt: latest.signed_at, created: false };
    }
    const root = await rootAt(createNodeReader(tx), meta.hashAlg as THashAlg, meta.treeSize);
    const text = formatCheckpoint({ origin: meta.origin, size: meta.treeSize, root });
    const note = await signNote(text, [createNoteSigner(meta.origin, key.signer)]);
    const row = await tx.insertInto('ledger_checkpoints')
      .values({ size: meta.treeSize, root: Buffer.from(root), note, key_id: key.keyId })
      .returning(['id', 'signed_at']).executeTakeFirstOrThrow();
    return { id: row.id, size: meta.treeSize, root, note, keyId: key.keyId, signedAt: row.signed_at, created: true };
  });
}
