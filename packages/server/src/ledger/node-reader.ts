/**
 * The Kysely-backed TMerkleNodeReader: all the nodes one proof needs in ONE query (a join
 * against unnest of the requested (level, idx) pairs, a named prepared statement, so each
 * connection plans it once), O(log n) rows.
 *
 * `createProofNodeReader(db)` also keeps the upper levels of the tree in memory (core's
 * `cachingNodeReader`; issue 13: an inclusion proof at 10M leaves below 1 ms). Perfect nodes
 * never change (ledger_nodes is append-only), so the cache needs no invalidation as the log
 * grows. Levels >= CACHED_FROM_LEVEL are kept, about 20k nodes (640 KB of hashes) at 10M
 * leaves, read in one query at first use, so a proof reads its 10 lowest nodes from
 * PostgreSQL and the rest from memory.
 * Only committed nodes are cached: the reader is built on the pool, never on a transaction
 * (whose nodes may still roll back).
 *
 * The proofs the platform hands out (HTTP, dossier packages) use it. What checks the stored tree
 * — `xietong verify`, the integrator, checkpoint signing, the witnesses — reads every node from
 * the database (`createNodeReader`), so a DBA who rewrites ledger_nodes is seen there, not
 * hidden behind a cache; a restored backup is served by a restarted process.
 */
import { cacheNodes, cachingNodeReader, createNodeCache, type TMerkleNodeReader, type TNodeCache, type TNodeRef } from '@xietong/core/ledger';
import { sql } from 'kysely';
import { prepared, type TDb, type TTx } from '../db/database';

export const CACHED_FROM_LEVEL = 10;
/** a ceiling whatever the log's size: all of levels >= 10 up to 2^27 leaves, about 30 MB */
const MAX_CACHED_NODES = 262_144;

async function readNodes(db: TDb | TTx, refs: TNodeRef[]): Promise<Map<string, Uint8Array>> {
  const { rows } = await sql<{ level: number; idx: string; hash: Buffer }>`${prepared}
    SELECT n.level, n.idx, n.hash
    FROM unnest(${refs.map((r) => r.level)}::smallint[], ${refs.map((r) => String(r.index))}::bigint[]) AS q(level, idx)
    JOIN ledger_nodes n ON n.level = q.level AND n.idx = q.idx`.execute(db);
  return new Map(rows.map((r) => [`${r.level}:${r.idx}`, new Uint8Array(r.hash.buffer, r.hash.byteOffset, r.hash.byteLength)]));
}

/** Every node from the database, in one query. For whatever checks what is stored. */
export function createNodeReader(db: TDb | TTx): TMerkleNodeReader {
  return {
    async getNodes(refs: TNodeRef[]): Promise<Uint8Array[]> {
      if (refs.length === 0) return [];
      const byKey = await readNodes(db, refs);
      return refs.map((r) => {
        const h = byKey.get(`${r.level}:${r.index}`);
        if (!h) throw new Error(`ledger node (${r.level}, ${r.index}) is not stored`);
        return h;
      });
    },
  };
}

const caches = new WeakMap<TDb, { cache: TNodeCache; warmed: Promise<void> }>();

/** For proofs handed out: upper levels from memory (one cache per pool), the rest in one query. */
export function createProofNodeReader(db: TDb): TMerkleNodeReader {
  if (db.isTransaction) return createNodeReader(db);
  let c = caches.get(db);
  if (!c) {
    const cache = createNodeCache({ fromLevel: CACHED_FROM_LEVEL, maxNodes: MAX_CACHED_NODES });
    // at first use, the upper levels in one read (the top first), so that from then on a proof
    // reads only its lowest levels; if it fails, proofs fill the cache as they go
    const warmed = sql<{ level: number; idx: string; hash: Buffer }>`
      SELECT level, idx, hash FROM ledger_nodes WHERE level >= ${CACHED_FROM_LEVEL}
      ORDER BY level DESC, idx LIMIT ${MAX_CACHED_NODES}`.execute(db)
      .then(({ rows }) => cacheNodes(cache, rows.map((r) => ({ level: r.level, index: Number(r.idx), hash: r.hash }))), () => {});
    caches.set(db, (c = { cache, warmed }));
  }
  const reader = cachingNodeReader(createNodeReader(db), c.cache);
  const warmed = c.warmed;
  return {
    async getNodes(refs) {
      await warmed;
      return reader.getNodes(refs);
    },
  };
}
