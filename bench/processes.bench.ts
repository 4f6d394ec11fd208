/**
 * Process engine benchmark (issue #3): transitions per second and p50/p99 latency of
 * POST /api/process-instances/:id/actions over real HTTP, on the embedded PostgreSQL and
 * (when reachable) the machine's external PostgreSQL.
 *
 *   npx tsx bench/processes.bench.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres …   # external server to use
 *   BENCH_INSTANCES=60 BENCH_CONCURRENCY=8 …
 *
 * Figures are also given as a ratio to a baseline measured in the same run against the same
 * server: GET /api/me (session lookup through the same HTTP stack and pool).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropExternal, externalUrl } from './external-db';
import { buildApp } from '../packages/server/src/app';
import { loadConfig } from '../packages/server/src/config';
import { createDatabase } from '../packages/server/src/db/database';
import { embeddedUrl, startEmbedded } from '../packages/server/src/db/embedded';
import { migrate } from '../packages/server/src/db/migrate';
import { seedDemo } from '../packages/server/src/demo/seed-demo';
import { caseBody } from '../packages/server/src/test/case-body';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OVERRIDE = { evidenceOverrideReason: '基准测试：证据材料另行移送' };
const STEPS: [string, string, Record<string, unknown>][] = [
  // CPL 91 ¶1: the standard 3 days; a longer period is a separate extend_detention step
  ['cy-police-handler', 'record_detention', {}],
  // the bench case carries no evidence files: the approver sends with a recorded override (证据指引)
  ['cy-police-approver', 'submit', { custody: 'detained' }],
  ['cy-proc-clerk', 'accept', {}],
  ['cy-proc-handler', 'start_review', {}],
  ['cy-proc-handler', 'submit_opinion', { proposedDecision: 'approve', opinionReasons: '有证据证明有犯罪事实，可能判处徒刑以上刑罚' }],
  ['cy-proc-approver', 'approve', {}],
  ['cy-police-handler', 'execute_arrest', {}],
  ['cy-police-handler', 'confirm_arrest_steps', {}],
  ['cy-police-handler', 'return_execution_receipt', {}],
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]!); }));
}

export async function benchProcesses(url: string, label: string): Promise<string[][]> {
  await migrate(url);
  const database = createDatabase(url, { max: 20 });
  await seedDemo(database.db);
  const app = await buildApp({ database, config: { ...loadConfig({}), logLevel: 'silent' }, dbKind: label.startsWith('embedded') ? 'embedded' : 'external' }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const cookies: Record<string, string> = {};
  for (const u of new Set(STEPS.map((s) => s[0]))) {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'xietong2026' }) });
    cookies[u] = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
  const procId = (await (await fetch(`${base}/api/agencies`, { headers: { cookie: cookies['cy-police-handler']! } })).json() as { items: { id: string; name: string }[] }).items.find((a) => a.name === '长春市朝阳区人民检察院')!.id;
  const post = (u: string, p: string, body: unknown) => fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies[u]! }, body: JSON.stringify(body) });

  // baseline: an authenticated GET through the same stack
  const base_ms: number[] = [];
  await pool(Array.from({ length: INSTANCES * STEPS.length }), CONCURRENCY, async () => {
    const t = performance.now();
    await fetch(`${base}/api/me`, { headers: { cookie: cookies['cy-police-handler']! } });
    base_ms.push(performance.now() - t);
  });

  const ids: string[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const c = await (await post('cy-police-handler', '/api/cases', caseBody({ title: `基准测试案件${i}`, charges: ['theft'] }))).json() as { id: string };
    const inst = await (await post('cy-police-handler', `/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId })).json() as { id: string };
    ids.push(inst.id);
  }
  const lat: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  // each worker drives whole instances in order; workers run in parallel
  await pool(ids, CONCURRENCY, async (id) => {
    for (const [u, action, input] of STEPS) {
      const t = performance.now();
      const r = await post(u, `/api/process-instances/${id}/actions`, { action, input, ...(action === 'submit' ? OVERRIDE : {}) });
      lat.push(performance.now() - t);
      if (r.status !== 200) {
        if (errors++ === 0) console.error(`${action}: ${r.status} ${await r.text()}`);
      } else await r.arrayBuffer();
    }
  });
  const secs = (performance.now() - t0) / 1000;
  await app.close();
  await database.close();
  const tps = lat.length / secs;
  const baseTps = base_ms.length / (base_ms.reduce((a, b) => a + b, 0) / 1000 / CONCURRENCY);
  return [
    [label, 'transitions/s', tps.toFixed(1), `${(tps / baseTps).toFixed(3)} × GET /api/me rate (${baseTps.toFixed(0)}/s)`],
    [label, 'transition p50 ms', pct(lat, 50).toFixed(1), `${(pct(lat, 50) / pct(base_ms, 50)).toFixed(2)} × GET /api/me p50 (${pct(base_ms, 50).toFixed(1)} ms)`],
    [label, 'transition p99 ms', pct(lat, 99).toFixed(1), `${(pct(lat, 99) / pct(base_ms, 99)).toFixed(2)} × GET /api/me p99 (${pct(base_ms, 99).toFixed(1)} ms)`],
    [label, 'errors', String(errors), `${lat.length} transitions, concurrency ${CONCURRENCY}`],
  ];
}

export async function main(): Promise<string[][]> {
  const rows: string[][] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bench-'));
  fs.chmodSync(dir, 0o755);
  // BENCH_DB=external: only the machine's PostgreSQL (skips starting the embedded one)
  if (process.env.BENCH_DB !== 'external') {
    const h = await startEmbedded({ dataDir: dir });
    try {
      rows.push(...(await benchProcesses(embeddedUrl(h.meta), 'embedded PG 18')));
    } finally {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const ext = await externalUrl('xt_bench');
  if (ext) {
    try {
      rows.push(...(await benchProcesses(ext, 'external PG')));
    } finally {
      await dropExternal(ext);
    }
  } else rows.push(['external PG', 'skipped', '-', 'no PostgreSQL at BENCH_DATABASE_URL / 127.0.0.1:5432']);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await main();
  console.log('\nProcess engine (issue #3)');
  for (const r of rows) console.log(r.map((c, i) => (i < 2 ? c.padEnd(20) : c)).join('  '));
  if (rows.some((r) => r[1] === 'errors' && r[2] !== '0')) {
    console.error('some transitions failed: the figures above are not valid');
    process.exit(1);
  }
}
