/**
 * The platform's operators on the server (`xietong set-user`) manage what no administrator may
 * change through the API: an account holding an administrator role (三员, update-user-security.ts) —
 * a temporary password for a forgotten one, disabling a departed one, unlocking. One transaction:
 * the change, the end of the account's sessions, the audit row (actor: the command line).
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { hashPassword } from '../auth/password';
import { forgetOnThisNode } from '../db/cache-bus';

export type TOperatorChange = { temporaryPassword?: string; disabled?: boolean; unlock?: boolean };

export async function operatorUpdateUser(db: TDb, username: string, change: TOperatorChange): Promise<{ id: string; username: string } | null> {
  const hash = change.temporaryPassword !== undefined ? await hashPassword(change.temporaryPassword) : undefined;
  const row = await db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('users')
      .set({
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.unlock ? { failed_attempts: 0, locked_until: null } : {}),
        ...(hash ? { password_hash: hash, must_change_password: true, password_changed_at: sql`now()` } : {}),
        updated_at: sql`now()`,
      })
      .where('username', '=', username).returning(['id', 'username']).executeTakeFirst();
    if (!updated) return null;
    if (change.disabled || hash) await tx.deleteFrom('sessions').where('user_id', '=', updated.id).execute();
    await writeAudit(tx, { actor: null, ip: null, userAgent: 'xietong cli' }, {
      action: 'user.security_changed', targetType: 'user', targetId: updated.id,
      details: {
        username, by: 'operator', ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.unlock ? { unlocked: true } : {}), ...(hash ? { temporaryPassword: true } : {}),
      },
    });
    return updated;
  });
  forgetOnThisNode(db, 'sessions');
  return row;
}
