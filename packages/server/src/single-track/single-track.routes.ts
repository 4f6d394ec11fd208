import { singleTrackApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { issueDepsFor } from '../documents/issue-legal-document';
import { backfillSingleTrackFlow } from './backfill-single-track-flow';
import { registerSingleTrackFlow } from './register-single-track-flow';
import { listSingleTrackFlows, singleTrackReconciliation } from './single-track-reconciliation';
import { getSingleTrackSettings, listSingleTrackReasons, updateSingleTrackReason, updateSingleTrackSettings } from './single-track-settings';

export function singleTrackRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  const issue = issueDepsFor(app.deps.config.dataDir);
  route(app, api.listSingleTrackReasons, async () => listSingleTrackReasons(db));
  route(app, api.updateSingleTrackReason, async ({ params, body }, ctx) => updateSingleTrackReason(db, ctx, params.code, body));
  route(app, api.getSingleTrackSettings, async () => getSingleTrackSettings(db));
  route(app, api.updateSingleTrackSettings, async ({ body }, ctx) => updateSingleTrackSettings(db, ctx, body));
  route(app, api.registerSingleTrackFlow, async ({ body }, ctx) => registerSingleTrackFlow(db, ctx, body));
  route(app, api.listSingleTrackFlows, async ({ query }, ctx) => listSingleTrackFlows(db, ctx, query.status));
  route(app, api.backfillSingleTrackFlow, async ({ params, body }, ctx) => backfillSingleTrackFlow(db, ctx, issue, params.id, body));
  route(app, api.singleTrackReconciliation, async (_i, ctx) => singleTrackReconciliation(db, ctx));
}
