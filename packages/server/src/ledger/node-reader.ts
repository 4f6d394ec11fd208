/**
 * The Kysely-backed TMerkleNodeReader: all the nodes one proof needs in ONE query
 * (a join against unnest of the requested (level, idx) pairs), O(log n) rows.
 */
import type { TMerkleNodeReader, TNodeRef } from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';

export function createNodeReader(db: TDb | TTx): TMerkleNodeReader {
  return {
    async getNodes(refs: TNodeRef[]): Promise<Uint8Array[]> {
      if (refs.length === 0) return [];
      const { rows } = await sql<{ level: number; idx: string; hash: Buffer }>`
        SELECT n.level, n.idx, n.hash
        FROM unnest(${refs.map((r) => r.level)}::smallint[], ${refs.map((r) => String(r.index))}::bigint[]) AS q(level, idx)
        JOIN ledger_nodes n ON n.level = q.level AND n.idx = q.idx`.execute(db);
      const byKey = new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
      return refs.map((r) => {
        const h = byKey.get(`${r.level}:${r.index}`);
        if (!h) throw new Error(`ledger node (${r.level}, ${r.index}) is not stored`);
        return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
      });
    },
  };
}
