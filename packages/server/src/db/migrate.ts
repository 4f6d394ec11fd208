/**
 * Forward-only, numbered plain-SQL migrations (`NNNN_name.do.sql`, with an `.undo.sql`
 * beside it for operators). Applied at start and by `xietong migrate`, each in its own
 * transaction, under an advisory lock so two servers starting together do not race.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_240_215_001; // arbitrary, constant: "xietong migrations"

export function listMigrations(): { id: number; name: string; file: string }[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.do\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 4)), name: f.replace(/\.do\.sql$/, ''), file: path.join(DIR, f) }));
}

/** `upTo`: stop after this migration id (tests build a data directory of an earlier release). */
export async function migrate(url: string, log: (m: string) => void = () => {}, opts: { upTo?: number } = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    for (const m of listMigrations()) {
      if (done.has(m.id)) continue;
      if (opts.upTo !== undefined && m.id > opts.upTo) break;
      const sql = fs.readFileSync(m.file, 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`迁移 ${m.name} 失败 / migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(m.name);
      log(`applied migration ${m.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}
