import { forgetOnThisNode } from '../db/cache-bus';
import { sql } from 'kysely';
import type { TConfig } from '../config';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { passwordProblems } from '@xietong/core/access';
import { hashPassword, verifyPassword } from './password';
import { hashToken } from './sessions';

/**
 * Change one's own password; every other session of the user ends. A wrong current password
 * counts towards the same lockout as sign-in (a stolen session must not become a password
 * oracle): at the threshold the account locks and every session of the user ends. Each
 * failure is audited.
 */
export async function changePassword(
  db: TDb, config: TConfig, ctx: TAuthedContext, currentToken: string, input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const userId = ctx.actor.userId;
  const u = await db.selectFrom('users').select(['password_hash', sql<boolean>`locked_until > now()`.as('locked')]).where('id', '=', userId).executeTakeFirstOrThrow();
  if (u.locked) {
    await writeAudit(db, ctx, { action: 'auth.password_change_failed', outcome: 'denied', targetType: 'user', targetId: userId, details: { reason: 'locked' } });
    throw new AppError('AUTH_LOCKED');
  }
  if (!(await verifyPassword(input.currentPassword, u.password_hash))) {
    const locked = await db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('users')
        .set({
          failed_attempts: sql`failed_attempts + 1`,
          locked_until: sql`CASE WHEN failed_attempts + 1 >= ${config.lockoutThreshold}
                             THEN now() + make_interval(mins => ${config.lockoutMinutes}) ELSE locked_until END`,
        })
        .where('id', '=', userId).returning(sql<boolean>`locked_until > now()`.as('locked')).executeTakeFirstOrThrow();
      if (row.locked) await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await writeAudit(tx, ctx, { action: 'auth.password_change_failed', outcome: 'failed', targetType: 'user', targetId: userId, details: { reason: 'wrong_current_password', locked: row.locked } });
      return row.locked;
    });
    if (locked) forgetOnThisNode(db, 'sessions');
    throw new AppError(locked ? 'AUTH_LOCKED' : 'AUTH_WRONG_PASSWORD');
  }
  const problems = passwordProblems(config.passwordPolicy, input.newPassword, { username: ctx.actor.username, current: input.currentPassword });
  if (problems.length) {
    throw new AppError('AUTH_WEAK_PASSWORD', { message: `新密码不符合密码策略：${problems.join('；')}`, details: { problems, policy: config.passwordPolicy } });
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, must_change_password: false, failed_attempts: 0, locked_until: null, updated_at: sql`now()`, password_changed_at: sql`now()` })
      .where('id', '=', ctx.actor.userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', ctx.actor.userId).where('token_hash', '!=', hashToken(currentToken)).execute();
    await writeAudit(tx, ctx, { action: 'auth.password_changed', targetType: 'user', targetId: ctx.actor.userId });
  });
  // this node at once; the others at the NOTIFY of the commit (db/cache-bus.ts)
  forgetOnThisNode(db, 'sessions');
}
