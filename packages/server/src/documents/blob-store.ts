/**
 * Content-addressed blob store (STYLE.md §2.9: storage behind a small port). A blob is named
 * by the SHA-256 of its bytes; SM3 is computed in the same pass and stored on the row. Writes
 * are streamed through the hashers to a temp file and then published (rename, or PUT to S3),
 * so memory stays flat whatever the size, and a half-written file is never visible.
 *
 * This file is the port and what both implementations share; the implementations are
 * `fs-blob-store.ts` (a directory) and `s3-blob-store.ts` (an S3-compatible bucket), each
 * importing only this file; `create-blob-store.ts` picks one from the settings.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { smallFirstHash } from './worker-hash';

export type TBlobInfo = { sha256: string; sm3: string; size: number };

export type TPutOptions = {
  /** Checks on the stream (type sniffing, size limits): an error aborts the write. */
  transforms?: Transform[];
  /** A last check on the complete temp file before it is published (e.g. OFD structure). */
  verify?: (tmpPath: string, info: TBlobInfo) => Promise<void>;
};

export interface TBlobStore {
  readonly kind: 'fs' | 's3';
  /** Store a stream; resolves with its hashes once it is durably published. */
  put(source: Readable, opts?: TPutOptions): Promise<TBlobInfo>;
  /** The bytes of a stored blob. Rejects with code 'ENOENT' when absent. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** The stored size in bytes, or null when absent (a backup writes the size before the bytes). */
  size(sha256: string): Promise<number | null>;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function assertBlobName(sha256: string): void {
  if (!HEX64.test(sha256)) throw new TypeError('blob name must be 64 lowercase hex characters');
}

/**
 * A pass-through that hashes (SHA-256 and SM3) and counts what flows by. SM3, the slower of
 * the two, runs on a worker thread (worker-hash.ts) while SHA-256 runs here, so an upload is
 * bounded by one SM3 stream rather than by both hashes in turn; a stream under 1 MB (a rendered
 * 文书) is hashed here alone (`smallFirstHash`). `result()` is ready once the
 * stream has ended (flush waits for the worker's digest).
 */
export function hashingTransform(): Transform & { result(): TBlobInfo } {
  const sha = crypto.createHash('sha256');
  const sm3 = smallFirstHash('sm3');
  let size = 0;
  let sm3Hex: string | null = null;
  const t = new Transform({
    highWaterMark: UPLOAD_STAGE_BYTES,
    transform(chunk: Buffer, _enc, cb) {
      const wait = sm3.update(chunk);
      sha.update(chunk);
      size += chunk.length;
      this.push(chunk);
      if (wait) wait.then(() => cb(), cb);
      else cb();
    },
    flush(cb) {
      sm3.digest().then((hex) => {
        sm3Hex = hex;
        cb();
      }, cb);
    },
    destroy(err, cb) {
      sm3.close();
      cb(err);
    },
  }) as Transform & { result(): TBlobInfo };
  let done: TBlobInfo | null = null;
  t.result = () => {
    if (sm3Hex === null) throw new Error('hashingTransform: the stream has not ended');
    return (done ??= { sha256: sha.digest('hex'), sm3: sm3Hex, size });
  };
  return t;
}

/**
 * What each stage of an upload's pipeline may hold before it makes the one before it wait: with
 * Node's 16 KB default every 64 KB socket chunk paused the pipeline at each stage and each file
 * write went to disk alone (issue 13). A few stages of 1 MB keep an upload's memory small.
 */
export const UPLOAD_STAGE_BYTES = 1024 * 1024;

/** Bytes written between two background flushes of an upload's temp file (`flushingAsItGoes`). */
export const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * A pass-through in front of `out` that has the file's written pages flushed to disk in the
 * background (fdatasync on the thread pool, one at a time) every `every` bytes, while the upload
 * goes on (issue 13: flushing 512 MB at the end took ~0.2 s after the last byte, 10% of the
 * upload). The store's final fsync still makes the file durable before it is named, with only the
 * last part left to write. A flush that fails fails the upload: Linux reports a writeback error
 * once per open file, so the final fsync on a new descriptor would not see it again. The stream
 * ends only after the last flush returned (a completed upload's file is never closed under a
 * flush; an upload that fails may close it under one, which then fails harmlessly).
 */
export function flushingAsItGoes(out: fs.WriteStream, every = FLUSH_EVERY_BYTES): Transform {
  let since = 0;
  let inFlight: Promise<void> | null = null;
  let failed: Error | null = null;
  return new Transform({
    highWaterMark: UPLOAD_STAGE_BYTES,
    transform(chunk: Buffer, _enc, cb) {
      if (failed) return cb(failed);
      since += chunk.length;
      const fd = (out as unknown as { fd: number | null }).fd;
      if (since >= every && !inFlight && typeof fd === 'number') {
        since = 0;
        inFlight = new Promise<void>((resolve) => fs.fdatasync(fd, (e) => {
          if (e) failed = e;
          resolve();
        })).then(() => { inFlight = null; });
      }
      cb(null, chunk);
    },
    flush(cb) {
      void (inFlight ?? Promise.resolve()).then(() => cb(failed ?? undefined));
    },
  });
}

/**
 * Stream `source` (through optional checking transforms) into a new temp file while hashing.
 * `flushAsItGoes`: a store that keeps the file flushes it to disk while it is written (fs-blob-store.ts);
 * one that sends it elsewhere and deletes it (S3) does not.
 */
export async function spoolToTemp(tmpDir: string, source: Readable, transforms: Transform[] = [], opts: { flushAsItGoes?: boolean } = {}): Promise<{ tmpPath: string; info: TBlobInfo }> {
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}.part`);
  const hasher = hashingTransform();
  const out = fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600, highWaterMark: UPLOAD_STAGE_BYTES });
  try {
    await pipeline([source, ...transforms, hasher, ...(opts.flushAsItGoes ? [flushingAsItGoes(out)] : []), out]);
  } catch (e) {
    await fs.promises.rm(tmpPath, { force: true });
    throw e;
  }
  return { tmpPath, info: hasher.result() };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
