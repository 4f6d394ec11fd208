/**
 * HTTP contract of operations (issue #12): liveness and readiness for load balancers and
 * orchestrators. (`GET /metrics`, Prometheus text behind a token, is not part of the JSON API.)
 */
import { z } from 'zod';
import { defineEndpoint } from './contract';

export const ZLiveness = z.object({ status: z.literal('live'), version: z.string(), uptimeSeconds: z.number() });

export const ZReadiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  version: z.string(),
  database: z.object({ ok: z.boolean(), message: z.string().optional() }),
  migrations: z.object({ ok: z.boolean(), applied: z.number().int(), known: z.number().int(), pending: z.array(z.string()) }),
  ledger: z.object({ ok: z.boolean(), pendingEntries: z.number().int(), lagSeconds: z.number(), maxLagSeconds: z.number() }),
  /** details only (a stale backup does not take a node out of the load balancer); no paths, no error text */
  backup: z.object({
    schedule: z.string().nullable().describe('XIETONG_BACKUP_SCHEDULE, or null when backups are not scheduled'),
    ageSeconds: z.number().nullable().describe('seconds since the last successful backup of this data directory (null: none known)'),
    nextAt: z.string().nullable(),
    running: z.boolean(),
    lastRunFailed: z.boolean(),
  }),
});

export const opsApi = {
  live: defineEndpoint({
    method: 'GET', path: '/api/health/live', summary: '存活检查 Liveness (no database)', tags: ['system'], auth: false, response: ZLiveness,
  }),
  /** 200 when ready, 503 with the same body when not */
  ready: defineEndpoint({
    method: 'GET', path: '/api/health/ready', summary: '就绪检查 Readiness: database, migrations, ledger lag (503 when not ready)', tags: ['system'], auth: false, response: ZReadiness,
  }),
};
