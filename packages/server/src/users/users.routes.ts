import { canAdministerAgency, canManageAccountSecurity, type TActor, type TRole } from '@xietong/core';
import { sql } from 'kysely';
import { foundationApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { createUser } from './create-user';
import { updateUserSecurity } from './update-user-security';

/** 系统管理员 and 安全管理员 list accounts: platform-wide, or in their own agency. */
function canListUsers(actor: TActor, agencyId: string | undefined): boolean {
  const wide = actor.platformAdmin && (actor.roles.includes('admin') || actor.roles.includes('security_admin'));
  if (wide) return true;
  return !!agencyId && (canAdministerAgency(actor, agencyId) || canManageAccountSecurity(actor, agencyId));
}

export function userRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listUsers, async ({ query }, ctx) => {
    const agencyId = query.agencyId ?? (ctx.actor.platformAdmin ? undefined : ctx.actor.agencyId);
    if (!canListUsers(ctx.actor, agencyId)) throw new AppError('FORBIDDEN');
    let q = db.selectFrom('users');
    if (agencyId) q = q.where('agency_id', '=', agencyId);
    const [rows, count] = await Promise.all([
      q.select(['id', 'username', 'display_name', 'agency_id', 'roles', 'disabled', 'created_at', sql<boolean>`coalesce(locked_until > now(), false)`.as('locked')])
        .orderBy('username').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id, username: r.username, displayName: r.display_name, agencyId: r.agency_id,
        roles: r.roles as TRole[], disabled: r.disabled, createdAt: r.created_at.toISOString(), locked: r.locked,
      })),
    };
  });
  route(app, api.createUser, async ({ body }, ctx) => createUser(db, ctx, body));
  route(app, api.updateUserSecurity, async ({ params, body }, ctx) => updateUserSecurity(db, ctx, params.id, body));
}
