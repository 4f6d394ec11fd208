/**
 * Idempotency-Key: a retried request (same user, same key, same body) replays the first
 * successful answer instead of acting twice; the same key with another body is refused.
 * Requests with one key are serialised by an advisory lock, so two copies racing in on
 * different server processes still act once.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { AppError } from './app-error';

export async function withIdempotency<T>(
  db: TDb, userId: string, key: string | undefined, request: unknown, fn: () => Promise<T>,
): Promise<T> {
  if (!key) return fn();
  if (key.length > 200) throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：Idempotency-Key 过长（最多200个字符）' });
  const hash = crypto.createHash('sha256').update(JSON.stringify(request)).digest('hex');
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtextextended(${`${userId}:${key}`}, 0))`.execute(conn);
    try {
      const prior = await conn.selectFrom('idempotency_keys').select(['request_hash', 'response']).where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
      if (prior) {
        if (prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return prior.response as T;
      }
      const out = await fn();
      await conn.insertInto('idempotency_keys').values({ user_id: userId, key, request_hash: hash, status: 200, response: JSON.stringify(out) }).execute();
      return out;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${`${userId}:${key}`}, 0))`.execute(conn);
    }
  });
}
