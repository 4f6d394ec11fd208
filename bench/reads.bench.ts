/**
 * Read side at scale (issue 13): `GET /api/inbox` (every box), `GET /api/stats/flows` and
 * `GET /api/cases?q=` with BENCH_CASES synthetic cases (default 1,000,000; 50,000 with --quick)
 * loaded by SQL (`bench/synthetic.ts`), on the machine's external PostgreSQL (BENCH_DATABASE_URL).
 * The app runs in its own process (bench/bench-server.ts); this process is the client.
 *
 *   npx tsx bench/reads.bench.ts
 *   BENCH_CASES=20000 BENCH_READS=60 npx tsx bench/reads.bench.ts
 *   BENCH_KEEP_DB=1 …   keep the loaded database (its URL is printed) for EXPLAIN work
 *
 * Each endpoint is called BENCH_READS times in sequence after a warm-up; p50/p95 are given as a
 * ratio to two baselines measured in the same run: a 1-row primary-key SELECT on `cases`
 * through node-postgres, and GET /api/me (session lookup through the same HTTP stack).
 */
import pg from 'pg';
import { login, pct, QUICK, startBenchServer, writeFragment } from './common';
import { dropExternal, externalUrl } from './external-db';
import { createDatabase } from '../packages/server/src/db/database';
import { migrate } from '../packages/server/src/db/migrate';
import { seedDemo } from '../packages/server/src/demo/seed-demo';
import { loadSynthetic } from './synthetic';

const CASES = Number(process.env.BENCH_CASES ?? (QUICK ? 50_000 : 1_000_000));
const READS = Number(process.env.BENCH_READS ?? (QUICK ? 40 : 100));

async function time(n: number, fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(10, n); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchReads(url: string, label: string): Promise<{ rows: string[][]; json: Record<string, number> }> {
  await migrate(url);
  const database = createDatabase(url, { max: 2 });
  await seedDemo(database.db);
  await database.close();
  // BENCH_REUSE_DB=<url>: measure a database loaded (and kept) by an earlier run
  const { seconds } = process.env.BENCH_REUSE_DB ? { seconds: 0 } : await loadSynthetic(url, CASES);
  const server = await startBenchServer(url);
  try {
    return await measure(url, server.base, seconds, label);
  } finally {
    // also when a read fails: no server process is left behind
    await server.stop();
  }
}

async function measure(url: string, base: string, seconds: number, label: string): Promise<{ rows: string[][]; json: Record<string, number> }> {
  const cookies: Record<string, string> = {};
  for (const u of ['cy-police-handler', 'cy-proc-handler', 'cy-proc-clerk', 'cc-proc-supervisor', 'cc-plc-supervisor']) cookies[u] = await login(base, u);
  const get = async (u: string, p: string) => {
    const r = await fetch(`${base}${p}`, { headers: { cookie: cookies[u]! } });
    if (r.status !== 200) throw new Error(`GET ${p} as ${u}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const ids = (await c.query<{ id: string }>('SELECT id FROM cases ORDER BY random() LIMIT 200')).rows.map((r) => r.id);
  let k = 0;
  const pk = await time(READS * 3, async () => { await c.query({ name: 'pk', text: 'SELECT id, title, stage FROM cases WHERE id = $1', values: [ids[k++ % ids.length]] }); });
  await c.end();
  const me = await time(READS * 3, () => get('cy-police-handler', '/api/me'));

  const cases: [string, string, string, string][] = [
    ['inbox', 'cy-proc-handler', '/api/inbox', 'GET /api/inbox (待办)'],
    ['inboxDone', 'cy-proc-clerk', '/api/inbox?box=done', 'GET /api/inbox?box=done'],
    ['inboxSent', 'cy-police-handler', '/api/inbox?box=sent', 'GET /api/inbox?box=sent'],
    ['inboxDue', 'cy-police-handler', '/api/inbox?box=due', 'GET /api/inbox?box=due'],
    ['caseSearch', 'cy-police-handler', `/api/cases?q=${encodeURIComponent('张')}`, 'GET /api/cases?q=张'],
    ['caseSearchRare', 'cy-police-handler', `/api/cases?q=${encodeURIComponent('合成12345')}`, 'GET /api/cases?q=合成12345'],
    // a charge's common name: the cases charged with 危险驾驶 (the synthetic province has 200k), within the caller's scope (0053)
    ['caseSearchCharge', 'cy-proc-handler', `/api/cases?q=${encodeURIComponent('醉驾')}`, 'GET /api/cases?q=醉驾'],
    ['stats', 'cy-police-handler', '/api/stats/flows', 'GET /api/stats/flows (agency)'],
    ['statsWide', 'cc-proc-supervisor', '/api/stats/flows', 'GET /api/stats/flows (supervisor)'],
    ['supervision', 'cc-plc-supervisor', '/api/supervision/deadlines?status=overdue', 'GET /api/supervision/deadlines (政法委, 超期)'],
  ];
  const json: Record<string, number> = { cases: CASES, loadSeconds: seconds, pkP50Ms: pct(pk, 50), meP50Ms: pct(me, 50) };
  const rows: string[][] = [
    [label, `synthetic load`, `${seconds.toFixed(1)} s`, `${CASES} cases`],
    [label, '1-row PK SELECT', `p50 ${pct(pk, 50).toFixed(2)} ms`, `p95 ${pct(pk, 95).toFixed(2)} ms`],
    [label, 'GET /api/me', `p50 ${pct(me, 50).toFixed(2)} ms`, `p95 ${pct(me, 95).toFixed(2)} ms`],
  ];
  for (const [key, user, p, name] of cases) {
    const ms = await time(READS, () => get(user, p));
    json[`${key}.p50Ms`] = pct(ms, 50);
    json[`${key}.p95Ms`] = pct(ms, 95);
    rows.push([label, name, `p50 ${pct(ms, 50).toFixed(1)} ms  p95 ${pct(ms, 95).toFixed(1)} ms`,
      `${(pct(ms, 50) / pct(pk, 50)).toFixed(1)} × PK select, ${(pct(ms, 50) / pct(me, 50)).toFixed(1)} × GET /api/me (p50)`]);
  }
  return { rows, json };
}

export async function main(): Promise<{ rows: string[][]; json: Record<string, number> }> {
  if (process.env.BENCH_REUSE_DB) return benchReads(process.env.BENCH_REUSE_DB, 'external PG (reused)');
  const ext = await externalUrl('xt_reads');
  if (!ext) return { rows: [['external PG', 'skipped', '-', 'no PostgreSQL at BENCH_DATABASE_URL / 127.0.0.1:5432']], json: {} };
  try {
    return await benchReads(ext, 'external PG');
  } finally {
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${ext}`);
    else await dropExternal(ext);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, json } = await main();
  console.log(`\nReads at scale (issue 13), ${READS} sequential calls each after warm-up`);
  for (const r of rows) console.log(r.map((c, i) => (i < 2 ? c.padEnd(34) : c)).join('  '));
  const nested: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    const [a, b] = k.split('.');
    if (b) nested[a!] = { ...(nested[a!] as object | undefined), [b]: Math.round(v * 100) / 100 };
    else nested[a!] = v;
  }
  writeFragment({ reads: nested });
}
