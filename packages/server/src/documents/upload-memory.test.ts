/**
 * A 500 MB upload streams: server RSS grows by less than 100 MB. The body is generated while
 * it is sent (never held in memory) and posted over real HTTP to the in-process server; RSS
 * is sampled throughout and compared with the level after a warm-up upload.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

const MB = 1024 * 1024;
let env: TTestEnv;
let dataDir: string;
let user: TTestUser;
let base: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-mem-'));
  env = await createTestEnv({ dataDir });
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  user = await makeUser(env, (await makeAgency(env, { type: 'police' })).id, ['handler']);
});

afterAll(async () => {
  await env?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** POST a generated PDF-looking body of `bytes` bytes as multipart; resolves with status and JSON. */
export function postGenerated(url: string, cookie: string, bytes: number): Promise<{ status: number; body: string; sha256: string }> {
  return new Promise((resolve, reject) => {
    const boundary = `----xt${crypto.randomBytes(6).toString('hex')}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = crypto.randomBytes(256 * 1024);
    const sha = crypto.createHash('sha256').update('%PDF-1.4\n');
    const req = http.request(url, {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + bytes + tail.length) },
    }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sha256: sha.digest('hex') }));
    });
    req.on('error', reject);
    let left = bytes;
    req.write(head);
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        const part = n === chunk.length ? chunk : chunk.subarray(0, n);
        sha.update(part);
        left -= n;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

describe('large uploads', () => {
  it('a 500 MB upload keeps RSS growth under 100 MB', async () => {
    const c = await makeCase(env, user);
    const url = `${base}/api/cases/${c.id}/documents?docType=scan&title=big`;
    const warm = await postGenerated(url, user.cookie, 8 * MB - 9);
    expect(warm.status, warm.body).toBe(201);
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = Date.now();
    const res = await postGenerated(url, user.cookie, 500 * MB - 9);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const seconds = (Date.now() - t0) / 1000;
    expect(res.status, res.body).toBe(201);
    const doc = JSON.parse(res.body);
    expect(doc.currentVersion.size).toBe(500 * MB);
    expect(doc.currentVersion.sha256).toBe(res.sha256);
    const growth = (peak - before) / MB;
    console.log(`500 MB upload: RSS before ${(before / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB, growth ${growth.toFixed(1)} MB, ${(500 / seconds).toFixed(0)} MB/s`);
    expect(growth).toBeLessThan(100);
  }, 300_000);
});
