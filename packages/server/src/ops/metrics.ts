/**
 * Prometheus metrics (issue #12), one registry per app: request rate and latency by route
 * (the route pattern, never the raw URL with ids), pool use, process transitions, overdue
 * statutory timers, ledger lag, age of the last backup, and Node's own process metrics.
 * Database-derived values are read at scrape time, so they are the same on every server
 * process of one database.
 */
import crypto from 'node:crypto';
import { errorBody } from '@xietong/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TDatabase } from '../db/database';
import { ledgerLag } from './readiness';

export type TMetricsOptions = {
  database: TDatabase;
  /** XIETONG_METRICS_TOKEN; null: /metrics is not served */
  token: string | null;
  /** seconds since the last successful backup, or null when none is known */
  backupAge?: () => number | null;
};

export function installMetrics(app: FastifyInstance, opts: TMetricsOptions): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register, prefix: 'xietong_node_' });
  const requests = new Counter({
    name: 'xietong_http_requests_total', help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const, registers: [register],
  });
  const latency = new Histogram({
    name: 'xietong_http_request_duration_seconds', help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [register],
  });
  const { pool, db } = opts.database;
  new Gauge({
    name: 'xietong_db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'] as const, registers: [register],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'xietong_process_transitions_total', help: 'Process transitions (events) recorded', registers: [register],
    async collect() {
      const r = await sql<{ n: string }>`SELECT count(*) AS n FROM process_events`.execute(db);
      this.set(Number(r.rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: 'xietong_overdue_timers', help: 'Running statutory timers past their deadline instant', labelNames: ['kind'] as const, registers: [register],
    async collect() {
      const r = await sql<{ p: string; c: string }>`SELECT
          (SELECT count(*) FROM process_timers WHERE status = 'running' AND due_instant <= now()) AS p,
          (SELECT count(*) FROM person_custody_timers WHERE status = 'running' AND due_instant <= now()) AS c`.execute(db);
      this.set({ kind: 'process' }, Number(r.rows[0]?.p ?? 0));
      this.set({ kind: 'custody' }, Number(r.rows[0]?.c ?? 0));
    },
  });
  new Gauge({
    name: 'xietong_ledger_pending_entries', help: 'Ledger entries not yet integrated into the Merkle tree', registers: [register],
    async collect() { this.set((await ledgerLag(db)).pendingEntries); },
  });
  new Gauge({
    name: 'xietong_ledger_lag_seconds', help: 'Age of the oldest ledger entry not yet integrated', registers: [register],
    async collect() { this.set((await ledgerLag(db)).lagSeconds); },
  });
  if (opts.backupAge) {
    const age = opts.backupAge;
    new Gauge({
      name: 'xietong_backup_age_seconds', help: 'Seconds since the last successful backup (-1: none known)', registers: [register],
      collect() { this.set(age() ?? -1); },
    });
  }

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  const expected = opts.token ? crypto.createHash('sha256').update(opts.token).digest() : null;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    // not configured: the endpoint does not exist (metrics name routes and volumes)
    if (!expected) return reply.status(404).send(errorBody('NOT_FOUND'));
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const ok = crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), expected);
    if (!ok) return reply.status(401).header('www-authenticate', 'Bearer realm="metrics"').send(errorBody('AUTH_REQUIRED'));
    return reply.type(register.contentType).send(await register.metrics());
  });
  return register;
}
