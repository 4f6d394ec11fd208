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
 *   BENCH_UPLOAD_MB=512 BENCH_ROUNDS=5                 # the defaults (--quick: 128 MB, 1 round)
 *   BENCH_DIR=/path/on/the/disk/to/test               # default: os.tmpdir()
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedUrl, startEmbedded } from '../packages/server/src/db/embedded';
import { caseBody } from '../packages/server/src/test/case-body';
import { login, QUICK, round, startBenchServer, writeFragment } from './common';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? (QUICK ? 128 : 512));
// five rounds: on this shared VM one round in three or four runs 20–30% slow (its CPU speed drifts),
// and a median of three moved with it; each round's figures are printed
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 5));
let CHUNK = crypto.randomBytes(256 * 1024);

/**
 * The same byte stream for the three measurements of a round: '%PDF-1.4\n' then a repeated random
 * chunk, new in each round (`freshBytes`): a file already stored is not written again (the blob
 * store keeps one copy of the same bytes), so a round repeating the last one's bytes would measure
 * neither the write nor its fsync.
 */
function freshBytes(): void {
  CHUNK = crypto.randomBytes(256 * 1024);
}

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

function removeStoredBlobs(blobDir: string): void {
  for (const sub of fs.existsSync(blobDir) ? fs.readdirSync(blobDir) : []) {
    for (const f of fs.readdirSync(path.join(blobDir, sub))) {
      const file = path.join(blobDir, sub, f);
      if (fs.statSync(file).size >= MB) fs.rmSync(file, { force: true });
    }
  }
}

/** The server process's resident set (it runs alone in its own process: the client's buffers are not counted). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
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
  // the app alone in its own process (bench-server.ts), its blob store on the disk measured: the
  // client that streams the bytes runs here, as a browser or an agency system would elsewhere
  const server = await startBenchServer(u.toString(), { XIETONG_DATA_DIR: path.join(dir, 'data') });
  try {
    const cookie = await login(server.base, 'cy-police-handler');
    const created = await fetch(`${server.base}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(caseBody({ title: '上传基准测试案', charges: ['dangerous_driving'] })) });
    if (created.status !== 201) throw new Error(await created.text());
    const url = `${server.base}/api/cases/${((await created.json()) as { id: string }).id}/documents?docType=scan&title=bench`;
    const pid = server.child.pid!;
    const bytes = SIZE_MB * MB;
    await upload(url, cookie, 16 * MB); // warm-up
    const raw: number[] = [];
    const sm3: number[] = [];
    const up: number[] = [];
    let rssGrowth = 0;
    for (let i = 0; i < ROUNDS; i++) {
      freshBytes();
      raw.push(await rawWrite(dir, bytes));
      sm3.push(sm3Seconds(bytes));
      await new Promise((r) => setTimeout(r, 500));
      const before = rssOf(pid);
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, rssOf(pid)); }, 25);
      try {
        up.push(await upload(url, cookie, bytes));
      } finally {
        clearInterval(sampler);
      }
      rssGrowth = Math.max(rssGrowth, (peak - before) / MB);
      // the round's stored file is removed, as the raw write's is: each round starts on the disk as the
      // first found it (this VM's disk writes new blocks slower as files accumulate: raw 1,100 → 440 MB/s
      // by the fifth round when the uploads' files were kept)
      removeStoredBlobs(path.join(dir, 'data', 'blobs'));
      console.error(`  round ${i + 1}: raw ${(SIZE_MB / raw[i]!).toFixed(0)} MB/s, SM3 ${(SIZE_MB / sm3[i]!).toFixed(0)} MB/s, upload ${(SIZE_MB / up[i]!).toFixed(0)} MB/s, server RSS +${((peak - before) / MB).toFixed(0)} MB`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const rawMBs = SIZE_MB / median(raw);
    const sm3MBs = SIZE_MB / median(sm3);
    const upMBs = SIZE_MB / median(up);
    const limit = Math.min(rawMBs, sm3MBs);
    // the ratio is taken per round (each upload beside the raw write and SM3 measured just before it),
    // then the median: this virtual machine's CPU speed drifts between rounds (SM3 156–258 MB/s in one run)
    const ratio = median(up.map((t, i) => SIZE_MB / t / Math.min(SIZE_MB / raw[i]!, SIZE_MB / sm3[i]!)));
    console.log(`| measure | ${SIZE_MB} MB, median of ${ROUNDS} |\n| --- | --- |`);
    console.log(`| raw write + fsync, same disk | ${rawMBs.toFixed(0)} MB/s |`);
    console.log(`| single-stream SM3, same bytes | ${sm3MBs.toFixed(0)} MB/s |`);
    console.log(`| upload (HTTP multipart → SM3+SHA-256 → blob store → rows, audit, ledger; server in its own process) | ${upMBs.toFixed(0)} MB/s |`);
    console.log(`| ratio upload / min(raw, SM3), median of the rounds' ratios | ${ratio.toFixed(2)} |`);
    console.log(`| server RSS growth during an upload (max over rounds) | ${rssGrowth.toFixed(0)} MB |`);
    writeFragment({ upload: { sizeMb: SIZE_MB, rounds: ROUNDS, MBps: round(upMBs, 1), rawMBps: round(rawMBs, 1), sm3MBps: round(sm3MBs, 1), limitMBps: round(limit, 1), ratio: round(ratio, 3), rssGrowthMb: round(rssGrowth, 1) } });
  } finally {
    await server.stop();
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
