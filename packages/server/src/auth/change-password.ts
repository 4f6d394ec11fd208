import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { hashPassword, passwordIsStrong, verifyPassword } from './password';
import { hashToken } from './sessions';

/** Change one's own password; every other session of the user ends. */
export async function changePassword(
  db: TDb, ctx: TAuthedContext, currentToken: string, input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const u = await db.selectFrom('users').select('password_hash').where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, u.password_hash))) throw new AppError('AUTH_WRONG_PASSWORD');
  if (!passwordIsStrong(input.newPassword)) throw new AppError('AUTH_WEAK_PASSWORD');
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, must_change_password: false, updated_at: sql`now()` })
      .where('id', '=', ctx.actor.userId).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', ctx.actor.userId).where('token_hash', '!=', hashToken(currentToken)).execute();
    await writeAudit(tx, ctx, { action: 'auth.password_changed', targetType: 'user', targetId: ctx.actor.userId });
  });
}
