/**
 * Sequencing: give pending entries consecutive leaf indexes (in id order of what has been
 * committed) and store every perfect node that completes, one transaction per batch, under
 * a pg advisory lock so any number of server processes can run the integrator safely.
 * An entry whose transaction commits late simply gets a later leaf index.
 */
import { appendLeaves, loadFrontier, type THashAlg } from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { LEDGER_INTEGRATE_LOCK, readLedgerMeta } from './meta';
import { createNodeReader } from './node-reader';

export type TIntegrateResult = { integrated: number; treeSize: number };

/**
 * Integrates until nothing is pending. `wait: false` (the interval runner) gives up at once
 * when another process holds the lock; `wait: true` (on demand, tests) waits for it.
 */
export async function integrateLedger(db: TDb, opts: { batchSize?: number; wait?: boolean } = {}): Promise<TIntegrateResult> {
  const batchSize = opts.batchSize ?? 2000;
  let integrated = 0;
  let treeSize = 0;
  for (;;) {
    const r = await db.transaction().execute(async (tx) => {
      if (opts.wait ?? true) {
        await sql`SELECT pg_advisory_xact_lock(${LEDGER_INTEGRATE_LOCK})`.execute(tx);
      } else {
        const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${LEDGER_INTEGRATE_LOCK}) AS ok`.execute(tx);
        if (!got.rows[0]?.ok) return null;
      }
      const meta = await readLedgerMeta(tx);
      if (!meta) return { n: 0, size: 0 };
      const pending = await tx.selectFrom('ledger_entries').select(['id', 'leaf_hash'])
        .where('leaf_index', 'is', null).orderBy('id').limit(batchSize).execute();
      if (pending.length === 0) return { n: 0, size: meta.treeSize };
      const frontier = await loadFrontier(createNodeReader(tx), meta.treeSize);
      const appended = appendLeaves(frontier, pending.map((p) => new Uint8Array(p.leaf_hash)), meta.hashAlg as THashAlg);
      await sql`
        UPDATE ledger_entries e SET leaf_index = v.leaf_index
        FROM unnest(${pending.map((p) => p.id)}::bigint[], ${pending.map((_, i) => String(meta.treeSize + i))}::bigint[]) AS v(id, leaf_index)
        WHERE e.id = v.id`.execute(tx);
      await sql`
        INSERT INTO ledger_nodes (level, idx, hash)
        SELECT * FROM unnest(${appended.newNodes.map((n) => n.level)}::smallint[],
                             ${appended.newNodes.map((n) => String(n.index))}::bigint[],
                             ${appended.newNodes.map((n) => Buffer.from(n.hash))}::bytea[])`.execute(tx);
      await tx.updateTable('ledger_meta').set({ tree_size: String(appended.frontier.size) } as never).execute();
      return { n: pending.length, size: appended.frontier.size };
    });
    if (r === null) return { integrated, treeSize };
    integrated += r.n;
    treeSize = r.size;
    if (r.n < batchSize) return { integrated, treeSize };
  }
}
