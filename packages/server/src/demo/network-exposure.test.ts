/**
 * Safe defaults: the platform listens on 127.0.0.1 unless told otherwise; on a network address
 * it refuses to start while demo accounts still have the published password, unless a
 * training deployment is declared (then each must change it first); the administrator's
 * first password is single-use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createDatabase } from '../db/database';
import { startPlatform } from '../start';
import { createTestDatabase } from '../test/harness';
import { DEMO_PASSWORD } from './demo-agencies';
import { DemoOnNetworkError, isLoopbackHost } from './network-exposure';
import { seedDemo } from './seed-demo';

let tdb: Awaited<ReturnType<typeof createTestDatabase>>;
const dirs: string[] = [];
beforeAll(async () => {
  tdb = await createTestDatabase();
  const d = createDatabase(tdb.url, { max: 2 });
  await seedDemo(d.db);
  await d.close();
});
afterAll(async () => {
  await tdb.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function configFor(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-safe-'));
  dirs.push(dir);
  return { ...loadConfig({ DATABASE_URL: tdb.url, PORT: '0', XIETONG_DATA_DIR: dir, XIETONG_ADMIN_PASSWORD: 'first-admin-pass-1', ...env }), logLevel: 'silent' };
}

async function signIn(app: { inject: (o: object) => Promise<{ statusCode: number; cookies: { name: string; value: string }[]; body: string }> }, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  return `xt_session=${res.cookies.find((c) => c.name === 'xt_session')!.value}`;
}

describe('safe defaults', () => {
  it('HOST defaults to 127.0.0.1 (this machine only)', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('::')).toBe(false);
    expect(isLoopbackHost('192.168.1.20')).toBe(false);
  });

  it('refuses to start on a network address while demo accounts have the published password', async () => {
    const refused = await startPlatform(configFor({ HOST: '0.0.0.0' }), () => {}).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(DemoOnNetworkError);
    expect((refused as Error).message).toMatch(/演示账号.*公开的演示密码/);
  });

  it('a training deployment (XIETONG_ALLOW_DEMO_ON_NETWORK=1) starts, and every demo account must change its password before anything else', async () => {
    const p = await startPlatform(configFor({ HOST: '0.0.0.0', XIETONG_ALLOW_DEMO_ON_NETWORK: '1' }), () => {});
    try {
      const cookie = await signIn(p.app, 'cy-police-handler', DEMO_PASSWORD);
      const me = await p.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.json().mustChangePassword).toBe(true);
      const blocked = await p.app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
      const changed = await p.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: DEMO_PASSWORD, newPassword: 'training-pass-2026' } });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await p.app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } })).statusCode).toBe(200);
    } finally {
      await p.stop();
    }
  });

  it("the administrator's first password is single-use: it signs in once, to change it", async () => {
    const p = await startPlatform(configFor({}), () => {});
    try {
      const cookie = await signIn(p.app, 'admin', 'first-admin-pass-1');
      expect((await p.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().mustChangePassword).toBe(true);
      const blocked = await p.app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie } });
      expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
      const changed = await p.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: 'first-admin-pass-1', newPassword: 'my-own-pass-77' } });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await p.app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie } })).statusCode).toBe(200);
      const again = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'first-admin-pass-1' } });
      expect(again.statusCode).toBe(401);
    } finally {
      await p.stop();
    }
  });
});
