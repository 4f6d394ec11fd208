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
import type { TTx } from './database';
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

  async flushAndDetach(tx: TTx): Promise<void> {
    await this.flush(tx);
    if (attached.get(tx) === this) attached.delete(tx);
    // a write added while the last flush ran (none expected) must not be lost
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

  async flush(tx: TTx): Promise<void> {
    const steps = this.steps.splice(0);
    if (!steps.length) return;
    const ctes = steps.map((s, i) => sql`${sql.raw(s.name ?? `w${i}`)} AS (${s.write})`);
    const checked = steps.flatMap((s, i) => (s.expectRows === undefined ? [] : [{ i, expect: s.expectRows }]));
    const select = checked.length
      ? sql.join(checked.map(({ i }) => sql`(SELECT count(*) FROM ${sql.raw(steps[i]!.name ?? `w${i}`)})::int AS ${sql.raw(`n${i}`)}`))
      : sql`1 AS one`;
    const { rows } = await sql<Record<string, number>>`WITH ${sql.join(ctes)} SELECT ${select}`.execute(tx);
    for (const { i, expect } of checked) {
      // a lost race (the row moved on since it was read): nothing of the batch commits
      if (rows[0]?.[`n${i}`] !== expect) throw new AppError('CONFLICT');
    }
  }
}
