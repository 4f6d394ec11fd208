/**
 * 安全管理员 (三员 separation, GB/T 22239-2019 §8.1.4.2): who holds which role, unlocking a locked
 * account, disabling or enabling it, and a temporary password that must be changed at the next
 * sign-in. Platform-wide for a platform security administrator, otherwise in their own agency.
 * Nobody changes their own account here (no self-granted roles); a disabled or re-roled account
 * loses its sessions. One transaction: the change and its audit row.
 */
import { canManageAccountSecurity, securityChangeAllowedOn, type TRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZUpdateUserSecurityRequest, ZUser } from '@xietong/core/api';
import { forgetOnThisNode } from '../db/cache-bus';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { hashPassword } from '../auth/password';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { checkRoles } from './create-user';
import { writeSecurityChange } from './write-security-change';

export async function updateUserSecurity(
  db: TDb, ctx: TAuthedContext, userId: string, input: z.output<typeof ZUpdateUserSecurityRequest>,
): Promise<z.output<typeof ZUser>> {
  const target = await db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.agency_id', 'u.platform_admin', 'u.roles', 'a.type']).where('u.id', '=', userId).executeTakeFirst();
  if (!target || !canManageAccountSecurity(ctx.actor, target.agency_id) || (target.platform_admin && !ctx.actor.platformAdmin)) {
    await writeAudit(db, ctx, { action: 'user.security_changed', outcome: 'denied', targetType: 'user', targetId: userId, details: { reason: 'role' } });
    throw new AppError(target ? 'FORBIDDEN' : 'NOT_FOUND');
  }
  if (target.id === ctx.actor.userId) {
    await writeAudit(db, ctx, { action: 'user.security_changed', outcome: 'denied', targetType: 'user', targetId: userId, details: { reason: 'self' } });
    throw new AppError('FORBIDDEN', { message: '安全管理员不能变更自己的账户（角色、停用、解锁或密码）' });
  }
  if (!securityChangeAllowedOn(target.roles as TRole[], input)) {
    await writeAudit(db, ctx, { action: 'user.security_changed', outcome: 'denied', targetType: 'user', targetId: userId, details: { reason: 'administrator_account' } });
    throw new AppError('FORBIDDEN', { message: '三员分立：管理员账户（系统管理员、安全管理员、审计管理员）的角色、密码和停用状态不能由安全管理员变更，只能解锁；由平台运维人员在服务器上使用 xietong set-user 管理' });
  }
  const roles = input.roles ? ([...new Set(input.roles)] as TRole[]) : undefined;
  if (roles) checkRoles(target.type, roles);
  const hash = input.temporaryPassword !== undefined ? await hashPassword(input.temporaryPassword) : undefined;
  const changed = await db.transaction().execute(async (tx) => {
    const row = await writeSecurityChange(tx, ctx, { id: userId }, {
      ...(roles ? { roles } : {}), ...(input.disabled !== undefined ? { disabled: input.disabled } : {}), ...(input.unlock ? { unlock: true } : {}),
      ...(hash ? { passwordHash: hash } : {}),
    });
    if (!row) throw new AppError('NOT_FOUND');
    return {
      id: row.id, username: row.username, displayName: row.display_name, agencyId: row.agency_id,
      roles: row.roles as TRole[], disabled: row.disabled, createdAt: row.created_at.toISOString(), locked: row.locked,
    };
  });
  // this node at once; the others at the NOTIFY of the commit (db/cache-bus.ts)
  forgetOnThisNode(db, 'sessions');
  return changed;
}
