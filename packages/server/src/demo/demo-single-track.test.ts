/**
 * The demo has paper flows in the 单轨例外 register: 朝阳分局's reconciliation report lists them,
 * past their backfill deadline, with the sanctioned reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, login, type TTestEnv } from '../test/harness';
import { seedDemo } from './seed-demo';
import { seedDemoCases } from './seed-demo-cases';

let env: TTestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.database.db);
  await seedDemoCases(env.database.db, () => {}, 30);
}, 300_000);
afterAll(async () => { await env.close(); });

describe('demo 单轨例外', () => {
  it('朝阳分局 sees its paper flows awaiting 补录 in the reconciliation report', async () => {
    const cookie = await login(env, 'cy-police-approver', 'xietong2026');
    const rec = (await as(env, { cookie }).get('/api/single-track/reconciliation')).json();
    expect(rec.notBackfilled.length).toBeGreaterThanOrEqual(1);
    expect(rec.notBackfilled.every((f: { overdue: boolean; reason: { zh: string } }) => f.overdue && f.reason.zh === '停电')).toBe(true);
  });
});
