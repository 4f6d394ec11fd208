/**
 * Cold start (issue 13, `start.coldMs`): `xietong serve` on the embedded default, stopped cleanly
 * and started again; the time from spawning the process to the first 200 of GET /api/health, with
 * PostgreSQL not running before (the first start — initdb, migrations, accounts — is not counted).
 * The kill -9 restart under load is bench/restart.bench.ts; this is only the start itself.
 *
 *   npx tsx bench/start.bench.ts     (or: npm run bench -- start)    BENCH_ROUNDS=3
 *
 * The server bundle is rebuilt first when stale (scripts/build-server.mjs --if-stale, as `npm start`).
 * Each start's phases (`start-up phases (ms): boot …`, ops/startup-phases.ts) are printed to stderr.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUICK, round, writeFragment } from './common';
import { findFreePort } from '../packages/server/src/db/embedded';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const BIN = path.resolve(import.meta.dirname, '../packages/cli/bin/xietong.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bench-start-'));
fs.chmodSync(dir, 0o755);
const port = await findFreePort();
// as `npm start` does: the bundle when a source changed since it was built (else serve would
// measure tsx compiling every module, not the platform's start)
const built = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../scripts/build-server.mjs'), '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('scripts/build-server.mjs failed');

async function startToFirst200(): Promise<{ child: ChildProcess; ms: number; phases: string }> {
  const t0 = performance.now();
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, XIETONG_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', XIETONG_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn', XIETONG_DEMO_CASES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited:\n${out}`);
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false)) return { child, ms: performance.now() - t0, phases: out };
    await new Promise((r) => setTimeout(r, 10));
  }
}

const stop = (c: ChildProcess) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); });

const cold: number[] = [];
try {
  const first = await startToFirst200();
  console.error(`  first start (initdb, migrations, accounts): ${(first.ms / 1000).toFixed(2)} s`);
  await stop(first.child);
  for (let i = 0; i < ROUNDS; i++) {
    const s = await startToFirst200();
    cold.push(s.ms);
    console.error(`  start ${i + 1}: ${(s.ms / 1000).toFixed(2)} s; ${s.phases.split('\n').find((l) => l.includes('start-up phases')) ?? ''}`);
    await stop(s.child);
  }
  const med = [...cold].sort((a, b) => a - b)[Math.floor(cold.length / 2)]!;
  console.log(`start after a clean stop to first 200: median ${(med / 1000).toFixed(2)} s of ${ROUNDS} (${cold.map((x) => (x / 1000).toFixed(2)).join(', ')}); first start ${(first.ms / 1000).toFixed(2)} s`);
  writeFragment({ start: { coldMs: round(med, 0), firstMs: round(first.ms, 0), rounds: ROUNDS } });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
