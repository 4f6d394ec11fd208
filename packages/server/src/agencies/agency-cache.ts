/**
 * Agencies as a transition reads them (issue 13): kept in memory per database and node
 * (db/cache-bus.ts: every node forgets them when a change commits anywhere), so the write path
 * reads none once warm. Without a live cache bus (CLI, a lost LISTEN connection) it falls back
 * to one row per agency per transaction. A row this transaction wrote itself (not committed
 * yet, may roll back) is never cached for others.
 */
import { cacheFor } from '../db/cache-bus';
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

/** `mine`: written by the current transaction (xmin is its xid), so not yet anyone else's truth. */
const MINE = sql<boolean>`(a.xmin::text = (pg_current_xact_id_if_assigned()::text::bigint % 4294967296)::text)`;

function remember(db: TDb | TTx, rows: (TAgencyRow & { mine?: boolean | null })[], generation: number | null): TAgencyRow[] {
  const shared = cacheFor<TAgencyRow>(db, 'agencies');
  const local = cacheOf(db);
  return rows.map(({ mine, ...r }) => {
    const row = r as TAgencyRow;
    if (local) local.set(row.id, row);
    if (shared && generation !== null && !mine) shared.set(row.id, row, generation);
    return row;
  });
}

function cachedAgency(db: TDb | TTx, id: string): TAgencyRow | undefined {
  return cacheOf(db)?.get(id) ?? cacheFor<TAgencyRow>(db, 'agencies')?.get(id);
}

export async function agencyById(db: TDb | TTx, id: string): Promise<TAgencyRow | undefined> {
  const hit = cachedAgency(db, id);
  if (hit) return hit;
  const generation = cacheFor(db, 'agencies')?.generation ?? null;
  const { rows } = await sql<TAgencyRow & { mine: boolean | null }>`SELECT a.*, ${MINE} AS mine FROM agencies a WHERE a.id = ${id}`.execute(db);
  return remember(db, rows, generation)[0];
}

export async function agencyByIdOrThrow(db: TDb | TTx, id: string): Promise<TAgencyRow> {
  const row = await agencyById(db, id);
  if (!row) throw new Error(`no agency ${id}`);
  return row;
}

/** The agency and its ancestors, nearest first, in one statement (WITH RECURSIVE). */
export async function agencyChain(db: TDb | TTx, id: string): Promise<TAgencyRow[]> {
  // all of it cached: no round trip
  const known: TAgencyRow[] = [];
  for (let at: string | null = id; at && known.length <= 16;) {
    const hit = cachedAgency(db, at);
    if (!hit) break;
    known.push(hit);
    at = hit.parent_id;
    if (!at) return known;
  }
  const generation = cacheFor(db, 'agencies')?.generation ?? null;
  const { rows } = await sql<TAgencyRow & { depth: number; mine: boolean | null }>`
    WITH RECURSIVE chain AS (
      SELECT a.*, ${MINE} AS mine, 0 AS depth FROM agencies a WHERE a.id = ${id}
      UNION ALL
      SELECT a.*, ${MINE}, c.depth + 1 FROM agencies a JOIN chain c ON a.id = c.parent_id WHERE c.depth < 16
    ) SELECT * FROM chain ORDER BY depth`.execute(db);
  return remember(db, rows.map(({ depth: _depth, ...r }) => r), generation);
}
