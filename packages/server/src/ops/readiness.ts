/**
 * Readiness (issue #12): may this process take traffic? The database answers, every
 * migration this code knows is applied, and the ledger integrator keeps up (entries
 * written in a transaction but not yet in the Merkle tree are not older than the bound).
 * Liveness is simpler: the process answers at all (no database involved).
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { listMigrations } from '../db/migrate';

export type TReadiness = {
  ready: boolean;
  database: { ok: boolean; message?: string };
  migrations: { ok: boolean; applied: number; known: number; pending: string[] };
  ledger: { ok: boolean; pendingEntries: number; lagSeconds: number; maxLagSeconds: number };
};

export async function checkReadiness(db: TDb, opts: { maxLedgerLagSeconds: number; timeoutMs?: number }): Promise<TReadiness> {
  const known = listMigrations();
  const out: TReadiness = {
    ready: false,
    database: { ok: false },
    migrations: { ok: false, applied: 0, known: known.length, pending: known.map((m) => m.name) },
    ledger: { ok: false, pendingEntries: 0, lagSeconds: 0, maxLagSeconds: opts.maxLedgerLagSeconds },
  };
  try {
    await withTimeout(db.selectNoFrom((eb) => eb.val(1).as('one')).execute(), opts.timeoutMs ?? 2000);
    out.database.ok = true;
  } catch (e) {
    out.database.message = (e as Error).message;
    return out;
  }
  const applied = new Set((await sql<{ id: number }>`SELECT id FROM schema_migrations`.execute(db)).rows.map((r) => Number(r.id)));
  out.migrations.applied = applied.size;
  out.migrations.pending = known.filter((m) => !applied.has(m.id)).map((m) => m.name);
  out.migrations.ok = out.migrations.pending.length === 0;
  if (out.migrations.ok) {
    const lag = await ledgerLag(db);
    out.ledger = { ...out.ledger, ...lag, ok: lag.lagSeconds <= opts.maxLedgerLagSeconds };
  }
  out.ready = out.database.ok && out.migrations.ok && out.ledger.ok;
  return out;
}

/** Ledger entries not yet integrated, and the age in seconds of the oldest of them. */
export async function ledgerLag(db: TDb): Promise<{ pendingEntries: number; lagSeconds: number }> {
  const r = await sql<{ n: string; lag: number | null }>`
    SELECT count(*) AS n, extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS lag
    FROM ledger_entries WHERE leaf_index IS NULL`.execute(db);
  const row = r.rows[0];
  return { pendingEntries: Number(row?.n ?? 0), lagSeconds: Math.max(0, Number(row?.lag ?? 0)) };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`数据库 ${ms} ms 内无响应 / database did not answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(t));
}
