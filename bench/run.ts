/**
 * `npm run bench`: every benchmark, one after another, each printing its figures as
 * ratios to a baseline measured in the same run (never absolute thresholds in tests).
 *   processes.bench.ts — transitions/s, p50/p99 (embedded and external PostgreSQL)
 *   upload.bench.ts    — upload MB/s vs a raw write of the same bytes to the same disk
 *   ledger.bench.ts    — append entries/s, inclusion-proof latency at 1M and 10M leaves
 *   restart.bench.ts   — kill -9 under load, three rounds: acknowledged writes kept once, restart time vs a clean restart
 *   reads.bench.ts     — inbox (all boxes), flow statistics, case search at 200k synthetic cases
 * Pass names to run a subset: `npm run bench -- processes upload`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const all = ['processes', 'upload', 'ledger', 'restart', 'reads'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = false;
for (const name of wanted) {
  const file = path.join(dir, `${name}.bench.ts`);
  if (!fs.existsSync(file)) {
    console.error(`no benchmark ${name}`);
    failed = true;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', cwd: path.resolve(dir, '..') });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
