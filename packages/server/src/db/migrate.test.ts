/**
 * Migrations run from an empty database on whichever server the run uses (the embedded
 * PostgreSQL by default; the external one under TEST_DATABASE_URL, as in .ci/run), in order,
 * once, and two servers starting together do not race.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../test/harness';
import { listMigrations, migrate } from './migrate';

describe('migrations', () => {
  it(`run from empty on the ${inject('dbKind')} server, in order, and are idempotent; concurrent runs apply each once`, async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const name = `xt_mig_${crypto.randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = withDatabase(inject('pgAdminUrl'), name);
      const [a, b] = await Promise.all([migrate(url), migrate(url)]);
      expect([...a, ...b].sort()).toEqual(listMigrations().map((m) => m.name).sort());
      expect(await migrate(url)).toEqual([]);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const applied = (await c.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id')).rows.map((r) => r.name);
      expect(applied).toEqual(listMigrations().map((m) => m.name));
      const tables = (await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.t);
      for (const t of ['agencies', 'users', 'sessions', 'audit_log', 'cases', 'process_instances', 'process_events', 'ledger_entries']) expect(tables).toContain(t);
      await c.end();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
