/**
 * The platform's operators on the server (`xietong set-user`) manage what no administrator may
 * change through the API: an account holding an administrator role (三员, update-user-security.ts) —
 * a temporary password for a forgotten one, disabling a departed one, unlocking. One transaction
 * (write-security-change.ts), audited as the command line.
 */
import type { TDb } from '../db/database';
import { hashPassword } from '../auth/password';
import { forgetOnThisNode } from '../db/cache-bus';
import { writeSecurityChange } from './write-security-change';

export type TOperatorChange = { temporaryPassword?: string; disabled?: boolean; unlock?: boolean };

export async function operatorUpdateUser(db: TDb, username: string, change: TOperatorChange): Promise<{ id: string; username: string } | null> {
  const hash = change.temporaryPassword !== undefined ? await hashPassword(change.temporaryPassword) : undefined;
  const row = await db.transaction().execute((tx) => writeSecurityChange(tx, { actor: null, ip: null, userAgent: 'xietong cli' }, { username }, {
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}), ...(change.unlock ? { unlock: true } : {}), ...(hash ? { passwordHash: hash } : {}),
  }, { by: 'operator' }));
  forgetOnThisNode(db, 'sessions');
  return row ? { id: row.id, username: row.username } : null;
}
