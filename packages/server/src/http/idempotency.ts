/**
 * Idempotency-Key: a retried request (same user, same key, same body) replays the first
 * successful answer instead of acting twice; the same key with another body is refused.
 *
 * The key lives inside the action's own transaction, on its one connection:
 * - first statement: a transaction-scoped advisory lock on (user, key), so copies racing in on
 *   any number of server processes queue here, then the stored answer is looked up;
 * - last statement before COMMIT: the answer is stored with the change.
 * So a change is never committed without its key (a crash between commit and answer, or a
 * lost answer, is replayed on retry, never refused with 409), and a keyed request holds one
 * pooled connection, not two (at concurrency 32 the pool deadlocked before, issue 11).
 *
 * A process step (processes/act.ts, issue 13) takes a leaner path: the instance's row lock,
 * taken first, already queues every copy of the request, so the key is looked up without an
 * advisory lock, in the statement that reads the step's facts (`priorKey`, `replayOrRefuse`); the
 * key joins the step's statement of writes without an answer, and a retry is answered with the
 * instance as it is when the retry comes (`isAnsweredLater`) — the view is read after COMMIT,
 * so the rows the step locks (the 文号 counter of a busy agency) are free once its writes commit.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { TTx } from '../db/database';
import { isUniqueViolation } from '../db/unique-violation';
import { AppError } from './app-error';

export type TIdempotency = { userId: string; key: string; hash: string } | null;

/** The request's key, checked; null when the request carries none. */
export function idempotencyOf(userId: string, key: string | string[] | undefined, request: unknown): TIdempotency {
  if (key === undefined) return null;
  if (Array.isArray(key) || key.length === 0 || key.length > 200) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：Idempotency-Key 应为1–200个字符的单个值' });
  }
  return { userId, key, hash: crypto.createHash('sha256').update(JSON.stringify(request)).digest('hex') };
}

/** Thrown inside the action's transaction when the key was already answered: rolls back, then replays. */
class IdempotentReplay {
  constructor(readonly response: unknown) {}
}

/** The first statement of the action's transaction. */
export async function claimIdempotencyKey(tx: TTx, idem: TIdempotency): Promise<void> {
  if (!idem) return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`idem:${idem.userId}:${idem.key}`}, 0))`.execute(tx);
  const prior = await tx.selectFrom('idempotency_keys').select(['request_hash', 'response'])
    .where('user_id', '=', idem.userId).where('key', '=', idem.key).executeTakeFirst();
  replayOrRefuse(idem, prior);
}

/** The last statement before COMMIT: the answer, stored with the change it answers. */
export async function storeIdempotentAnswer(tx: TTx, idem: TIdempotency, response: unknown, status = 200): Promise<void> {
  if (!idem) return;
  await tx.insertInto('idempotency_keys').values({ user_id: idem.userId, key: idem.key, request_hash: idem.hash, status, response: JSON.stringify(response) }).execute();
}

/**
 * The key recorded with the change in the caller's statement of writes, without an answer (a
 * retry is answered with the state then). A copy of the key sent for another request at the same
 * moment fails this insert on the primary key (`withIdempotency` refuses it as a reused key).
 */
export function keyWithoutAnswer(idem: NonNullable<TIdempotency>) {
  return sql`INSERT INTO idempotency_keys (user_id, key, request_hash, status, response) VALUES (${idem.userId}, ${idem.key}, ${idem.hash}, 200, NULL)`;
}

/** The key as the caller's own read found it (after its lock), null when new. */
export type TPriorKey = { request_hash: string; response: unknown };

/** `claimIdempotencyKey` for a key the caller read itself, after a lock every copy of the request takes. */
export function replayOrRefuse(idem: TIdempotency, prior: TPriorKey | null | undefined): void {
  if (!idem || !prior) return;
  if (prior.request_hash !== idem.hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  throw new IdempotentReplay(prior.response);
}

/** The key was recorded with a committed change without an answer: answer with the state now. */
export function isAnsweredLater(e: unknown): boolean {
  return e instanceof IdempotentReplay && e.response === null;
}

/**
 * Run a keyed action: a key answered before replays its stored answer. Another request under the
 * same key that committed first (its key row inserted while this one's was: a step takes no
 * advisory lock) makes this one's insert fail on the primary key: refused as a reused key.
 */
export async function withIdempotency<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof IdempotentReplay) return e.response as T;
    if (isUniqueViolation(e, 'idempotency_keys_pkey')) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    throw e;
  }
}
