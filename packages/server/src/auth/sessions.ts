/**
 * Database-backed sessions: the cookie carries a random token, the table its SHA-256.
 * Idle expiry (last activity) and absolute expiry (since sign-in) both apply.
 */
import crypto from 'node:crypto';
import type { TActor, TAgencyLevel, TAgencyType, TRole } from '@xietong/core';
import { sql } from 'kysely';
import type { TConfig } from '../config';
import { prepared, type TDb } from '../db/database';
import { cacheFor, forgetOnThisNode } from '../db/cache-bus';

export const SESSION_COOKIE = 'xt_session';

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest();
}

export async function createSession(
  db: TDb, config: TConfig, userId: string, ip: string | null, userAgent: string | null,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      expires_at: sql<Date>`now() + make_interval(hours => ${config.sessionMaxHours})`,
      ip,
      user_agent: userAgent?.slice(0, 512) ?? null,
    })
    .execute();
  return token;
}

export type TSessionLookup =
  | { kind: 'ok'; actor: TActor; mustChangePassword: boolean }
  | { kind: 'expired' }
  | { kind: 'none' };

type TCachedSession = { until: number; found: Extract<TSessionLookup, { kind: 'ok' }> };

/**
 * Resolve a cookie token to the acting user, touching the session (at most once a minute).
 * A found session is trusted for `sessionCacheSeconds` on this node (issue 13: no round trip
 * per request); a logout, lockout or revocation on any node empties every node's cache at its
 * COMMIT (db/cache-bus.ts), so it is honoured at once.
 */
export async function lookupSession(db: TDb, config: TConfig, token: string): Promise<TSessionLookup> {
  const th = hashToken(token);
  const cache = (config.sessionCacheSeconds ?? 5) > 0 ? cacheFor<TCachedSession>(db, 'sessions') : null;
  const key = th.toString('hex');
  const hit = cache?.get(key);
  if (hit && hit.until > Date.now()) return hit.found;
  const found = await readSession(db, config, th);
  if (cache && found.kind === 'ok') cache.set(key, { until: Date.now() + (config.sessionCacheSeconds ?? 5) * 1000, found }, cache.generation);
  return found;
}

async function readSession(db: TDb, config: TConfig, th: Buffer): Promise<TSessionLookup> {
  const row = await db
    .selectFrom('sessions as s')
    .modifyFront(prepared)
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select([
      's.token_hash', 's.expires_at',
      sql<boolean>`s.last_seen_at < now() - make_interval(mins => ${config.sessionIdleMinutes})`.as('idle'),
      sql<boolean>`s.expires_at < now()`.as('absolute'),
      sql<boolean>`s.last_seen_at < now() - interval '60 seconds'`.as('stale'),
      'u.id as user_id', 'u.username', 'u.display_name', 'u.roles', 'u.platform_admin', 'u.disabled',
      'u.must_change_password', 'a.id as agency_id', 'a.type as agency_type', 'a.level as agency_level', 'a.region_code',
    ])
    .where('s.token_hash', '=', th)
    .executeTakeFirst();
  if (!row) return { kind: 'none' };
  if (row.idle || row.absolute || row.disabled) {
    await db.deleteFrom('sessions').where('token_hash', '=', th).execute();
    return { kind: 'expired' };
  }
  if (row.stale) {
    await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', th).execute();
  }
  return {
    kind: 'ok',
    mustChangePassword: row.must_change_password,
    actor: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      agencyId: row.agency_id,
      agencyType: row.agency_type as TAgencyType,
      agencyLevel: row.agency_level as TAgencyLevel,
      regionCode: row.region_code,
      roles: row.roles as TRole[],
      platformAdmin: row.platform_admin,
    },
  };
}

export async function deleteSession(db: TDb, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  forgetOnThisNode(db, 'sessions');
}
