/**
 * Downloads re-hash while streaming (download-document.ts). A tampered blob smaller than one chunk
 * fails the stream before anyone consumes it; that failure must reach the consumer, never escape as
 * an uncaught exception (which would stop the server for every user).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyingStream } from './download-document';

const hashes = (b: Buffer) => ({
  sha256: crypto.createHash('sha256').update(b).digest('hex'), sm3: crypto.createHash('sm3').update(b).digest('hex'), size: b.length,
});
const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });

describe('verifyingStream', () => {
  it('a tampered small file fails for the late consumer with STORAGE_INTEGRITY_FAILED, and nothing escapes as uncaught', async () => {
    const original = Buffer.from('%PDF-1.7 原始文书内容');
    const altered = Buffer.from('%PDF-1.7 篡改文书内容');
    const mismatches: unknown[] = [];
    const s = Readable.from([altered]).pipe(verifyingStream(hashes(original), async (got) => { mismatches.push(got); }));
    // the reply starts consuming only after the audit write; by then the small file has failed
    await new Promise((r) => setTimeout(r, 100));
    expect(mismatches).toEqual([hashes(altered)]);
    await expect(pipeline(s, sink())).rejects.toMatchObject({ code: 'STORAGE_INTEGRITY_FAILED' });
  });

  it('an intact file streams whole', async () => {
    const bytes = Buffer.from('%PDF-1.7 起诉书');
    const chunks: Buffer[] = [];
    const s = Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]).pipe(verifyingStream(hashes(bytes), async () => { throw new Error('no mismatch expected'); }));
    await pipeline(s, new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } }));
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });
});
