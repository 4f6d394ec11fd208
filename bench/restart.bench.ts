/**
 * Crash-restart benchmark (issue #12): `xietong serve` on the embedded default takes a stream
 * of writes, is killed with SIGKILL, and is started again — three rounds. Each round checks
 * that every acknowledged write is present exactly once and that the orphaned postmaster was
 * recovered, and prints the time from the kill to the first 200, beside the time of a restart
 * after a clean SIGTERM measured in the same run (the baseline), and where the time of each
 * start went: the `start-up phases` line serve prints (ops/startup-phases.ts; `boot` is Node and
 * the imports: of the bundle when it is current, else of the sources through tsx) plus
 * `firstOk`, from listening to the first 200 seen by this client.
 *
 *   npx tsx bench/restart.bench.ts            (or: npm run bench -- restart)
 *   BENCH_ROUNDS=3 BENCH_WRITERS=4 BENCH_LOAD_MS=2000   # the defaults
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedUrl, findFreePort, readEmbeddedMeta } from '../packages/server/src/db/embedded';
import { caseBody } from '../packages/server/src/test/case-body';
import { PHASES_PREFIX, parsePhases } from '../packages/server/src/ops/startup-phases';
import { bundleIsFresh } from '../packages/cli/bin/bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'packages/cli/bin/xietong.mjs');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 2000);

console.log(bundleIsFresh() && process.env.XIETONG_NO_BUNDLE !== '1'
  ? 'serve runs the bundle (packages/cli/dist/xietong.mjs)'
  : 'serve runs the sources through tsx (bundle missing or stale: npm run build:server)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bench-restart-'));
fs.chmodSync(dir, 0o755);
const port = await findFreePort();
const base = `http://127.0.0.1:${port}`;

function start(): { child: ChildProcess; out: () => string } {
  let out = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, XIETONG_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', XIETONG_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn', XIETONG_DEMO_CASES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

async function firstOk(s: { child: ChildProcess; out: () => string }): Promise<void> {
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`serve exited:\n${s.out()}`);
    if (await fetch(`${base}/api/health`).then((r) => r.status === 200, () => false)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function login(): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cy-police-handler', password: 'xietong2026' }) });
  if (r.status !== 200) throw new Error(`login ${r.status}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

let s = start();
await firstOk(s); // first start: initdb, migrations, demo accounts (not measured)
const acked: string[] = [];
const crash: number[] = [];
const clean: number[] = [];
/** per start: phase → ms (serve's own phases, then listen → first 200 seen here) */
const crashPhases: Map<string, number>[] = [];
const cleanPhases: Map<string, number>[] = [];

function phasesOf(s: { out: () => string }, t0: number, total: number): Map<string, number> {
  const line = s.out().split('\n').find((l) => l.includes(PHASES_PREFIX));
  const m = new Map(line ? parsePhases(line).filter(([n]) => n !== 'total') : []);
  const served = [...m.values()].reduce((a, b) => a + b, 0);
  // the child's clock starts when its process does, a little after t0 (spawn)
  m.set('firstOk', Math.max(0, total - served));
  void t0;
  return m;
}
let failed = false;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    // baseline: a clean stop and start
    s.child.kill('SIGTERM');
    await exited(s.child);
    let t0 = performance.now();
    s = start();
    await firstOk(s);
    clean.push(performance.now() - t0);
    cleanPhases.push(phasesOf(s, t0, clean[clean.length - 1]!));

    // load, then kill -9 in the middle of it
    const cookie = await login();
    let on = true;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; on; i++) {
        const title = `bench-restart-${round}-${w}-${i}`;
        const r = await fetch(`${base}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(caseBody({ title })) }).catch(() => null);
        if (r?.status === 201) acked.push(title); // acknowledged: must survive
      }
    });
    await new Promise((r) => setTimeout(r, LOAD_MS));
    s.child.kill('SIGKILL');
    t0 = performance.now();
    on = false;
    await exited(s.child);
    await Promise.all(writers);
    s = start();
    await firstOk(s);
    crash.push(performance.now() - t0);
    crashPhases.push(phasesOf(s, t0, crash[crash.length - 1]!));
    const recovered = s.out().includes('未正常退出');

    // every acknowledged write present exactly once
    const c = new pg.Client({ connectionString: embeddedUrl(readEmbeddedMeta(dir)!) });
    await c.connect();
    const rows = (await c.query<{ title: string; n: string }>("SELECT title, count(*) AS n FROM cases WHERE title LIKE 'bench-restart-%' GROUP BY title")).rows;
    await c.end();
    const counts = new Map(rows.map((r) => [r.title, Number(r.n)]));
    const missing = acked.filter((t) => !counts.has(t));
    const dup = rows.filter((r) => Number(r.n) !== 1);
    if (missing.length || dup.length || !recovered) failed = true;
    console.log(
      `round ${round}: ${acked.length} acknowledged writes so far, missing ${missing.length}, duplicated ${dup.length}, orphan recovered: ${recovered ? 'yes' : 'NO'}; ` +
        `restart after kill -9 ${(crash[round - 1]! / 1000).toFixed(2)} s to first 200 (clean restart ${(clean[round - 1]! / 1000).toFixed(2)} s)`,
    );
  }
} finally {
  s.child.kill('SIGTERM');
  await exited(s.child);
  fs.rmSync(dir, { recursive: true, force: true });
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// per-phase medians: where the seconds of a restart go, after a crash and after a clean stop
const names = [...new Set([...crashPhases, ...cleanPhases].flatMap((m) => [...m.keys()]))];
console.log(`\nphase            kill -9 (ms)   clean (ms)   (medians of ${ROUNDS} rounds; firstOk = listening → first 200 seen by the bench, incl. spawn)`);
for (const n of names) {
  const a = med(crashPhases.map((m) => m.get(n) ?? 0));
  const b = med(cleanPhases.map((m) => m.get(n) ?? 0));
  console.log(`${n.padEnd(16)} ${String(Math.round(a)).padStart(12)} ${String(Math.round(b)).padStart(12)}`);
}
console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores; the machine is shared)`);
console.log(`restart after kill -9: median ${(med(crash) / 1000).toFixed(2)} s, ${(med(crash) / med(clean)).toFixed(2)}× a clean restart (${(med(clean) / 1000).toFixed(2)} s)`);
process.exit(failed ? 1 : 0);
