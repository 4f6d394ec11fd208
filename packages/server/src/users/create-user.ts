/**
 * Create a user (系统管理员 only): the platform administrator anywhere, an agency admin in
 * their own agency. Lawyers belong to a 律师事务所 and have only the lawyer role. 三员: the
 * security and audit administrator roles are granted by the security administrator
 * (update-user-security.ts), never by the system administrator, and no account holds two of
 * the three administrator roles.
 */
import { canAdministerAgency, conflictingAdministratorRoles, type TRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZCreateUserRequest, ZUser } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { isUniqueViolation } from '../db/unique-violation';
import { writeAudit } from '../audit/write-audit';
import { hashPassword } from '../auth/password';
import { AppError } from '../http/app-error';
import type { TRequestContext } from '../http/context';

export async function createUser(
  db: TDb, ctx: TRequestContext, input: z.output<typeof ZCreateUserRequest> & { mustChangePassword?: boolean; platformAdmin?: boolean },
): Promise<z.output<typeof ZUser>> {
  const actor = ctx.actor;
  // ctx.actor null = a trusted local caller (CLI, bootstrap, demo seed)
  if (actor && !canAdministerAgency(actor, input.agencyId)) throw new AppError('FORBIDDEN');
  const agency = await db.selectFrom('agencies').select(['id', 'type']).where('id', '=', input.agencyId).executeTakeFirst();
  if (!agency) throw new AppError('VALIDATION_FAILED', { details: { issues: [{ path: 'body.agencyId', message: '机构不存在' }] }, message: '请求内容不符合要求：body.agencyId 机构不存在' });
  const roles = [...new Set(input.roles)] as TRole[];
  checkRoles(agency.type, roles);
  if (actor && (roles.includes('security_admin') || roles.includes('audit_admin'))) {
    throw new AppError('FORBIDDEN', { message: '三员分立：安全管理员、审计管理员角色由安全管理员授予，系统管理员不能授予' });
  }
  if (actor && !actor.platformAdmin && input.platformAdmin) throw new AppError('FORBIDDEN');
  const hash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (exists) throw usernameTaken(input.username);
    const row = await tx
      .insertInto('users')
      .values({
        username: input.username, display_name: input.displayName, agency_id: input.agencyId, roles,
        password_hash: hash, must_change_password: input.mustChangePassword ?? false,
        platform_admin: input.platformAdmin ?? false,
      })
      .returning(['id', 'username', 'display_name', 'agency_id', 'roles', 'disabled', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, { action: 'user.created', targetType: 'user', targetId: row.id, details: { username: row.username, roles } });
    return {
      id: row.id, username: row.username, displayName: row.display_name, agencyId: row.agency_id,
      roles: row.roles as TRole[], disabled: row.disabled, createdAt: row.created_at.toISOString(),
    };
  }).catch(rethrowUsernameTaken(input.username));
}

function rolesInvalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：body.roles ${message}`, details: { issues: [{ path: 'body.roles', message }] } });
}

/** Lawyers only in a 律师事务所 and nothing else; no two of the three administrator roles (三员). */
export function checkRoles(agencyType: string, roles: readonly TRole[]): void {
  if ((agencyType === 'lawfirm') !== roles.includes('lawyer') || (roles.includes('lawyer') && roles.length > 1)) {
    throw rolesInvalid('律师角色只能且必须用于律师事务所的用户');
  }
  const conflict = conflictingAdministratorRoles(roles);
  if (conflict.length) throw rolesInvalid(`三员分立：系统管理员、安全管理员、审计管理员不能由同一账户兼任（${conflict.join('、')}）`);
}

/** A username is taken: seen before the insert, or by the unique index when two creations race. */
export function usernameTaken(username: string): AppError {
  return new AppError('ALREADY_EXISTS', { message: `用户名 ${username} 已存在` });
}

export function rethrowUsernameTaken(username: string): (e: unknown) => never {
  return (e) => {
    if (isUniqueViolation(e, 'users_username_key')) throw usernameTaken(username);
    throw e;
  };
}
