/**
 * Shared pieces of `npm run bench` (issue 13): quick mode, percentiles, the results fragment
 * each bench hands to run.ts, pgbench on the same server, and a bench server in its own process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dropExternal } from './external-db';

/** `npm run bench -- --quick`: smaller loads, the whole run under 10 minutes on 2 cores. */
export const QUICK = process.env.BENCH_QUICK === '1';

export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** A bench's figures for bench/results.json, merged by run.ts (BENCH_FRAGMENT names the file). */
export function writeFragment(fragment: Record<string, unknown>): void {
  const file = process.env.BENCH_FRAGMENT;
  if (file) fs.writeFileSync(file, JSON.stringify(fragment, null, 2));
}

/**
 * TPC-B (pgbench's default script) on the server of `url`, in a throwaway database next to it, with
 * the given clients: the database's own limit for small write transactions, same server, same run.
 */
export async function pgbenchTps(url: string, clients: number, seconds: number): Promise<number> {
  const u = new URL(url);
  u.pathname = `/${u.pathname.slice(1)}_pgb`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE ${u.pathname.slice(1)}`);
  await c.end();
  try {
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
    const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username)];
    const init = spawnSync('pgbench', ['-i', '-q', '-s', String(clients), ...conn, u.pathname.slice(1)], { env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i: ${init.stderr}`);
    const run = spawnSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...conn, u.pathname.slice(1)], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pgbench: ${run.stderr}`);
    const m = /tps = ([\d.]+)/.exec(run.stdout);
    if (!m) throw new Error(`pgbench output without tps:\n${run.stdout}`);
    return Number(m[1]);
  } finally {
    await dropExternal(u.toString());
  }
}

/**
 * The app in its own Node process (bench/bench-server.ts) so the load client's CPU is not the
 * server's: migrates, seeds the demo agencies and accounts, listens on a free port.
 */
export async function startBenchServer(url: string, env: NodeJS.ProcessEnv = {}): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  // BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (chrome://inspect, or any .cpuprofile viewer)
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts'), url], {
    cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    stop: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

export async function login(base: string, username: string, password = 'xietong2026'): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}
