import { foundationApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { createAgency } from './create-agency';
import { toAgency } from './to-agency';

export function agencyRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  // The agency directory is needed by every user (choosing a receiving agency); it holds no case data.
  route(app, api.listAgencies, async () => {
    const rows = await db.selectFrom('agencies').selectAll().orderBy('region_code').orderBy('name').execute();
    return { items: rows.map(toAgency) };
  });
  route(app, api.createAgency, async ({ body }, ctx) => createAgency(db, ctx, body));
}
