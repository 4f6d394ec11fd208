/**
 * A transaction's last statement carrying its COMMIT in the same round trip (db/database.ts
 * `commitAfter`, used by a process step's statement of writes, issue 13): what it wrote is
 * committed when it returns, and every way it can fail commits nothing.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error';
import { commitAfter } from './database';
import { WriteBatch } from './write-batch';
import { createTestEnv, type TTestEnv } from '../test/harness';

let env: TTestEnv;
let roundTrips = 0;
beforeAll(async () => {
  env = await createTestEnv();
  await sql`CREATE TABLE commit_after_probe (id int PRIMARY KEY, note text)`.execute(env.database.db);
  // a foreign key checked at COMMIT: a COMMIT that fails
  await sql`CREATE TABLE commit_after_child (id int PRIMARY KEY, parent int REFERENCES commit_after_probe(id) DEFERRABLE INITIALLY DEFERRED)`.execute(env.database.db);
  const seen = new WeakSet<object>();
  env.database.pool.on('acquire', (client: pg.PoolClient) => {
    if (seen.has(client)) return;
    seen.add(client);
    (client as unknown as { connection: { on(e: string, f: () => void): void } }).connection.on('readyForQuery', () => { roundTrips++; });
  });
});
afterAll(async () => { await env.close(); });

const rows = async () => (await sql<{ id: number; note: string }>`SELECT id, note FROM commit_after_probe ORDER BY id`.execute(env.database.db)).rows;

describe('the last statement carries the COMMIT', () => {
  it('commits what it wrote in one round trip less: BEGIN, the statement with its COMMIT, nothing more', async () => {
    roundTrips = 0;
    await env.database.db.transaction().execute(async (tx) => {
      await sql`${commitAfter}INSERT INTO commit_after_probe VALUES (1, 'one')`.execute(tx);
    });
    expect(roundTrips).toBe(2);
    // committed for everyone: another connection (not the pool's, which may hand back the same one) sees it
    const other = new pg.Client({ connectionString: env.url });
    await other.connect();
    try {
      expect((await other.query('SELECT id, note FROM commit_after_probe ORDER BY id')).rows).toEqual([{ id: 1, note: 'one' }]);
    } finally {
      await other.end();
    }
    // the connection is idle and usable: the next transaction sees it committed
    expect(await env.database.db.transaction().execute(async (tx) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM commit_after_probe`.execute(tx)).rows[0]!.n)).toBe(1);
  });

  it('a statement that fails commits nothing of the transaction, and the connection is usable afterwards', async () => {
    await expect(env.database.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO commit_after_probe VALUES (2, 'two')`.execute(tx);
      await sql`${commitAfter}INSERT INTO commit_after_probe VALUES (1, 'duplicate')`.execute(tx);
    })).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([{ id: 1, note: 'one' }]);
    for (let i = 0; i < 12; i++) expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(env.database.db)).rows).toEqual([{ one: 1 }]);
  });

  it('a COMMIT that fails (a deferred foreign key) commits nothing', async () => {
    await expect(env.database.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO commit_after_probe VALUES (3, 'three')`.execute(tx);
      await sql`${commitAfter}INSERT INTO commit_after_child VALUES (1, 99)`.execute(tx);
    })).rejects.toMatchObject({ code: '23503' });
    expect(await rows()).toEqual([{ id: 1, note: 'one' }]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM commit_after_child`.execute(env.database.db)).rows[0]!.n).toBe(0);
  });

  it('a statement after the COMMIT is refused, never run outside the transaction', async () => {
    await expect(env.database.db.transaction().execute(async (tx) => {
      await sql`${commitAfter}INSERT INTO commit_after_probe VALUES (4, 'four')`.execute(tx);
      await sql`INSERT INTO commit_after_probe VALUES (5, 'five')`.execute(tx);
    })).rejects.toThrow(/after the transaction committed/);
    expect((await rows()).map((r) => r.id)).toEqual([1, 4]);
  });

  it('a write batch whose write lost its race (expectRows) fails before its COMMIT: CONFLICT, nothing written', async () => {
    const err = await env.database.db.transaction().execute(async (tx) => {
      const batch = new WriteBatch();
      batch.add(sql`INSERT INTO commit_after_probe VALUES (6, 'six')`);
      batch.add(sql`UPDATE commit_after_probe SET note = 'moved' WHERE id = 404 RETURNING id`, { expectRows: 1 });
      await batch.flushAndDetach(tx, { commit: true });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((await rows()).map((r) => r.id)).toEqual([1, 4]);
  });

  it('outside a transaction a statement cannot carry a COMMIT, and the connection serves the next transaction', async () => {
    await expect(sql`${commitAfter}INSERT INTO commit_after_probe VALUES (7, 'seven')`.execute(env.database.db)).rejects.toThrow(/outside a transaction/);
    for (let i = 0; i < 12; i++) {
      await env.database.db.transaction().execute(async (tx) => { await sql`SELECT 1`.execute(tx); });
    }
    expect((await rows()).map((r) => r.id)).toEqual([1, 4]);
  });
});
