import { custodyApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { listCustody } from './list-custody';

export function custodyRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listCustody, async (_req, ctx) => listCustody(db, ctx));
}
