import { foundationApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { queryAudit } from './query-audit';

export function auditRoutes(app: FastifyInstance): void {
  route(app, api.audit, async ({ query }, ctx) => queryAudit(app.deps.database.db, ctx, query));
}
