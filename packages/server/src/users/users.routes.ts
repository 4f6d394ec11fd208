import { canAdministerAgency, type TRole } from '@xietong/core';
import { foundationApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { createUser } from './create-user';

export function userRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listUsers, async ({ query }, ctx) => {
    const agencyId = query.agencyId ?? (ctx.actor.platformAdmin ? undefined : ctx.actor.agencyId);
    if (!ctx.actor.platformAdmin && (!agencyId || !canAdministerAgency(ctx.actor, agencyId))) throw new AppError('FORBIDDEN');
    let q = db.selectFrom('users');
    if (agencyId) q = q.where('agency_id', '=', agencyId);
    const [rows, count] = await Promise.all([
      q.select(['id', 'username', 'display_name', 'agency_id', 'roles', 'disabled', 'created_at'])
        .orderBy('username').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id, username: r.username, displayName: r.display_name, agencyId: r.agency_id,
        roles: r.roles as TRole[], disabled: r.disabled, createdAt: r.created_at.toISOString(),
      })),
    };
  });
  route(app, api.createUser, async ({ body }, ctx) => createUser(db, ctx, body));
}
