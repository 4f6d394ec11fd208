/**
 * Process engine benchmark (issues 3, 13): transitions per second and p50/p99 latency of
 * POST /api/process-instances/:id/actions over real HTTP at concurrency 8 and 32, on the embedded
 * PostgreSQL and (when reachable) the machine's external PostgreSQL. The app runs in its own
 * process (bench/bench-server.ts); this process is only the load client, warmed up before timing.
 *
 *   npx tsx bench/processes.bench.ts            (or: npm run bench -- processes [--quick])
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres …   # external server to use
 *   BENCH_DB=external | embedded                                        # only one of them
 *   BENCH_INSTANCES=60 BENCH_PGBENCH_SECONDS=15 …
 *
 * The baseline is the database's own limit, measured on the same server in the same run:
 * pgbench TPC-B (its default script: 3 UPDATEs, 1 INSERT, 1 SELECT per transaction) at the same
 * concurrency. GET /api/me (session lookup through the same HTTP stack) is given beside it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { login, pct, pgbenchTps, QUICK, round, startBenchServer, writeFragment } from './common';
import { dropExternal, externalUrl } from './external-db';
import { embeddedUrl, startEmbedded } from '../packages/server/src/db/embedded';
import { caseBody } from '../packages/server/src/test/case-body';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? (QUICK ? 40 : 120));
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? (QUICK ? 10 : 30));
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

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]!); }));
}

type TLoad = { tps: number; p50Ms: number; p99Ms: number; transitions: number; errors: number };
export type TServerFigures = { server: string; c8: TLoad & { pgbenchTps: number; ratio: number; meTps: number }; c32: TLoad };

export async function benchProcesses(url: string, label: string): Promise<TServerFigures> {
  const server = await startBenchServer(url);
  try {
    const { base } = server;
    const cookies: Record<string, string> = {};
    for (const u of new Set(STEPS.map((s) => s[0]))) cookies[u] = await login(base, u);
    const procId = (await (await fetch(`${base}/api/agencies`, { headers: { cookie: cookies['cy-police-handler']! } })).json() as { items: { id: string; name: string }[] }).items.find((a) => a.name === '长春市朝阳区人民检察院')!.id;
    const post = (u: string, p: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies[u]!, ...headers }, body: JSON.stringify(body) });
    const makeInstances = async (n: number): Promise<string[]> => {
      const ids: string[] = [];
      await pool(Array.from({ length: n }, (_, i) => i), 4, async (i) => {
        const c = await (await post('cy-police-handler', '/api/cases', caseBody({ title: `基准测试案件${i}`, charges: ['theft'] }))).json() as { id: string };
        const inst = await (await post('cy-police-handler', `/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId })).json() as { id: string };
        ids.push(inst.id);
      });
      return ids;
    };
    const drive = async (ids: string[], concurrency: number): Promise<TLoad> => {
      const lat: number[] = [];
      let errors = 0;
      const t0 = performance.now();
      // each worker drives whole instances in order; workers run in parallel
      await pool(ids, concurrency, async (id) => {
        for (const [u, action, input] of STEPS) {
          const t = performance.now();
          // with an Idempotency-Key, as the web client sends every action (web/src/processes/use-processes.ts)
          const r = await post(u, `/api/process-instances/${id}/actions`, { action, input, ...(action === 'submit' ? OVERRIDE : {}) }, { 'idempotency-key': randomUUID() });
          const body = await r.text();
          lat.push(performance.now() - t);
          if (r.status !== 200 && errors++ === 0) console.error(`${action}: ${r.status} ${body}`);
        }
      });
      const secs = (performance.now() - t0) / 1000;
      return { tps: round(lat.length / secs, 1), p50Ms: round(pct(lat, 50)), p99Ms: round(pct(lat, 99)), transitions: lat.length, errors };
    };
    // warm-up: JIT, pools, caches, plans — not timed
    await drive(await makeInstances(8), 8);
    const meLat: number[] = [];
    const tMe = performance.now();
    await pool(Array.from({ length: INSTANCES * 4 }), 8, async () => {
      const t = performance.now();
      await (await fetch(`${base}/api/me`, { headers: { cookie: cookies['cy-police-handler']! } })).arrayBuffer();
      meLat.push(performance.now() - t);
    });
    const meTps = meLat.length / ((performance.now() - tMe) / 1000);
    const c8Ids = await makeInstances(INSTANCES);
    console.error(`  ${label}: driving ${INSTANCES} instances at c8 …`);
    const c8 = await drive(c8Ids, 8);
    const c32Ids = await makeInstances(Math.max(INSTANCES, 64));
    console.error(`  ${label}: driving ${c32Ids.length} instances at c32 …`);
    const c32 = await drive(c32Ids, 32);
    await server.stop();
    console.error(`  ${label}: pgbench TPC-B c8 for ${PGBENCH_SECONDS} s …`);
    const pgb = await pgbenchTps(url, 8, PGBENCH_SECONDS);
    return { server: label, c8: { ...c8, pgbenchTps: round(pgb, 1), ratio: round(c8.tps / pgb, 3), meTps: round(meTps, 1) }, c32 };
  } finally {
    await server.stop();
  }
}

export async function main(): Promise<TServerFigures[]> {
  const out: TServerFigures[] = [];
  if (process.env.BENCH_DB !== 'external') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bench-'));
    fs.chmodSync(dir, 0o755);
    const h = await startEmbedded({ dataDir: dir });
    try {
      out.push(await benchProcesses(embeddedUrl(h.meta), 'embedded PG'));
    } finally {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (process.env.BENCH_DB !== 'embedded') {
    const ext = await externalUrl('xt_bench');
    if (ext) {
      try {
        out.push(await benchProcesses(ext, 'external PG'));
      } finally {
        await dropExternal(ext);
      }
    } else console.error('external PG skipped: no PostgreSQL at BENCH_DATABASE_URL / 127.0.0.1:5432');
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await main();
  console.log('\nTransitions (HTTP, app in its own process, load client warmed up)');
  for (const f of figures) {
    console.log(`${f.server.padEnd(16)} c8: ${f.c8.tps}/s p50 ${f.c8.p50Ms} ms p99 ${f.c8.p99Ms} ms = ${f.c8.ratio} × pgbench TPC-B c8 (${f.c8.pgbenchTps} tps); GET /api/me ${f.c8.meTps}/s`);
    console.log(`${''.padEnd(16)} c32: ${f.c32.tps}/s p50 ${f.c32.p50Ms} ms p99 ${f.c32.p99Ms} ms; errors ${f.c8.errors + f.c32.errors}`);
  }
  // the headline figures: the external server when there is one (closest to production), else embedded
  const head = figures.find((f) => f.server.startsWith('external')) ?? figures[0];
  writeFragment({ transitions: head ? { server: head.server, c8: head.c8, c32: head.c32 } : {}, transitionsByServer: figures });
  if (figures.some((f) => f.c8.errors + f.c32.errors > 0)) {
    console.error('some transitions failed: the figures above are not valid');
    process.exit(1);
  }
}
