/**
 * One account's security change inside the caller's transaction: roles, disabling, a lifted lock, a
 * single-use temporary password; the account's sessions end when it loses access or its password;
 * the audit row. Used by the security administrator's route (update-user-security.ts) and the
 * operators' command line (operator-update-user.ts).
 */
import type { TRole } from '@xietong/core';
import { sql } from 'kysely';
import type { TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TRequestContext } from '../http/context';

export type TSecurityChange = { roles?: TRole[]; disabled?: boolean; unlock?: boolean; passwordHash?: string };

export async function writeSecurityChange(
  tx: TTx, ctx: TRequestContext, who: { id: string } | { username: string }, c: TSecurityChange, details: Record<string, unknown> = {},
) {
  const row = await tx.updateTable('users')
    .set({
      ...(c.roles ? { roles: c.roles } : {}),
      ...(c.disabled !== undefined ? { disabled: c.disabled } : {}),
      ...(c.unlock ? { failed_attempts: 0, locked_until: null } : {}),
      // a temporary password has been seen by whoever set it: single-use
      ...(c.passwordHash ? { password_hash: c.passwordHash, must_change_password: true, password_changed_at: sql`now()` } : {}),
      updated_at: sql`now()`,
    })
    .where('id' in who ? 'id' : 'username', '=', 'id' in who ? who.id : who.username)
    .returning(['id', 'username', 'display_name', 'agency_id', 'roles', 'disabled', 'created_at', sql<boolean>`coalesce(locked_until > now(), false)`.as('locked')])
    .executeTakeFirst();
  if (!row) return null;
  if (c.roles || c.disabled || c.passwordHash) await tx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
  await writeAudit(tx, ctx, {
    action: 'user.security_changed', targetType: 'user', targetId: row.id,
    details: {
      username: row.username, ...details, ...(c.roles ? { roles: c.roles } : {}), ...(c.disabled !== undefined ? { disabled: c.disabled } : {}),
      ...(c.unlock ? { unlocked: true } : {}), ...(c.passwordHash ? { temporaryPassword: true } : {}),
    },
  });
  return row;
}
