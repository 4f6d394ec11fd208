/**
 * A transaction PostgreSQL undoes to break a deadlock answers 409 CONFLICT (retry), not 500: two
 * transactions lock two rows in opposite order for real; the request's own is made the victim.
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './errors';
import { createTestEnv, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await sql`CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`.execute(env.database.db);
  await sql`INSERT INTO deadlock_probe (id) VALUES (1), (2)`.execute(env.database.db);
});
afterAll(async () => { await env.close(); });

describe('a deadlock victim', () => {
  it('is answered 409 CONFLICT naming the deadlock; the other transaction commits', async () => {
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    const other = await env.database.pool.connect();
    let otherDone: Promise<unknown> = Promise.resolve();
    app.post('/probe', async () => env.database.db.transaction().execute(async (tx) => {
      // this transaction detects the cycle first, so it is the one undone
      await sql`SET LOCAL deadlock_timeout = '100ms'`.execute(tx);
      await sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = 1`.execute(tx);
      await other.query('BEGIN');
      await other.query(`SET LOCAL deadlock_timeout = '10s'`);
      await other.query('UPDATE deadlock_probe SET n = n + 10 WHERE id = 2');
      otherDone = other.query('UPDATE deadlock_probe SET n = n + 10 WHERE id = 1').then(() => other.query('COMMIT'));
      await new Promise((r) => setTimeout(r, 200));
      await sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = 2`.execute(tx);
      return { ok: true };
    }));
    try {
      const r = await app.inject({ method: 'POST', url: '/probe' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'CONFLICT', details: { reason: 'deadlock' } });
      await otherDone;
    } finally {
      other.release();
      await app.close();
    }
    const { rows } = await sql<{ id: number; n: number }>`SELECT id, n FROM deadlock_probe ORDER BY id`.execute(env.database.db);
    expect(rows).toEqual([{ id: 1, n: 10 }, { id: 2, n: 10 }]);
  });
});
