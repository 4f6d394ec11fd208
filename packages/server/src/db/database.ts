/**
 * The one query layer: Kysely over a pg connection pool.
 */
import crypto from 'node:crypto';
import { Kysely, PostgresDialect, sql, type RawBuilder, type Transaction } from 'kysely';
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
  pool.on('connect', preparedStatements);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * Named prepared statements for the hot queries (issue 13): a query whose text carries
 * PREPARED (put it in with `prepared` or `.modifyFront(prepared)`) is sent with a name derived
 * from its text, so each connection parses and plans it once and then only binds and executes.
 * Only fixed texts may carry it (one prepared statement per text and connection). A pooler in
 * transaction mode in front of PostgreSQL must keep prepared statements (PgBouncer ≥ 1.21
 * max_prepared_statements), or the mark does nothing harmful but must be removed.
 */
const PREPARED = '/*xt:prepared*/';
export const prepared: RawBuilder<unknown> = sql.raw(PREPARED);
const names = new Map<string, string>();

function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (text: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || !text.includes(PREPARED) || !Array.isArray(rest[0])) return query(text, ...rest);
    let name = names.get(text);
    if (!name) names.set(text, (name = `xt_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)}`));
    return query({ name, text, values: rest[0] }, ...rest.slice(1));
  };
}
