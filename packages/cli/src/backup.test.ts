/**
 * Online backup and restore (issue #12), with real processes: a server on the embedded
 * default takes a stream of writes while `xietong backup` runs beside it; the backup is
 * restored into a new directory, which starts, verifies, and holds every write acknowledged
 * before the backup began and every blob byte for byte. One changed byte is refused.
 * Two embedded starts in all (the original and the restored server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, liveOrphanPostmaster } from '../../server/src/db/embedded';
import { caseBody } from '../../server/src/test/harness';
import { multipart, TINY_PNG } from '../../server/src/documents/test-support';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/xietong.mjs');
const PASS = 'backup-passphrase-2026';
const children: ChildProcess[] = [];
const top = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-backup-'));
fs.chmodSync(top, 0o755);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 3000));
  for (const d of ['data', 'restored']) {
    const pid = liveOrphanPostmaster(path.join(top, d, 'pg'));
    if (pid) process.kill(pid, 'SIGINT');
  }
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(top, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    const c = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(c);
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

async function serve(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await findFreePort();
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, XIETONG_DATA_DIR: dataDir, PORT: String(port), XIETONG_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn', XIETONG_DEMO_CASES: '0', XIETONG_LEDGER_CHECKPOINT_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve did not come up: ${out}`);
}

async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cy-police-handler', password: 'xietong2026' }) });
  expect(r.status).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('xietong backup / restore', () => {
  it('backs up while writes stream in; the restore starts, verifies, has every write acknowledged before the backup began and identical blobs; one changed byte is refused', async () => {
    const dataDir = path.join(top, 'data');
    const a = await serve(dataDir);
    const cookie = await login(a.base);
    const post = (body: unknown) => fetch(`${a.base}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

    // a blob: a PNG with a unique tail, so it is its own content-addressed file
    const first = (await (await post(caseBody({ title: '备份前的案件' }))).json()) as { id: string };
    const png = Buffer.concat([TINY_PNG, crypto.randomBytes(200_000)]);
    const m = multipart(png, 'scene.png');
    const up = await fetch(`${a.base}/api/cases/${first.id}/documents?docType=photo&title=${encodeURIComponent("现场照片")}`, { method: 'POST', headers: { cookie, ...m.headers }, body: m.payload });
    expect(up.status).toBe(201);
    const doc = (await up.json()) as { id: string };

    // a stream of writes, each recorded when acknowledged
    const acked: { id: string; at: number }[] = [];
    let streaming = true;
    const stream = (async () => {
      for (let i = 0; streaming; i++) {
        const r = await post(caseBody({ title: `流水案件 ${i}` }));
        expect(r.status).toBe(201);
        acked.push({ id: ((await r.json()) as { id: string }).id, at: Date.now() });
      }
    })();
    while (acked.length < 5) await new Promise((r) => setTimeout(r, 50));

    // the platform's signing key exists (first checkpoint) before the backup
    const platformKey = path.join(dataDir, 'keys', 'platform.pem');
    for (let i = 0; i < 200 && !fs.existsSync(platformKey); i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(platformKey)).toBe(true);

    const backupBegan = Date.now();
    const file = path.join(top, 'platform.xtb');
    const b = await run(['backup', file], { XIETONG_DATA_DIR: dataDir, XIETONG_BACKUP_PASSPHRASE: PASS });
    const ackedBefore = acked.filter((x) => x.at < backupBegan).map((x) => x.id);
    while (acked.length < ackedBefore.length + 3) await new Promise((r) => setTimeout(r, 50)); // writes went on during the backup
    streaming = false;
    await stream;
    expect(b.code, b.out).toBe(0);
    expect(b.out).toContain('备份完成');
    expect((await fetch(`${a.base}/api/health`)).status).toBe(200); // the server was never disturbed
    // the private keys and the database password never appear in clear in the file
    const bytes = fs.readFileSync(file);
    const meta = JSON.parse(fs.readFileSync(path.join(dataDir, 'embedded.json'), 'utf8')) as { password: string };
    expect(bytes.includes(Buffer.from(meta.password))).toBe(false);
    expect(bytes.includes(Buffer.from('PRIVATE KEY'))).toBe(false);

    // one byte changed, anywhere: refused, nothing left behind
    for (const at of [Math.floor(bytes.length / 3), bytes.length - 40]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x01;
      const badFile = path.join(top, `bad-${at}.xtb`);
      fs.writeFileSync(badFile, bad);
      const r = await run(['restore', badFile, '--data-dir', path.join(top, 'from-bad')], { XIETONG_BACKUP_PASSPHRASE: PASS });
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/拒绝恢复|备份清单被改动/);
      expect(fs.existsSync(path.join(top, 'from-bad'))).toBe(false);
    }

    const restoredDir = path.join(top, 'restored');
    const r = await run(['restore', file, '--data-dir', restoredDir], { XIETONG_BACKUP_PASSPHRASE: PASS });
    expect(r.code, r.out).toBe(0);
    // key custody: the keys come back exactly, private to their owner
    expect(fs.readFileSync(path.join(restoredDir, 'keys', 'platform.pem')).equals(fs.readFileSync(platformKey))).toBe(true);
    expect(fs.statSync(path.join(restoredDir, 'keys', 'platform.pem')).mode & 0o077).toBe(0);
    const c = await serve(restoredDir);
    const v = await run(['verify'], { XIETONG_DATA_DIR: restoredDir });
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('账本完整');
    const cookie2 = await login(c.base);
    for (const id of [first.id, ...ackedBefore]) {
      expect((await fetch(`${c.base}/api/cases/${id}`, { headers: { cookie: cookie2 } })).status).toBe(200);
    }
    const content = await fetch(`${c.base}/api/documents/${doc.id}/content`, { headers: { cookie: cookie2 } });
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
  }, 240_000);
});
