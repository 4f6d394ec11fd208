/**
 * Agencies as a transition reads them (issue 13): one row per agency per transaction, however
 * many steps of the write path need it (audit row, event, 文号, template data, custody, the
 * superior chain). The cache lives as long as the transaction object, so it never serves a row
 * another transaction has changed since; outside a transaction every call reads.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import type { AgenciesTable } from '../db/schema';

export type TAgencyRow = Selectable<AgenciesTable>;

const perTx = new WeakMap<TTx, Map<string, TAgencyRow>>();

function cacheOf(db: TDb | TTx): Map<string, TAgencyRow> | null {
  if (!db.isTransaction) return null;
  let m = perTx.get(db as TTx);
  if (!m) perTx.set(db as TTx, (m = new Map()));
  return m;
}

export async function agencyById(db: TDb | TTx, id: string): Promise<TAgencyRow | undefined> {
  const cache = cacheOf(db);
  const hit = cache?.get(id);
  if (hit) return hit;
  const row = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  if (row && cache) cache.set(id, row);
  return row;
}

export async function agencyByIdOrThrow(db: TDb | TTx, id: string): Promise<TAgencyRow> {
  const row = await agencyById(db, id);
  if (!row) throw new Error(`no agency ${id}`);
  return row;
}

/** The agency and its ancestors, nearest first, in one statement (WITH RECURSIVE). */
export async function agencyChain(db: TDb | TTx, id: string): Promise<TAgencyRow[]> {
  const { rows } = await sql<TAgencyRow & { depth: number }>`
    WITH RECURSIVE chain AS (
      SELECT a.*, 0 AS depth FROM agencies a WHERE a.id = ${id}
      UNION ALL
      SELECT p.*, c.depth + 1 FROM agencies p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 16
    ) SELECT * FROM chain ORDER BY depth`.execute(db);
  const cache = cacheOf(db);
  const out = rows.map(({ depth: _depth, ...r }) => r as TAgencyRow);
  if (cache) for (const r of out) cache.set(r.id, r);
  return out;
}
