/**
 * An upload's temp file is flushed to disk while the upload goes on (blob-store.ts
 * `flushingAsItGoes`), so the fsync that makes it durable before it is published has only the
 * last part left (issue 13). The flushes are the real fdatasync calls, counted as they pass.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createFsBlobStore } from './fs-blob-store';
import { flushingAsItGoes, spoolToTemp } from './blob-store';

const MB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-flush-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function* bytes(total: number, chunk = 256 * 1024): Generator<Buffer> {
  for (let at = 0; at < total; at += chunk) yield crypto.randomBytes(Math.min(chunk, total - at));
}

describe('an upload is flushed to disk as it is written', () => {
  it('flushes every few MB, never two at once, and the file holds exactly the bytes sent', async () => {
    const real = fs.fdatasync;
    let inFlight = 0;
    let most = 0;
    // each flush takes a while (as on a busy disk): a stream that ended without waiting for the last
    // one would leave it in flight at the end
    const calls = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: (e: Error | null) => void) => {
      most = Math.max(most, ++inFlight);
      real(fd, (e) => setTimeout(() => { inFlight--; cb(e); }, 150));
    }) as typeof fs.fdatasync);
    const file = path.join(dir, 'a.part');
    const out = fs.createWriteStream(file, { flags: 'wx' });
    const sent = crypto.createHash('sha256');
    const source = Readable.from((function* () { for (const b of bytes(40 * MB)) { sent.update(b); yield b; } })());
    await pipeline(source, flushingAsItGoes(out, 4 * MB), out);
    // 40 MB in steps of 4 MB: a flush at most every 4 MB, none while the last is still running
    expect(calls.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.mock.calls.length).toBeLessThanOrEqual(10);
    expect(most).toBe(1);
    // the file was closed only after the last flush returned (never a flush on a closed descriptor)
    expect(inFlight).toBe(0);
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(sent.digest('hex'));
  });

  it('stores a 64 MB upload byte for byte with its SHA-256 and SM3, flushing it while it is written, no temp file left', async () => {
    const store = createFsBlobStore(path.join(dir, 'blobs'), path.join(dir, 'tmp'));
    const sha = crypto.createHash('sha256');
    const sm3 = crypto.createHash('sm3');
    const chunks = [...bytes(64 * MB)];
    for (const c of chunks) { sha.update(c); sm3.update(c); }
    const flushes = vi.spyOn(fs, 'fdatasync');
    const info = await store.put(Readable.from(chunks));
    expect(info).toEqual({ sha256: sha.digest('hex'), sm3: sm3.digest('hex'), size: 64 * MB });
    expect(flushes).toHaveBeenCalled();
    const stored = fs.readFileSync(path.join(dir, 'blobs', info.sha256.slice(0, 2), info.sha256));
    expect(crypto.createHash('sha256').update(stored).digest('hex')).toBe(info.sha256);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('a flush that fails fails the upload: nothing stored, no temp file (the final fsync would not see the error again)', async () => {
    const store = createFsBlobStore(path.join(dir, 'eio-blobs'), path.join(dir, 'eio-tmp'));
    const real = fs.fdatasync;
    let failedOnce = false;
    vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: (e: Error | null) => void) => {
      if (failedOnce) return real(fd, cb);
      failedOnce = true;
      // the disk's answer to one writeback (EIO), reported to this descriptor only
      real(fd, () => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
    }) as typeof fs.fdatasync);
    await expect(store.put(Readable.from([...bytes(80 * MB)]))).rejects.toMatchObject({ code: 'EIO' });
    expect(failedOnce).toBe(true);
    expect(fs.existsSync(path.join(dir, 'eio-blobs')) ? fs.readdirSync(path.join(dir, 'eio-blobs')) : []).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'eio-tmp'))).toEqual([]);
  });

  it('a temp file that is sent elsewhere and deleted (the S3 store) is not flushed to this disk', async () => {
    const flushes = vi.spyOn(fs, 'fdatasync');
    const { tmpPath, info } = await spoolToTemp(path.join(dir, 's3-tmp'), Readable.from([...bytes(40 * MB)]));
    expect(info.size).toBe(40 * MB);
    expect(flushes).not.toHaveBeenCalled();
    fs.rmSync(tmpPath);
  });
});
