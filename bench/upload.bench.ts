/**
 * Upload benchmark (issue #4): throughput of a document upload through the real HTTP path
 * (multipart parse → type check → SM3 + SHA-256 → temp file → fsync → rename → rows + audit
 * + ledger entry), as a ratio to its limit measured in the same run: the smaller of a raw write
 * of the same bytes to the same disk (write + fsync) and single-stream SM3 over the same bytes
 * (Node's SM3 runs on one core; the upload must hash every byte with it). The server's RSS is
 * sampled during each upload: growth above the level before it must stay bounded (streaming).
 *
 *   npx tsx bench/upload.bench.ts                      # embedded PostgreSQL in a temp dir
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/upload.bench.ts
 *   BENCH_UPLOAD_MB=512 BENCH_ROUNDS=3                 # the defaults (--quick: 128 MB, 1 round)
 *   BENCH_DIR=/path/on/the/disk/to/test               # default: os.tmpdir()
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createAgency } from '../packages/server/src/agencies/create-agency';
import { buildApp } from '../packages/server/src/app';
import { loadConfig } from '../packages/server/src/config';
import { createDatabase } from '../packages/server/src/db/database';
import { embeddedUrl, startEmbedded } from '../packages/server/src/db/embedded';
import { migrate } from '../packages/server/src/db/migrate';
import { createUser } from '../packages/server/src/users/create-user';
import { QUICK, round, writeFragment } from './common';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? (QUICK ? 128 : 512));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const CHUNK = crypto.randomBytes(256 * 1024);
const SYSTEM = { actor: null, ip: null, userAgent: 'bench' };

/** The same byte stream for both measurements: '%PDF-1.4\n' then a repeated random chunk. */
function* body(bytes: number): Generator<Buffer> {
  yield Buffer.from('%PDF-1.4\n');
  let left = bytes - 9;
  while (left > 0) {
    const n = Math.min(left, CHUNK.length);
    yield n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n);
    left -= n;
  }
}

async function rawWrite(dir: string, bytes: number): Promise<number> {
  const file = path.join(dir, `raw-${crypto.randomBytes(4).toString('hex')}`);
  const t0 = process.hrtime.bigint();
  const fh = await fs.promises.open(file, 'wx');
  for (const b of body(bytes)) await fh.write(b);
  await fh.sync();
  await fh.close();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await fs.promises.rm(file);
  return s;
}

/** Single-stream SM3 over the same bytes: the hashing ceiling of one upload. */
function sm3Seconds(bytes: number): number {
  const t0 = process.hrtime.bigint();
  const h = crypto.createHash('sm3');
  for (const b of body(bytes)) h.update(b);
  h.digest();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function upload(url: string, cookie: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const boundary = `----xtbench${crypto.randomBytes(6).toString('hex')}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const t0 = process.hrtime.bigint();
    const req = http.request(url, {
      method: 'POST', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + bytes + tail.length) },
    }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 201 ? resolve(Number(process.hrtime.bigint() - t0) / 1e9) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    const gen = body(bytes);
    req.write(head);
    const pump = () => {
      for (;;) {
        const next = gen.next();
        if (next.done) return void req.end(tail);
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'xt-upload-bench-'));
  fs.chmodSync(dir, 0o755);
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
  let stop: (() => Promise<void>) | null = null;
  if (!adminUrl) {
    const h = await startEmbedded({ dataDir: path.join(dir, 'pg') });
    adminUrl = embeddedUrl(h.meta, 'postgres');
    stop = h.stop;
  }
  const dbName = `xt_upload_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  await migrate(u.toString());
  const database = createDatabase(u.toString(), { max: 5 });
  const app = await buildApp({ database, config: { ...loadConfig({}), dataDir: path.join(dir, 'data'), logLevel: 'silent' }, dbKind: 'external' }, { logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const agency = await createAgency(database.db, SYSTEM, { parentId: null, type: 'police', level: 'district', regionCode: '220104', name: '基准测试公安分局', shortName: '测公', unitCode: '220104000000' });
    const password = `pw${crypto.randomBytes(8).toString('hex')}1`;
    await createUser(database.db, SYSTEM, { username: 'bench', displayName: '基准', agencyId: agency.id, roles: ['handler'], password });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password } });
    const cookie = `xt_session=${login.cookies.find((c) => c.name === 'xt_session')!.value}`;
    const created = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: {
      title: '上传基准测试案', occurredAt: '2025-03-01T22:30:00+08:00', regionCode: '220104', charges: ['dangerous_driving'], persons: [],
    } });
    if (created.statusCode !== 201) throw new Error(created.body);
    const url = `${base}/api/cases/${created.json().id}/documents?docType=scan&title=bench`;
    const bytes = SIZE_MB * MB;
    await upload(url, cookie, 16 * MB); // warm-up
    const raw: number[] = [];
    const sm3: number[] = [];
    const up: number[] = [];
    let rssGrowth = 0;
    for (let i = 0; i < ROUNDS; i++) {
      raw.push(await rawWrite(dir, bytes));
      sm3.push(sm3Seconds(bytes));
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 25);
      try {
        up.push(await upload(url, cookie, bytes));
      } finally {
        clearInterval(sampler);
      }
      rssGrowth = Math.max(rssGrowth, (peak - before) / MB);
      console.error(`  round ${i + 1}: raw ${(SIZE_MB / raw[i]!).toFixed(0)} MB/s, SM3 ${(SIZE_MB / sm3[i]!).toFixed(0)} MB/s, upload ${(SIZE_MB / up[i]!).toFixed(0)} MB/s, RSS +${((peak - before) / MB).toFixed(0)} MB`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const rawMBs = SIZE_MB / median(raw);
    const sm3MBs = SIZE_MB / median(sm3);
    const upMBs = SIZE_MB / median(up);
    const limit = Math.min(rawMBs, sm3MBs);
    console.log(`| measure | ${SIZE_MB} MB, median of ${ROUNDS} |\n| --- | --- |`);
    console.log(`| raw write + fsync, same disk | ${rawMBs.toFixed(0)} MB/s |`);
    console.log(`| single-stream SM3, same bytes | ${sm3MBs.toFixed(0)} MB/s |`);
    console.log(`| upload (HTTP multipart → SM3+SHA-256 → blob store → rows, audit, ledger) | ${upMBs.toFixed(0)} MB/s |`);
    console.log(`| ratio upload / min(raw, SM3) | ${(upMBs / limit).toFixed(2)} |`);
    console.log(`| RSS growth during an upload (max over rounds) | ${rssGrowth.toFixed(0)} MB |`);
    writeFragment({ upload: { sizeMb: SIZE_MB, rounds: ROUNDS, MBps: round(upMBs, 1), rawMBps: round(rawMBs, 1), sm3MBps: round(sm3MBs, 1), limitMBps: round(limit, 1), ratio: round(upMBs / limit, 3), rssGrowthMb: round(rssGrowth, 1) } });
  } finally {
    await app.close();
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await stop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
