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
  // set once a statement carried the transaction's COMMIT (`commitAfter`): the COMMIT (or ROLLBACK)
  // the transaction's runner sends next is answered here, without a round trip
  let committed = false;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (text: unknown, ...rest: unknown[]) => {
    if (committed) {
      committed = false;
      if (text === 'rollback') {
        // the transaction's code threw after its last statement committed it: what it wrote stands
        process.emitWarning('a transaction failed after the statement carrying its COMMIT: its writes are committed');
      }
      if (text === 'commit' || text === 'rollback') return Promise.resolve({ command: String(text).toUpperCase(), rowCount: null, rows: [], fields: [] });
      // a statement after the COMMIT would run outside the transaction: a bug, never silently
      return Promise.reject(new Error(`a statement after the transaction committed with its last write: ${String(text).slice(0, 60)}`));
    }
    if (typeof text === 'string' && text.startsWith(COMMIT_AFTER) && Array.isArray(rest[0])) {
      // only the last statement of an open transaction may carry its COMMIT (outside one, the flag
      // would stay on the connection for the next checkout)
      const before = (client as unknown as { _txStatus?: string | null })._txStatus;
      if (before !== 'T') return Promise.reject(new Error(`a statement carrying COMMIT outside a transaction (state ${String(before)})`));
      return new Promise((resolve, reject) => {
        // extended protocol even without parameters: the COMMIT rides on its Execute messages
        query(new QueryThenCommit({ text, values: rest[0], queryMode: 'extended' }, (err: Error | null, r: unknown) => {
          if (err) return reject(err);
          // the server said it is out of the transaction (ReadyForQuery 'I'), or this is not a commit
          const status = (client as unknown as { _txStatus?: string | null })._txStatus;
          if (status !== 'I') return reject(new Error(`the statement carrying the COMMIT left the connection in transaction state ${String(status)}`));
          committed = true;
          resolve(r);
        }));
      });
    }
    if (typeof text !== 'string' || !text.includes(PREPARED) || !Array.isArray(rest[0])) return query(text, ...rest);
    let name = names.get(text);
    if (!name) names.set(text, (name = `xt_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)}`));
    return query({ name, text, values: rest[0] }, ...rest.slice(1));
  };
}

/**
 * The last statement of a transaction with its COMMIT in the same round trip (issue 13): a
 * statement whose text starts with COMMIT_AFTER (`commitAfter`) is sent as Parse/Bind/Execute,
 * then Parse/Bind/Execute of COMMIT, then one Sync. The rows it locks (an agency's 文号 counter,
 * which every numbered step of that agency queues on) are free as soon as the server has
 * written the commit, not a reply and a request later. If the statement fails the server skips
 * the COMMIT (the transaction stays failed until the runner's ROLLBACK); if the COMMIT fails,
 * nothing was committed. Either way the error is the query's. After success the runner's own
 * COMMIT is answered without a round trip; any other statement is refused.
 */
const COMMIT_AFTER = '/*xt:commit*/';
export const commitAfter: RawBuilder<unknown> = sql.raw(COMMIT_AFTER);

type TPgConnection = {
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(m: { portal?: string; rows?: number }): void;
  sync(): void;
};

class QueryThenCommit extends (pg.Query as unknown as new (config: unknown, values?: unknown, callback?: unknown) => {
  _getRows(connection: TPgConnection, rows?: number): void;
  handleCommandComplete(msg: unknown, connection: TPgConnection): void;
  portal: string;
}) {
  private completed = 0;

  override _getRows(connection: TPgConnection, rows?: number): void {
    connection.execute({ portal: this.portal, rows: rows ?? 0 });
    connection.parse({ text: 'COMMIT', types: [] });
    connection.bind({ values: [] });
    connection.execute({ rows: 0 });
    connection.sync();
  }

  override handleCommandComplete(msg: unknown, connection: TPgConnection): void {
    // the statement's rows are the result; COMMIT's completion adds none
    if (this.completed++ === 0) super.handleCommandComplete(msg, connection);
  }
}
