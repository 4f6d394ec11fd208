import { supervisionApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { listSupervisedDeadlines } from './list-supervised-deadlines';
import { sendSupervisionNotice } from './send-supervision-notice';

export function supervisionRoutes(app: FastifyInstance): void {
  route(app, api.listDeadlines, async ({ query }, ctx) => listSupervisedDeadlines(app.deps.database.db, ctx, query));
  route(app, api.sendNotice, async ({ body }, ctx) => sendSupervisionNotice(app.deps.database.db, ctx, body));
}
