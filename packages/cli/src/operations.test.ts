/**
 * Operations an administrator can trust (issue #12), against real processes on one
 * embedded data directory (one embedded start for the whole file: this machine is small):
 * one owner per data directory, CLI commands beside a running server, shutdown under
 * connected clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, liveOrphanPostmaster } from '../../server/src/db/embedded';
import { processAlive, readOwner } from '../../server/src/db/data-dir-owner';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/xietong.mjs');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 500));
  for (const d of dirs) {
    const pid = liveOrphanPostmaster(path.join(d, 'pg'));
    if (pid) process.kill(pid, 'SIGINT');
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

type TRun = { code: number | null; out: string };

function run(args: string[], env: Record<string, string>): Promise<TRun> {
  return new Promise((resolve) => {
    let out = '';
    const c = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(c);
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; port: number; output: () => string }> {
  const port = await findFreePort();
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), XIETONG_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn', XIETONG_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base, port, output: () => out };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve did not come up: ${out}`);
}

/** GET /api/health (which queries the database) every 50 ms until stopped; every status seen. */
function pollHealth(base: string): { stop: () => Promise<number[]> } {
  const seen: number[] = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      try {
        seen.push((await fetch(`${base}/api/health`)).status);
      } catch {
        seen.push(0);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { stop: async () => { on = false; await loop; return seen; } };
}

describe('one owner per data directory; shutdown', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-ops-'));
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  const env = { XIETONG_DATA_DIR: dir };
  let server: Awaited<ReturnType<typeof serve>>;

  it('create-user and verify run while the server serves: they use its PostgreSQL and it keeps answering 200', async () => {
    server = await serve(env);
    const owner = readOwner(dir);
    expect(owner).toMatchObject({ pid: server.child.pid, kind: 'serve', httpPort: server.port });
    const poll = pollHealth(server.base);
    const created = await run(
      ['create-user', '--username', 'ops-clerk', '--name', '运维测试', '--agency', '协同平台管理中心', '--roles', 'clerk', '--password', 'ops-pass-2026'],
      env,
    );
    const verified = await run(['verify'], env);
    const migrated = await run(['migrate'], env);
    await new Promise((r) => setTimeout(r, 300));
    const statuses = await poll.stop();
    expect(created.code, created.out).toBe(0);
    expect(created.out).toContain('created ops-clerk');
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain('账本完整');
    expect(migrated.code, migrated.out).toBe(0);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // the user was written into the running server's database, and the server still owns the directory
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops-clerk', password: 'ops-pass-2026' }),
    });
    expect(login.status).toBe(200);
    expect(readOwner(dir)?.pid).toBe(server.child.pid);

    // 三员: an administrator account's password or status is the operators' (set-user), not another
    // administrator's: a temporary password must be changed at the next sign-in; disabling ends sign-in
    const signIn = (password: string) => fetch(`${server.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops-clerk', password }),
    });
    const weak = await run(['set-user', '--username', 'ops-clerk', '--temporary-password', 'short'], env);
    expect(weak.code).toBe(2);
    expect(weak.out).toContain('临时密码不符合密码策略');
    const temp = await run(['set-user', '--username', 'ops-clerk', '--temporary-password', 'Temp-ops-2026x'], env);
    expect(temp.code, temp.out).toBe(0);
    expect((await signIn('ops-pass-2026')).status).toBe(401);
    const cookie = (await signIn('Temp-ops-2026x')).headers.get('set-cookie')!.split(';')[0]!;
    const refused = (await (await fetch(`${server.base}/api/cases`, { headers: { cookie } })).json()) as { error: { code: string } };
    expect(refused.error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const off = await run(['set-user', '--username', 'ops-clerk', '--disable'], env);
    expect(off.code, off.out).toBe(0);
    expect(((await (await signIn('Temp-ops-2026x')).json()) as { error: { code: string } }).error.code).toBe('AUTH_USER_DISABLED');
    const nobody = await run(['set-user', '--username', 'no-such-user', '--unlock'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.out).toContain('用户不存在');
  }, 120_000);

  it('a second serve on the same directory exits non-zero naming the owner; the first is unaffected', async () => {
    const port = await findFreePort();
    const second = await run(['serve'], { ...env, PORT: String(port), XIETONG_DEMO: '0', LOG_LEVEL: 'warn' });
    expect(second.code).not.toBe(0);
    expect(second.out).toContain(`已由正在运行的平台服务 xietong serve（HTTP 端口 ${server.port}）占用`);
    expect(second.out).toContain(`owned by a running xietong serve (pid ${server.child.pid}`);
    expect(second.out).not.toMatch(/\n\s+at /); // no stack trace
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    expect(readOwner(dir)?.pid).toBe(server.child.pid);
  }, 60_000);

  it('SIGTERM with open keep-alive connections, a request finishing and a request stuck in flight: the first is answered, process and PostgreSQL gone within 10 s', async () => {
    const postmaster = liveOrphanPostmaster(path.join(dir, 'pg'));
    expect(postmaster).not.toBeNull();
    // idle keep-alive connections
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    await Promise.all([0, 1, 2, 3].map(() => new Promise<void>((resolve, reject) => {
      http.get(`${server.base}/api/health`, { agent }, (res) => { res.resume(); res.on('end', () => resolve()); }).on('error', reject);
    })));
    // a slow client: the request is in flight (its body never completes)
    const slow = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.on('error', () => {});
    slow.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":`);
    // a request in flight that its client completes during the shutdown: it gets its answer
    const finishing = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((r) => finishing.once('connect', () => r()));
    let answer = '';
    finishing.on('data', (d: Buffer) => (answer += d.toString()));
    finishing.on('error', () => {});
    const login = JSON.stringify({ username: 'ops-clerk', password: 'wrong-password-1' });
    finishing.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(login)}\r\n\r\n${login.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));

    const t0 = Date.now();
    server.child.kill('SIGTERM');
    setTimeout(() => finishing.write(login.slice(10)), 1000);
    const code = await new Promise<number | null>((r) => server.child.once('exit', (c) => r(c)));
    const elapsed = Date.now() - t0;
    agent.destroy();
    slow.destroy();
    finishing.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 401 /); // answered (wrong password), not cut off
    expect(elapsed).toBeLessThan(10_000);
    expect(code).toBe(0);
    // stopped: gone, or an exited zombie waiting for PID 1 to reap it (kill(pid, 0) still counts that one)
    expect(processAlive(postmaster!)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(readOwner(dir)).toBeNull(); // the lock is released
  }, 60_000);
});

