import { analyticsApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { contentDisposition } from '../documents/download-document';
import { chainStats } from './chain-stats';
import { createPetition } from './create-petition';
import { exportChainStats } from './export-chain-stats';
import { listAlerts } from './list-alerts';
import { listChainCases } from './list-chain-cases';
import { listPetitions, petitionTrends } from './list-petitions';
import { updatePetition } from './update-petition';

export function analyticsRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.chainStats, async ({ query }, ctx) => chainStats(db, ctx.actor, query));
  route(app, api.chainCases, async ({ query }, ctx) => listChainCases(db, ctx, query));
  route(app, api.exportChainStats, async ({ query }, ctx, _req, reply) => {
    const out = await exportChainStats(db, ctx, query);
    reply.header('content-type', out.type).header('content-disposition', contentDisposition('attachment', out.fileName))
      .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
    return out.body as never;
  });
  route(app, api.listAlerts, async ({ query }, ctx) => listAlerts(db, ctx, query));
  route(app, api.createPetition, async ({ body }, ctx) => createPetition(db, ctx, body));
  route(app, api.listPetitions, async ({ query }, ctx) => listPetitions(db, ctx, query));
  route(app, api.updatePetition, async ({ params, body }, ctx) => updatePetition(db, ctx, params.id, body));
  route(app, api.petitionTrends, async ({ query }, ctx) => petitionTrends(db, ctx, query));
}
