/**
 * Ledger benchmark (issue #5): append throughput and proof latency from stored nodes.
 *
 *   npx tsx bench/ledger.bench.ts            # embedded PostgreSQL in a temp dir
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/ledger.bench.ts   # or TEST_DATABASE_URL
 *   BENCH_SIZES=1000000,10000000 BENCH_APPENDS=1000 …                # the defaults
 *   --quick (BENCH_QUICK=1): the 10M tree only, 200 appends, 300 proof samples
 *
 * Absolute numbers depend on the machine, so each figure is also given as a ratio to a
 * baseline measured in the same run on the same database: a plain one-row INSERT
 * transaction for appends, a one-row SELECT by primary key for proofs.
 *
 * Proofs are read as the platform serves them (createProofNodeReader: levels >= 10 cached in
 * memory as proofs touch them, the rest in one prepared query); samples start with a cold cache.
 *
 * Appends go through the real code (writeAudit → audit row + ledger entry in one
 * transaction, then integrateLedger). The 1M / 10M-leaf trees are generated in bulk by SQL
 * (leaf hashes = sha256(i), every perfect node = sha256(0x01 || left || right), i.e. a valid
 * RFC 9162 SHA-256 tree) because writing 10M rows through the application would take an
 * hour; proof latency only depends on the stored nodes. The hash does not change read cost,
 * and PostgreSQL has SHA-256 but not SM3 built in, so the bulk trees use SHA-256.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  appendLeaves, consistencyProof, EMPTY_FRONTIER, frontierRoot, inclusionProof, rootAt, toHex, verifyInclusion, type TFrontier,
} from '@xietong/core/ledger';
import { sql } from 'kysely';
import pg from 'pg';
import { writeAudit } from '../packages/server/src/audit/write-audit';
import { createDatabase } from '../packages/server/src/db/database';
import { embeddedUrl, startEmbedded } from '../packages/server/src/db/embedded';
import { migrate } from '../packages/server/src/db/migrate';
import { integrateLedger } from '../packages/server/src/ledger/integrate';
import { createNodeReader, createProofNodeReader } from '../packages/server/src/ledger/node-reader';
import { QUICK, round, writeFragment } from './common';

const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? '10000000' : '1000000,10000000')).split(',').map(Number);
const APPENDS = Number(process.env.BENCH_APPENDS ?? (QUICK ? 200 : 1000));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 300 : 1000));
const figures: Record<string, number> = {};
const SYSTEM = { actor: null, ip: null, userAgent: 'bench' };

const rows: string[][] = [];
function row(...cells: (string | number)[]): void {
  rows.push(cells.map(String));
  console.error(`  ${cells.join('  ')}`);
}
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (x: number, d = 2) => x.toFixed(d);

async function main(): Promise<void> {
  const started = Date.now();
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
  let stop: (() => Promise<void>) | null = null;
  let tmp: string | null = null;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bench-'));
    fs.chmodSync(tmp, 0o755); // initdb may run as another user when we are root
    const h = await startEmbedded({ dataDir: tmp });
    adminUrl = embeddedUrl(h.meta, 'postgres');
    stop = h.stop;
  }
  const name = `xt_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = createDatabase(url, { max: 8 });
  const db = database.db;
  try {
    await migrate(url);
    console.error(`database ${name}: ${(await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0]!.v.split(',')[0]}`);

    // ---- appends ---------------------------------------------------------------------------
    console.error('appends (SM3 log):');
    await sql`CREATE TABLE bench_plain (id bigserial PRIMARY KEY, action text, details jsonb, at timestamptz DEFAULT clock_timestamp())`.execute(db);
    await writeAudit(db, SYSTEM, { action: 'auth.login_failed', username: 'genesis' }); // genesis outside the timing
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < APPENDS; i++) {
      await db.transaction().execute((tx) => sql`INSERT INTO bench_plain (action, details) VALUES ('auth.login_failed', ${JSON.stringify({ i })})`.execute(tx));
    }
    const plainRate = APPENDS / (ms(t0) / 1000);
    row('append', 'baseline: plain 1-row INSERT, 1 per tx', `${fmt(plainRate, 0)} rows/s`, '1.00');
    t0 = process.hrtime.bigint();
    for (let i = 0; i < APPENDS; i++) await writeAudit(db, SYSTEM, { action: 'auth.login_failed', username: `u${i}`, details: { i } });
    const singleRate = APPENDS / (ms(t0) / 1000);
    row('append', 'audit row + ledger entry, 1 per tx', `${fmt(singleRate, 0)} entries/s`, fmt(singleRate / plainRate));
    figures.appendPerSec = round(singleRate, 0);
    const batched = APPENDS * 10;
    t0 = process.hrtime.bigint();
    for (let b = 0; b < batched / 100; b++) {
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < 100; i++) await writeAudit(tx, SYSTEM, { action: 'auth.login_failed', username: `b${b}`, details: { i } });
      });
    }
    const batchRate = batched / (ms(t0) / 1000);
    row('append', 'audit row + ledger entry, 100 per tx', `${fmt(batchRate, 0)} entries/s`, fmt(batchRate / plainRate));
    t0 = process.hrtime.bigint();
    const { integrated } = await integrateLedger(db, { batchSize: 5000 });
    const integrateRate = integrated / (ms(t0) / 1000);
    row('append', `integrator (leaf indexes + nodes), ${integrated} entries`, `${fmt(integrateRate, 0)} leaves/s`, fmt(integrateRate / plainRate));

    // ---- proofs at 1M / 10M leaves ---------------------------------------------------------
    for (const n of SIZES) {
      console.error(`tree of ${n.toLocaleString('en')} leaves:`);
      await sql`TRUNCATE ledger_nodes`.execute(db);
      t0 = process.hrtime.bigint();
      await buildTree(db, n);
      const buildS = ms(t0) / 1000;
      const reader = createNodeReader(db);
      const root = await rootAt(reader, 'sha256', n);
      if (n <= 2_000_000) {
        // check the SQL-built tree against core's append code
        let f: TFrontier = EMPTY_FRONTIER;
        for (let i = 0; i < n; i += 65536) {
          const leaves = [];
          for (let j = i; j < Math.min(n, i + 65536); j++) leaves.push(new Uint8Array(crypto.createHash('sha256').update(int8(j)).digest()));
          f = appendLeaves(f, leaves, 'sha256').frontier;
        }
        if (toHex(frontierRoot('sha256', f)) !== toHex(root)) throw new Error('bulk tree root differs from core appendLeaves');
      }
      // proofs as the platform serves them (get-inclusion-proof.ts): upper levels cached in memory,
      // the rest in one prepared query; a pool of its own, so no cache outlives its tree
      const proofDatabase = createDatabase(url, { max: 2 });
      const proofReader = createProofNodeReader(proofDatabase.db);
      const base: number[] = [];
      const incl: number[] = [];
      const cons: number[] = [];
      let lens = 0;
      for (let s = 0; s < SAMPLES; s++) {
        const leaf = Math.floor(Math.random() * n);
        let t = process.hrtime.bigint();
        await sql`SELECT hash FROM ledger_nodes WHERE level = 0 AND idx = ${leaf}`.execute(db);
        base.push(ms(t));
        t = process.hrtime.bigint();
        const proof = await inclusionProof(proofReader, 'sha256', leaf, n);
        incl.push(ms(t));
        lens += proof.length;
        if (s < 50) {
          const [leafHash] = await reader.getNodes([{ level: 0, index: leaf }]);
          if (!verifyInclusion('sha256', leaf, n, leafHash!, proof, root)) throw new Error(`proof for leaf ${leaf} does not verify`);
        }
        const m = 1 + Math.floor(Math.random() * (n - 1));
        t = process.hrtime.bigint();
        await consistencyProof(proofReader, 'sha256', m, n);
        cons.push(ms(t));
      }
      await proofDatabase.close();
      const b50 = pct(base, 50);
      row(`${n / 1e6}M`, `build nodes in SQL (${(await count(db)).toLocaleString('en')} rows)`, `${fmt(buildS, 1)} s`, '');
      row(`${n / 1e6}M`, 'baseline: 1-row SELECT by PK, p50 / p95', `${fmt(b50, 3)} / ${fmt(pct(base, 95), 3)} ms`, '1.00');
      row(`${n / 1e6}M`, `inclusion proof (${fmt(lens / SAMPLES, 1)} hashes, 1 query + cache), p50 / p95`, `${fmt(pct(incl, 50), 3)} / ${fmt(pct(incl, 95), 3)} ms`, fmt(pct(incl, 50) / b50));
      figures[`proofP50Ms${n / 1e6}M`] = round(pct(incl, 50), 3);
      figures[`proofP95Ms${n / 1e6}M`] = round(pct(incl, 95), 3);
      row(`${n / 1e6}M`, 'consistency proof (1 query + cache), p50 / p95', `${fmt(pct(cons, 50), 3)} / ${fmt(pct(cons, 95), 3)} ms`, fmt(pct(cons, 50) / b50));
    }
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await stop?.();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  const widths = [0, 1, 2, 3].map((c) => Math.max(...[['size', 'what', 'figure', 'ratio'], ...rows].map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(['size', 'what', 'figure', 'ratio']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s total, ${os.cpus().length} CPUs, node ${process.version})`);
  writeFragment({ ledger: figures });
}

function int8(i: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(i));
  return b;
}

async function count(db: ReturnType<typeof createDatabase>['db']): Promise<number> {
  return Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_nodes`.execute(db)).rows[0]!.n);
}

/**
 * Every perfect node of the tree over leaves sha256(int8(i)), i < n. Bulk path for a bench
 * database only: ledger_nodes is made UNLOGGED and its primary key is rebuilt once at the end;
 * each level is computed from the previous one in its own scratch table (one sort per level).
 */
