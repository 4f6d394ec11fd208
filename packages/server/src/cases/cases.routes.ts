import { caseScope } from '@xietong/core';
import { caseApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { caseScopeWhere } from '../access/gate';
import { route } from '../http/route';
import { createCase } from './create-case';
import { readCase } from './get-case';

export function caseRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.createCase, async ({ body }, ctx) => createCase(db, ctx, body));
  route(app, api.getCase, async ({ params }, ctx) => readCase(db, ctx, params.id));
  route(app, api.listCases, async ({ query }, ctx) => {
    let q = db.selectFrom('cases as c').where(caseScopeWhere(caseScope(ctx.actor)));
    if (query.q) q = q.where('c.title', 'ilike', `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    const [rows, n] = await Promise.all([
      q.selectAll('c').orderBy('c.updated_at', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(n.n),
      items: rows.map((c) => ({ id: c.id, title: c.title, regionCode: c.region_code, createdAt: c.created_at.toISOString(), updatedAt: c.updated_at.toISOString(), version: c.version })),
    };
  });
}
