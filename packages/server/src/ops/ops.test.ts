/**
 * Health and metrics (issue #12): liveness without the database, readiness from the
 * database, migrations and ledger lag; Prometheus metrics behind a token; request ids.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrateLedger } from '../ledger/integrate';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => {
  env = await createTestEnv({ metricsToken: 'metrics-token-2026', readyMaxLedgerLagSeconds: 1 });
});
afterAll(async () => env.close());

describe('health', () => {
  it('live answers without asking the database; ready checks database, migrations and the ledger integrator', async () => {
    const live = await env.app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'live', version: env.config.version });

    await integrateLedger(env.database.db);
    const ready = await env.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: { ok: true }, migrations: { ok: true, pending: [] }, ledger: { ok: true, pendingEntries: 0 } });
    // backups are details, never a reason to leave the load balancer; this test platform schedules none
    expect(ready.json().backup).toEqual({ schedule: null, ageSeconds: null, nextAt: null, running: false, lastRunFailed: false });

    // a write whose ledger entry the integrator has not taken for longer than the bound: not ready
    const agency = await makeAgency(env);
    const user = await makeUser(env, agency.id);
    await makeCase(env, user);
    await new Promise((r) => setTimeout(r, 1500));
    const lagging = await env.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(lagging.statusCode).toBe(503);
    const body = lagging.json();
    expect(body.status).toBe('not_ready');
    expect(body.ledger.ok).toBe(false);
    expect(body.ledger.pendingEntries).toBeGreaterThan(0);
    expect(body.ledger.lagSeconds).toBeGreaterThan(1);
    await integrateLedger(env.database.db);
    expect((await env.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);

    // a migration this code knows but the database lacks: not ready, and named
    const last = (await sql<{ id: number; name: string }>`SELECT id, name FROM schema_migrations ORDER BY id DESC LIMIT 1`.execute(env.database.db)).rows[0]!;
    await sql`DELETE FROM schema_migrations WHERE id = ${last.id}`.execute(env.database.db);
    try {
      const stale = await env.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(stale.statusCode).toBe(503);
      expect(stale.json().migrations).toMatchObject({ ok: false, pending: [last.name] });
    } finally {
      await sql`INSERT INTO schema_migrations (id, name) VALUES (${last.id}, ${last.name})`.execute(env.database.db);
    }
  });
});

describe('metrics', () => {
  it('GET /metrics needs the bearer token; it reports requests by route pattern, latency, pool, transitions, overdue timers and ledger lag', async () => {
    const agency = await makeAgency(env);
    const user = await makeUser(env, agency.id);
    const c = await makeCase(env, user);
    expect((await as(env, user).get(`/api/cases/${c.id}`)).statusCode).toBe(200);

    expect((await env.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_REQUIRED');
    const res = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-2026' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain('xietong_http_requests_total{method="POST",route="/api/cases",status="201"}');
    // the route pattern, never the id (bounded label cardinality, no case ids in monitoring)
    expect(text).toContain('xietong_http_request_duration_seconds_count{method="GET",route="/api/cases/:id"} 1');
    expect(text).not.toContain(c.id);
    expect(text).toMatch(/xietong_db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/xietong_process_transitions_total \d+/);
    expect(text).toMatch(/xietong_overdue_timers\{kind="process"\} \d+/);
    expect(text).toMatch(/xietong_ledger_pending_entries [1-9]\d*/);
    expect(text).toMatch(/xietong_ledger_lag_seconds [\d.e-]+/);
    expect(text).toContain('xietong_node_process_cpu_seconds_total');
  });

  it('without XIETONG_METRICS_TOKEN there is no /metrics at all', async () => {
    const bare = await createTestEnv();
    try {
      expect((await bare.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer ' } })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('request ids', () => {
  it('every answer carries a request id: the proxy’s X-Request-Id when it is a plain token, else a fresh UUID', async () => {
    const a = await env.app.inject({ method: 'GET', url: '/api/health/live' });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const b = await env.app.inject({ method: 'GET', url: '/api/health/live', headers: { 'x-request-id': 'lb-7f3a.1' } });
    expect(b.headers['x-request-id']).toBe('lb-7f3a.1');
    const c = await env.app.inject({ method: 'GET', url: '/api/health/live', headers: { 'x-request-id': 'x"}\n{"forged":1' } });
    expect(c.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
