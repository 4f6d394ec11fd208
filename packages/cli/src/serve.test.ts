/**
 * The platform as processes: `xietong serve` on the embedded default survives kill -9
 * with every acknowledged write; two server processes on one PostgreSQL act as one
 * service (sessions and data live in the database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../server/src/db/embedded';
import { caseBody, createTestDatabase } from '../../server/src/test/harness';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/xietong.mjs');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const port = await findFreePort();
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), XIETONG_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn', XIETONG_DEMO_CASES: '20', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return { child, base, output: () => out };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve did not come up: ${out}`);
}

async function loginCookie(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('xietong serve', () => {
  it('on the embedded default: seeds the demo, survives kill -9 with every acknowledged write, and stops cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-serve-'));
    fs.chmodSync(dir, 0o755);
    dirs.push(dir);
    const a = await serve({ XIETONG_DATA_DIR: dir });
    expect(await (await fetch(`${a.base}/api/health`)).json()).toMatchObject({ status: 'ok', db: 'embedded' });
    const cookie = await loginCookie(a.base, 'cy-police-handler', 'xietong2026');
    const created = await fetch(`${a.base}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(caseBody({ title: '确认写入后被强杀的案件' })) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));

    const b = await serve({ XIETONG_DATA_DIR: dir });
    const cookie2 = await loginCookie(b.base, 'cy-police-handler', 'xietong2026');
    const again = await fetch(`${b.base}/api/cases/${id}`, { headers: { cookie: cookie2 } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { title: string }).title).toBe('确认写入后被强杀的案件');
    b.child.kill('SIGTERM');
    const code = await new Promise((r) => b.child.once('exit', r));
    expect(code).toBe(0);
    // the embedded server was stopped with it: no postmaster left behind
    expect(fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('two server processes on one PostgreSQL share sessions and data', async () => {
    const tdb = await createTestDatabase();
    try {
      const env = { DATABASE_URL: tdb.url, XIETONG_DATA_DIR: path.join(os.tmpdir(), 'xt-unused') };
      const [a, b] = await Promise.all([serve(env), serve(env)]);
      expect(await (await fetch(`${a.base}/api/health`)).json()).toMatchObject({ db: 'external' });
      // nothing is seeded on an external database unless asked
      const demo = await fetch(`${a.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cy-police-handler', password: 'xietong2026' }) });
      expect(demo.status).toBe(401);
      const cookie = await loginCookie(a.base, 'admin', 'admin-pass-2026');
      const me = await fetch(`${b.base}/api/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      // the administrator's first password is single-use: changed before anything else
      const changed = await fetch(`${b.base}/api/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ currentPassword: 'admin-pass-2026', newPassword: 'my-own-pass-2026' }) });
      expect(changed.status).toBe(200);
      const agency = await fetch(`${b.base}/api/agencies`, {
        method: 'POST', headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ type: 'police', level: 'district', regionCode: '220104', name: '双进程测试分局', shortName: '双测', unitCode: '220104000000' }),
      });
      expect(agency.status).toBe(201);
      const list = (await (await fetch(`${a.base}/api/agencies`, { headers: { cookie } })).json()) as { items: { name: string }[] };
      expect(list.items.map((x) => x.name)).toContain('双进程测试分局');
      await fetch(`${a.base}/api/auth/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
      expect((await fetch(`${b.base}/api/me`, { headers: { cookie } })).status).toBe(401);
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([new Promise((r) => a.child.once('exit', r)), new Promise((r) => b.child.once('exit', r))]);
    } finally {
      await tdb.drop();
    }
  }, 120_000);
});
