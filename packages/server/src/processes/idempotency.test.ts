/**
 * Exactly once: the Idempotency-Key is stored inside the action's own transaction on its one
 * connection (http/idempotency.ts). A retry after a lost answer replays; a change is never
 * committed without its key; 32 concurrent keyed requests complete on a pool of 10; a pool
 * that stays exhausted answers 503 with a catalogue code instead of hanging.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let handler: TTestUser;
let procId: string;
beforeAll(async () => {
  env = await createTestEnv({}, { max: 10 });
  const police = await makeAgency(env);
  procId = (await makeAgency(env, { type: 'procuratorate' })).id;
  handler = await makeUser(env, police.id, ['handler']);
});
afterAll(async () => { await env.close(); });

async function startArrest(): Promise<string> {
  // 盗窃 (up to 无期徒刑): the CPL 81 arrest request needs no further reason
  const c = await makeCase(env, handler, { charges: ['theft'] });
  await provideAllEvidence(env, handler, c.id, ['theft']);
  const res = await as(env, handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

// the harness case's suspect is held (刑事拘留): CPL 91 ¶3 custody is "detained"
const submit = { action: 'submit', input: { custody: 'detained' } };

async function submitEvents(instanceId: string): Promise<number> {
  const rows = await env.database.db.selectFrom('process_events').select('id').where('instance_id', '=', instanceId).where('action', '=', 'submit').execute();
  return rows.length;
}

describe('Idempotency-Key: exactly once', () => {
  it('the server dies after the commit, before its answer: a restarted server replays the retry, it does not refuse it with 409', async () => {
    const instanceId = await startArrest();
    // server 1 commits the action, then dies before a byte of the answer leaves it
    const doomed = await buildApp({ database: env.database, config: env.config, dbKind: 'external' }, { logger: false });
    doomed.addHook('onSend', async (req) => { req.raw.socket.destroy(); });
    await doomed.listen({ port: 0, host: '127.0.0.1' });
    const port = (doomed.server.address() as AddressInfo).port;
    const lost = await new Promise<string>((resolve) => {
      const r = http.request({ port, host: '127.0.0.1', method: 'POST', path: `/api/process-instances/${instanceId}/actions`, headers: { cookie: handler.cookie, 'content-type': 'application/json', 'idempotency-key': 'crash-1' } }, () => resolve('answered'));
      r.on('error', (e) => resolve(`lost: ${e.message}`));
      r.end(JSON.stringify(submit));
    });
    expect(lost).toMatch(/^lost/);
    await doomed.close();
    expect(await submitEvents(instanceId)).toBe(1);
    // the client retries on the restarted server (env.app) with the same key and body
    const retry = await as(env, handler).post(`/api/process-instances/${instanceId}/actions`, submit, { 'idempotency-key': 'crash-1' });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().state).not.toBe('draft');
    expect(await submitEvents(instanceId)).toBe(1);
  });

  it('a change is never committed without its key: when the key cannot be stored the action rolls back, and the retry acts once (not 409)', async () => {
    const instanceId = await startArrest();
    const db = env.database.db;
    // the process dies between the action's statements and the key's: modelled by the key's insert failing once
    await sql`CREATE TABLE IF NOT EXISTS test_fail_once (key text PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO test_fail_once VALUES ('crash-2')`.execute(db);
    await sql.raw(`CREATE OR REPLACE FUNCTION test_fail_key() RETURNS trigger AS $$
      BEGIN IF EXISTS (SELECT 1 FROM test_fail_once WHERE key = NEW.key) THEN
        DELETE FROM test_fail_once WHERE key = NEW.key;
        RAISE EXCEPTION 'simulated crash before the key was stored'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`).execute(db);
    await sql`CREATE TRIGGER test_fail_key BEFORE INSERT ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION test_fail_key()`.execute(db);
    try {
      const first = await as(env, handler).post(`/api/process-instances/${instanceId}/actions`, submit, { 'idempotency-key': 'crash-2' });
      expect(first.statusCode, first.body).toBe(500);
      // the trigger's DELETE rolled back with the transaction: arm it off for the retry
      await sql`DELETE FROM test_fail_once`.execute(db);
      expect(await submitEvents(instanceId)).toBe(0);
      const retry = await as(env, handler).post(`/api/process-instances/${instanceId}/actions`, submit, { 'idempotency-key': 'crash-2' });
      expect(retry.statusCode, retry.body).toBe(200);
      expect(await submitEvents(instanceId)).toBe(1);
    } finally {
      await sql`DROP TRIGGER test_fail_key ON idempotency_keys`.execute(db);
    }
  });

  it('a step commits its key with its writes and answers after COMMIT: a retry gets the instance as it is, and acts once', async () => {
    const instanceId = await startArrest();
    const db = env.database.db;
    const first = await as(env, handler).post(`/api/process-instances/${instanceId}/actions`, submit, { 'idempotency-key': 'after-commit-1' });
    expect(first.statusCode, first.body).toBe(200);
    // the key went in with the change; the answer is read after COMMIT and not kept
    const key = await db.selectFrom('idempotency_keys').select(['response', 'request_hash']).where('key', '=', 'after-commit-1').executeTakeFirstOrThrow();
    expect(key.response).toBeNull();
    const retry = await as(env, handler).post(`/api/process-instances/${instanceId}/actions`, submit, { 'idempotency-key': 'after-commit-1' });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().state).toBe(first.json().state);
    expect(retry.json().version).toBe(first.json().version);
    expect(await submitEvents(instanceId)).toBe(1);
    // the same key with another body is still refused
    const other = await as(env, handler).post(`/api/process-instances/${instanceId}/actions`, { ...submit, input: { custody: 'not_detained' } }, { 'idempotency-key': 'after-commit-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('one key sent at once for steps on two instances: one acts, the other is refused with IDEMPOTENCY_KEY_REUSED (422, not 500), nothing written for it', async () => {
    const [a, b] = [await startArrest(), await startArrest()];
    const answers = await Promise.all([a, b].map((id) => as(env, handler).post(`/api/process-instances/${id}/actions`, submit, { 'idempotency-key': 'one-key-two-steps' })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const refused = answers.find((r) => r.statusCode === 422)!;
    expect(refused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(refused.json().error.message).toMatch(/幂等键/);
    expect((await submitEvents(a)) + (await submitEvents(b))).toBe(1);
  });

  it('32 concurrent keyed requests (16 keys, each sent twice) complete on a pool of 10 and act once per key', async () => {
    const cases = [];
    for (let i = 0; i < 16; i++) cases.push((await makeCase(env, handler)).id);
    const t0 = Date.now();
    const answers = await Promise.all(cases.flatMap((caseId, i) => [0, 1].map(() =>
      as(env, handler).post(`/api/cases/${caseId}/processes`, { code: 'arrest', receiverAgencyId: procId }, { 'idempotency-key': `load-${i}` }))));
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(answers.map((a) => a.statusCode)).toEqual(Array(32).fill(201));
    for (let i = 0; i < 16; i++) expect(answers[2 * i]!.json().id).toBe(answers[2 * i + 1]!.json().id);
    const n = await env.database.db.selectFrom('process_instances').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', 'in', cases).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(16);
  }, 60_000);
});

describe('pool exhaustion', () => {
  it('a request that cannot get a database connection in time answers 503 SERVICE_UNAVAILABLE, and the next one after release answers', async () => {
    const small = await createTestEnv({}, { max: 2, checkoutTimeoutMs: 300 });
    try {
      const ag = await makeAgency(small);
      const u = await makeUser(small, ag.id, ['handler']);
      const held = [await small.database.pool.connect(), await small.database.pool.connect()];
      const t0 = Date.now();
      const res = await as(small, u).get('/api/me');
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.json().error.message).toContain('数据库');
      for (const c of held) c.release();
      expect((await as(small, u).get('/api/me')).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  }, 20_000);
});
