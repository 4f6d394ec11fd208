/**
 * A throwaway database on the machine's PostgreSQL for a bench run (BENCH_DATABASE_URL, else the
 * local trust-auth server); null when none answers, so a bench can fall back to the embedded one.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export async function externalUrl(prefix: string): Promise<string | null> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new pg.Client({ connectionString: admin });
  try {
    await c.connect();
  } catch {
    return null;
  }
  const name = `${prefix}_${crypto.randomBytes(3).toString('hex')}`;
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropExternal(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}
