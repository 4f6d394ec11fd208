import { custodyApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { listCustody } from './list-custody';
import { recalculateCustody } from './recalculate-custody';

export function custodyRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listCustody, async (_req, ctx) => listCustody(db, ctx));
  route(app, api.recalculateCustody, async ({ params, body }, ctx) => recalculateCustody(db, ctx, params.caseId, params.personId, body));
}
