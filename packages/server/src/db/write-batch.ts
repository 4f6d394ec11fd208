/**
 * Writes whose answer the caller does not need, sent as ONE statement (issue 13: a transition's
 * instance update, event + its ledger entry, 待办 + case parties, case card, audit row + its
 * ledger entry): each write is a data-modifying CTE of `WITH w0 AS (…), w1 AS (…) SELECT …`.
 *
 * The CTEs share one snapshot and run in no defined order, so a batch may only hold writes that
 * do not read each other's rows and touch each row at most once; foreign keys and AFTER
 * triggers are checked at the end of the statement and see all of it. Reads that depend on a
 * batched write come after flush().
 */
import { sql, type RawBuilder } from 'kysely';
import { commitAfter, type TTx } from './database';
import { AppError } from '../http/app-error';

type TStep = { write: RawBuilder<unknown>; expectRows?: number; name?: string };

/** The batch a transaction's ledger entries join while it is attached (ledger/append.ts). */
const attached = new WeakMap<TTx, WriteBatch>();

export function attachedBatch(tx: TTx): WriteBatch | undefined {
  return attached.get(tx);
}

export class WriteBatch {
  private readonly steps: TStep[] = [];

  /**
   * While attached, every ledger entry the transaction appends (documents, signatures, audit rows
   * written by the steps it calls) joins this batch instead of costing a round trip of its own.
   * The caller flushes and detaches before COMMIT.
   */
  attach(tx: TTx): this {
    attached.set(tx, this);
    return this;
  }

  /**
   * `commit`: the statement is the transaction's last and carries its COMMIT in the same round trip
   * (db/database.ts `commitAfter`): the caller sends nothing more in the transaction.
   */
  async flushAndDetach(tx: TTx, opts: { commit?: boolean } = {}): Promise<void> {
    // nothing joins the batch once it is sent (carrying the COMMIT, nothing could be sent after it)
    if (attached.get(tx) === this) attached.delete(tx);
    await this.flush(tx, opts);
    // a write added to the batch itself while the flush ran (none expected) must not be lost
    if (this.size) throw new Error('write batch: writes added after the final flush');
  }

  /**
   * `expectRows`: the write must touch exactly this many rows (it needs a RETURNING), else 409.
   * `name`: a later write of the batch reads this one's RETURNING rows by that name.
   */
  add(write: RawBuilder<unknown>, opts: { expectRows?: number; name?: string } = {}): void {
    this.steps.push({ write, ...(opts.expectRows !== undefined ? { expectRows: opts.expectRows } : {}), ...(opts.name ? { name: opts.name } : {}) });
  }

  get size(): number {
    return this.steps.length;
  }

  async flush(tx: TTx, opts: { commit?: boolean } = {}): Promise<void> {
    const steps = this.steps.splice(0);
    if (!steps.length) {
      if (opts.commit) throw new Error('write batch: nothing to carry the COMMIT');
      return;
    }
    const ctes = steps.map((s, i) => sql`${sql.raw(s.name ?? `w${i}`)} AS (${s.write})`);
    // a write that must touch an exact number of rows is checked in the statement (migration 0050:
    // SQLSTATE XT409), so that a lost race fails it before a COMMIT carried with it can run
    const checked = steps.flatMap((s, i) => (s.expectRows === undefined ? [] : [{ i, expect: s.expectRows, name: s.name ?? `w${i}` }]));
    const select = checked.length
      ? sql.join(checked.map(({ i, expect, name }) => sql`xt_expect_rows((SELECT count(*) FROM ${sql.raw(name)}), ${sql.lit(expect)}, ${sql.lit(name)}) AS ${sql.raw(`n${i}`)}`))
      : sql`1 AS one`;
    try {
      await sql`${opts.commit ? commitAfter : sql``}WITH ${sql.join(ctes)} SELECT ${select}`.execute(tx);
    } catch (e) {
      // a lost race (the row moved on since it was read): nothing of the batch commits
      if ((e as { code?: string }).code === 'XT409') throw new AppError('CONFLICT');
      throw e;
    }
  }
}
