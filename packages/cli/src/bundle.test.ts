/**
 * The bundled CLI (scripts/build-server.mjs) is what `npm start` runs (and what the other CLI tests
 * start: the test set-up rebuilds it when stale, test/global-setup.ts), while the in-process tests
 * import the sources: this one builds a bundle of its own and runs it from elsewhere, so a bundling
 * mistake (an asset looked up beside the bundle instead of the sources, a package that cannot be
 * inlined) fails here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../server/src/db/embedded';
import { workerBundleFor } from '../bin/bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// beside the real bundle (externals resolve from node_modules above it), under its own name
const BUNDLE = path.join(ROOT, `packages/cli/dist/xietong-test-${process.pid}.mjs`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bundle-'));
fs.chmodSync(dir, 0o755);
let server: ChildProcess | null = null;

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  for (const f of [BUNDLE, `${BUNDLE}.map`, workerBundleFor(BUNDLE), `${workerBundleFor(BUNDLE)}.map`]) fs.rmSync(f, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('serves from a new data directory (migrations found, demo 文书 rendered as PDF, ready 200), verifies the ledger beside it, and on SIGTERM answers the request in flight and exits 0', async () => {
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--out', BUNDLE], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);

    const port = await findFreePort();
    const env = { ...process.env, XIETONG_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', XIETONG_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn', XIETONG_DEMO_CASES: '20', XIETONG_DEMO_RENDER_DAYS: '60' };
    let out = '';
    server = spawn(process.execPath, [BUNDLE, 'serve'], { cwd: os.tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    let ready: Response | null = null;
    for (let i = 0; i < 1200 && !ready; i++) {
      if (server.exitCode !== null) throw new Error(`bundled serve exited:\n${out}`);
      ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`).then((r) => (r.status === 200 ? r : null), () => null);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready, out).not.toBeNull();
    const body = (await ready!.json()) as { migrations: { ok: boolean; pending: string[] } };
    expect(body.migrations).toMatchObject({ ok: true, pending: [] });
    expect(out).toContain('start-up phases (ms):');
    // the demo rendered and signed 文书: fonts, harfbuzz's wasm and pdf-lib were found from the bundle
    const blobs = (fs.readdirSync(path.join(dir, 'blobs'), { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => d.isFile());
    const pdfs = blobs.filter((d) => fs.readFileSync(path.join(d.parentPath, d.name)).subarray(0, 5).toString() === '%PDF-');
    expect(pdfs.length, out).toBeGreaterThan(0);
    // drawn on the bundle's own render worker thread, not on the main thread as a fallback (documents/render-pool.ts)
    expect(fs.existsSync(workerBundleFor(BUNDLE))).toBe(true);
    expect(out).not.toContain('render worker unavailable');

    // run from another working directory: nothing may be looked up relative to the cwd
    const verify = spawnSync(process.execPath, [BUNDLE, 'verify'], { cwd: os.tmpdir(), env, encoding: 'utf8' });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout + verify.stderr).toContain('账本完整');

    // SIGTERM is the platform's own graceful stop, not a bundled copy of a library's handler: a
    // request in flight when it arrives is still answered, then the process exits 0
    const inFlight = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => inFlight.once('connect', () => r()));
    let answer = '';
    inFlight.on('data', (d: Buffer) => (answer += d.toString()));
    inFlight.on('error', () => {});
    const login = JSON.stringify({ username: 'nobody', password: 'wrong-password-1' });
    inFlight.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(login)}\r\n\r\n${login.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    setTimeout(() => inFlight.write(login.slice(10)), 1000);
    expect(await exited).toBe(0);
    inFlight.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  }, 180_000);
});