describe('start-up errors: one clear message, non-zero exit, no stack trace, nothing started', () => {
  it('a data directory the database cannot use (as root: inside a 0700 folder the postgres user cannot enter)', async () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-ops-0700-')); // mode 0700, like `mktemp -d`
    dirs.push(top);
    const root = process.getuid?.() === 0;
    if (!root) fs.chmodSync(top, 0o500); // an ordinary user: a folder they cannot write
    const r = await run(['serve'], { XIETONG_DATA_DIR: path.join(top, 'data'), PORT: String(await findFreePort()) });
    fs.chmodSync(top, 0o700);
    expect(r.code).toBe(1);
    expect(r.out).toContain(root ? '内嵌数据库以 postgres 用户运行，但该用户无法进入' : '没有权限读写');
    expect(r.out).not.toContain('EACCES\n');
    expect(r.out).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(top, 'data', 'pg'))).toBe(false);
  }, 60_000);

  it('a taken HTTP port', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-ops-port-'));
    fs.chmodSync(dir, 0o755);
    dirs.push(dir);
    const blocker = net.createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as net.AddressInfo).port)));
    try {
      const r = await run(['serve'], { XIETONG_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' });
      expect(r.code).toBe(1);
      expect(r.out).toContain(`HTTP 端口 ${port} 已被占用`);
      expect(r.out).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(dir, 'pg'))).toBe(false); // the database was not even started
      expect(readOwner(dir)).toBeNull();
    } finally {
      blocker.close();
    }
  }, 60_000);
});
