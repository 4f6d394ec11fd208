/**
 * Sign in: username + password → session. Failed attempts count up and lock the account
 * for a while after the threshold; every attempt, good or bad, is audited.
 */
import { isAdministrator, passwordExpired } from '@xietong/core/access';
import type { TMe } from '@xietong/core/api';
import { sql } from 'kysely';
import { addressAllowed, type TConfig } from '../config';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TRequestContext } from '../http/context';
import { DUMMY_HASH, verifyPassword } from './password';
import { createSession } from './sessions';
import { loadMe } from './load-me';

export async function login(
  db: TDb, config: TConfig, ctx: TRequestContext, input: { username: string; password: string },
): Promise<{ token: string; me: TMe }> {
  const username = input.username.trim().toLowerCase();
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled', 'failed_attempts', 'roles', 'platform_admin', 'password_changed_at', 'must_change_password', sql<boolean>`locked_until > now()`.as('locked')])
    .where('username', '=', username)
    .executeTakeFirst();

  if (user?.locked) {
    await writeAudit(db, ctx, { action: 'auth.login_failed', outcome: 'denied', username, targetType: 'user', targetId: user.id, details: { reason: 'locked' } });
    throw new AppError('AUTH_LOCKED');
  }
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    if (user) {
      await db
        .updateTable('users')
        .set({
          failed_attempts: sql`failed_attempts + 1`,
          locked_until: sql`CASE WHEN failed_attempts + 1 >= ${config.lockoutThreshold}
                             THEN now() + make_interval(mins => ${config.lockoutMinutes}) ELSE locked_until END`,
        })
        .where('id', '=', user.id)
        .execute();
    }
    await writeAudit(db, ctx, { action: 'auth.login_failed', outcome: 'failed', username, targetType: 'user', targetId: user?.id, details: { reason: 'bad_credentials' } });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.disabled) {
    await writeAudit(db, ctx, { action: 'auth.login_failed', outcome: 'denied', username, targetType: 'user', targetId: user.id, details: { reason: 'disabled' } });
    throw new AppError('AUTH_USER_DISABLED');
  }
  // 等保 §8.1.4.1 d: administrators (三员) sign in only from the configured networks
  if (isAdministrator({ roles: user.roles as TMe['roles'], platformAdmin: user.platform_admin }) && !addressAllowed(config.adminAllowedCidrs, ctx.ip)) {
    await writeAudit(db, ctx, { action: 'auth.login_failed', outcome: 'denied', username, targetType: 'user', targetId: user.id, details: { reason: 'address_not_allowed' } });
    throw new AppError('AUTH_ADDRESS_NOT_ALLOWED', { details: { ip: ctx.ip } });
  }
  // 等保 §8.1.4.1 a: an expired password signs in to change itself and nothing else (AUTH_PASSWORD_CHANGE_REQUIRED)
  const expired = !user.must_change_password && passwordExpired(config.passwordPolicy, user.password_changed_at.getTime(), Date.now());
  const token = await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ failed_attempts: 0, locked_until: null, ...(expired ? { must_change_password: true } : {}) }).where('id', '=', user.id).execute();
    if (expired) {
      await writeAudit(tx, ctx, { action: 'auth.password_expired', username, targetType: 'user', targetId: user.id, details: { changedAt: user.password_changed_at.toISOString(), maxAgeDays: config.passwordPolicy.maxAgeDays } });
    }
    const t = await createSession(tx, config, user.id, ctx.ip, ctx.userAgent);
    const me = await loadMe(tx, user.id);
    await writeAudit(tx, { ...ctx, actor: me.actor }, { action: 'auth.login', targetType: 'user', targetId: user.id });
    return t;
  });
  return { token, me: (await loadMe(db, user.id)).me };
}
