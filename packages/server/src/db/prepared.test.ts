/**
 * Named prepared statements for the hot queries (issue 13, db/database.ts): a query carrying
 * the mark is parsed once per connection and then executed by name; others stay unnamed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared } from './database';
import { createTestEnv, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

describe('prepared statements', () => {
  it('a marked query is prepared once per connection and answers like the unmarked one', async () => {
    const answers = await env.database.db.connection().execute(async (conn) => {
      const statements = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'xt\\_%'`.execute(conn)).rows[0]!.n;
      const before = await statements();
      const q = (id: string) => sql<{ name: string }>`SELECT ${prepared} name FROM agencies WHERE id = ${id}::uuid`.execute(conn);
      const plain = (id: string) => sql<{ name: string }>`SELECT name FROM agencies WHERE id = ${id}::uuid`.execute(conn);
      const agency = (await sql<{ id: string }>`INSERT INTO agencies (type, level, region_code, name, short_name, unit_code)
        VALUES ('police', 'district', '220104', '预备语句测试局', '预备', '220104000000') RETURNING id`.execute(conn)).rows[0]!.id;
      const first = await q(agency);
      const afterFirst = await statements();
      const second = await q(agency);
      const afterSecond = await statements();
      return { before, afterFirst, afterSecond, first: first.rows, second: second.rows, plain: (await plain(agency)).rows };
    });
    expect(answers.afterFirst).toBe(answers.before + 1);
    expect(answers.afterSecond).toBe(answers.afterFirst);
    expect(answers.first).toEqual([{ name: '预备语句测试局' }]);
    expect(answers.second).toEqual(answers.plain);
  });
});
