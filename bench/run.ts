/**
 * `npm run bench [-- --quick] [--json FILE] [names…]`: every benchmark, each in its own process
 * (the app under test runs in a further process of its own where HTTP is measured), then one
 * table of the headline figures beside their targets (issue 13) and `bench/results.json`.
 *   processes.bench.ts — transitions/s and p50/p99 at c8 and c32, pgbench TPC-B c8 on the same server
 *                        (embedded and external PostgreSQL)
 *   reads.bench.ts     — inbox (all boxes), flow statistics, case search at 1M synthetic cases (50k --quick)
 *   upload.bench.ts    — upload MB/s vs min(raw write+fsync, single-stream SM3), RSS growth
 *   ledger.bench.ts    — append entries/s, inclusion-proof latency at 1M and 10M leaves
 *   start.bench.ts     — start after a clean stop to the first 200
 *   restart.bench.ts   — kill -9 under load (not in --quick; its figures are printed, not in the JSON)
 * Figures are only comparable within one run: other processes share the CPU, so each bench
 * states its same-run baseline (pgbench, raw disk write, SM3, PK select). Never asserted by tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonAt = args.indexOf('--json');
const jsonFile = path.resolve(jsonAt >= 0 ? args[jsonAt + 1]! : path.join(dir, 'results.json'));
const names = args.filter((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));
// the benches that load millions of rows last: the database's checkpoints and autovacuum after a
// 1M-case load kept the disk busy for minutes and the upload that followed measured 0.53 of its limit
const all = quick ? ['processes', 'upload', 'start', 'ledger', 'reads'] : ['processes', 'upload', 'start', 'ledger', 'reads', 'restart'];
const wanted = names.length ? names : all;

const results: Record<string, unknown> = {};
const seconds: Record<string, number> = {};
let failed = false;
const t0 = Date.now();
for (const name of wanted) {
  const file = path.join(dir, `${name}.bench.ts`);
  if (!fs.existsSync(file)) {
    console.error(`no benchmark ${name}`);
    failed = true;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const fragment = path.join(os.tmpdir(), `xt-bench-${process.pid}-${name}.json`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    stdio: 'inherit', cwd: path.resolve(dir, '..'), env: { ...process.env, BENCH_FRAGMENT: fragment, ...(quick ? { BENCH_QUICK: '1' } : {}) },
  });
  seconds[name] = Math.round((Date.now() - started) / 1000);
  if (r.status !== 0) failed = true;
  if (fs.existsSync(fragment)) {
    Object.assign(results, JSON.parse(fs.readFileSync(fragment, 'utf8')));
    fs.rmSync(fragment);
  }
}

const get = (p: string): number | undefined => {
  let v: unknown = results;
  for (const k of p.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  return typeof v === 'number' ? v : undefined;
};
// [key, what, target, meets?]
const TABLE: [string, string, string, (x: number) => boolean][] = [
  ['transitions.c8.tps', 'transitions/s at c8 (HTTP)', '', () => true],
  ['transitions.c8.pgbenchTps', 'pgbench TPC-B c8, same server', '', () => true],
  ['transitions.c8.ratio', 'transitions c8 ÷ pgbench c8', '≥ 0.5', (x) => x >= 0.5],
  ['transitions.c32.p99Ms', 'transition p99 at c32, ms', '< 50', (x) => x < 50],
  ['reads.cases', 'synthetic cases loaded', '1,000,000', (x) => x >= 1_000_000],
  ['reads.inbox.p95Ms', 'GET /api/inbox p95, ms', '< 20', (x) => x < 20],
  ['reads.inboxDue.p95Ms', 'GET /api/inbox?box=due p95, ms', '< 20', (x) => x < 20],
  ['reads.caseSearch.p95Ms', 'GET /api/cases?q=张 p95, ms', '< 50', (x) => x < 50],
  ['reads.stats.p95Ms', 'GET /api/stats/flows p95, ms', '< 300', (x) => x < 300],
  ['reads.supervision.p95Ms', 'GET /api/supervision/deadlines p95, ms', '< 100', (x) => x < 100],
  ['upload.limitMBps', 'upload limit min(raw+fsync, SM3), MB/s', '', () => true],
  ['upload.ratio', 'upload ÷ its limit', '≥ 0.8', (x) => x >= 0.8],
  ['upload.rssGrowthMb', 'RSS growth during an upload, MB', '< 100', (x) => x < 100],
  ['ledger.proofP50Ms10M', 'inclusion proof p50 at 10M leaves, ms', '< 1', (x) => x < 1],
  ['start.coldMs', 'start to first 200, ms', '< 3000', (x) => x < 3000],
];
const rows = TABLE.map(([k, what, target, ok]) => {
  const v = get(k);
  return [k, what, v === undefined ? '—' : String(v), target, v === undefined ? 'not run' : !target ? '' : ok(v) ? 'met' : 'MISSED'];
});
const head = ['key', 'what', 'figure', 'target', ''];
const w = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
console.log(`\n${[head, w.map((n) => '-'.repeat(n)), ...rows].map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ')).join('\n')}`);
const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`(${quick ? 'quick, ' : ''}${Math.round((Date.now() - t0) / 1000)} s, ${os.cpus().length} CPUs, load average now ${load}; figures from one run on a shared machine)`);
results.meta = { at: new Date().toISOString(), quick, cpus: os.cpus().length, loadAverage: os.loadavg(), node: process.version, seconds };
fs.writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), jsonFile)}`);
process.exit(failed ? 1 : 0);
