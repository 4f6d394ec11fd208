/**
 * Issue 13: every table the platform reads by case (`WHERE case_id = …`) has an index leading with
 * case_id. person_measures had none: every step's facts, custody context and 文书 data scanned the
 * province's measures, which neither the demo nor the reads bench (no measures in its synthetic
 * cases) could show. A new table with a case_id column must be indexed on it or named below with
 * the reason it is never read by case.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

/** Tables with a case_id that is carried for scoping or joins, never the key a read starts from. */
const NOT_READ_BY_CASE: Record<string, string> = {
  defence_meetings: 'read by instance or by the lawyer and the detention centre',
  document_renders: 'read by document id (the render queue)',
  exchange_outbox: 'read by system and sequence; its per-case ordering test runs inside a system',
  inbox_items: 'read by agency (the 待办 boxes) and closed by instance',
  interrogation_bookings: 'read by detention centre and by id',
  notifications: 'read by user',
  petitions: 'read by instance',
};

describe('reads by case are indexed', () => {
  it('every table with a case_id column has an index leading with it, or is never read by case', async () => {
    const { rows } = await sql<{ table: string }>`
      SELECT c.relname AS table
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'case_id' AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p')
         AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum)
       ORDER BY 1`.execute(env.database.db);
    expect(rows.map((r) => r.table)).toEqual(Object.keys(NOT_READ_BY_CASE).sort());
  });

  it('a step\'s read of the case\'s open measures (facts.ts) is answered from the index at scale', async () => {
    // 20,000 measures of other cases: the planner must not scan them to find one case's
    const plan = await env.database.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      try {
        await sql`CREATE TEMP TABLE pm_plan (LIKE person_measures INCLUDING INDEXES INCLUDING DEFAULTS) ON COMMIT DROP`.execute(conn);
        await sql`INSERT INTO pm_plan (id, person_id, case_id, measure, started_at)
          SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'arrest', now() FROM generate_series(1, 20000)`.execute(conn);
        await sql`ANALYZE pm_plan`.execute(conn);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT 1 FROM pm_plan m
          WHERE m.case_id = ${'00000000-0000-4000-8000-000000000001'}::uuid AND m.ended_at IS NULL AND m.measure IN ('detention', 'arrest')`.execute(conn);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await sql`ROLLBACK`.execute(conn);
      }
    });
    expect(plan).toMatch(/Index|Bitmap/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
