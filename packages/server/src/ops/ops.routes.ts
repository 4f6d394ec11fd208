/**
 * Liveness and readiness (issue #12). Live: the process answers (no database, so a slow
 * database does not get a healthy process restarted). Ready: 200 or 503 with the checks.
 */
import { opsApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { route } from '../http/route';
import { unscheduledStatus } from './backup-schedule';
import { checkReadiness } from './readiness';

export function opsRoutes(app: FastifyInstance): void {
  const { database, config } = app.deps;
  const started = Date.now();

  route(app, api.live, async () => ({ status: 'live' as const, version: config.version, uptimeSeconds: Math.round((Date.now() - started) / 1000) }));

  app.withTypeProvider<ZodTypeProvider>().route({
    method: api.ready.method,
    url: api.ready.path,
    schema: { summary: api.ready.summary, tags: api.ready.tags, response: { 200: api.ready.response, 503: api.ready.response } },
    config: { auth: false },
    handler: async (_req, reply) => {
      const r = await checkReadiness(database.db, { maxLedgerLagSeconds: config.readyMaxLedgerLagSeconds });
      const { ready, ...checks } = r;
      const b = app.deps.backupStatus?.() ?? unscheduledStatus(null);
      const backup = { schedule: b.schedule, ageSeconds: b.ageSeconds, nextAt: b.nextAt, running: b.running, lastRunFailed: b.lastError !== null };
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', version: config.version, ...checks, backup });
    },
  });
}
