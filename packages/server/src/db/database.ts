/**
 * The one query layer: Kysely over a pg connection pool.
 */
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

// DATE columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone (deadlines).
pg.types.setTypeParser(1082, (v) => v);
// int8 (bigserial ids, counts) as string: never lose precision silently.
pg.types.setTypeParser(20, (v) => v);

export type TDb = Kysely<DB>;
export type TTx = Transaction<DB>;

export type TDatabase = { db: TDb; pool: pg.Pool; close: () => Promise<void> };

/** How long a request waits for a pooled connection before it is answered 503 (not left hanging). */
export const POOL_CHECKOUT_TIMEOUT_MS = 10_000;

export function createDatabase(url: string, opts: { max?: number; checkoutTimeoutMs?: number } = {}): TDatabase {
  const pool = new pg.Pool({
    connectionString: url, max: opts.max ?? 20, application_name: 'xietong',
    connectionTimeoutMillis: opts.checkoutTimeoutMs ?? POOL_CHECKOUT_TIMEOUT_MS,
  });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}