async function buildTree(db: ReturnType<typeof createDatabase>['db'], n: number): Promise<void> {
  await db.connection().execute(async (c) => {
    await sql`SET synchronous_commit = off`.execute(c);
    await sql`SET work_mem = '512MB'`.execute(c);
    await sql`SET maintenance_work_mem = '1GB'`.execute(c);
    await sql`ALTER TABLE ledger_nodes SET UNLOGGED`.execute(c);
    await sql`ALTER TABLE ledger_nodes DROP CONSTRAINT IF EXISTS ledger_nodes_pkey`.execute(c);
    await sql`DROP TABLE IF EXISTS bench_level`.execute(c);
    await sql`CREATE UNLOGGED TABLE bench_level AS
      SELECT i AS idx, sha256(int8send(i)) AS hash FROM generate_series(0::bigint, ${n - 1}::bigint) AS i`.execute(c);
    await sql`INSERT INTO ledger_nodes (level, idx, hash) SELECT 0, idx, hash FROM bench_level`.execute(c);
    for (let level = 1; 2 ** level <= n; level++) {
      await sql`CREATE UNLOGGED TABLE bench_next AS
        SELECT idx / 2 AS idx, sha256('\x01'::bytea || hash || nxt) AS hash
        FROM (SELECT idx, hash, lead(hash) OVER (ORDER BY idx) AS nxt FROM bench_level) s
        WHERE idx % 2 = 0 AND nxt IS NOT NULL`.execute(c);
      await sql`DROP TABLE bench_level`.execute(c);
      await sql`ALTER TABLE bench_next RENAME TO bench_level`.execute(c);
      await sql`INSERT INTO ledger_nodes (level, idx, hash) SELECT ${level}, idx, hash FROM bench_level`.execute(c);
    }
    await sql`DROP TABLE bench_level`.execute(c);
    await sql`ALTER TABLE ledger_nodes ADD PRIMARY KEY (level, idx)`.execute(c);
    await sql`ANALYZE ledger_nodes`.execute(c);
  });
}

await main();
