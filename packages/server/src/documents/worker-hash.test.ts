/**
 * SM3 on a worker thread gives the digest node:crypto gives on the caller's thread, whatever
 * the chunking, for streams hashed concurrently, and after an aborted stream.
 */
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { hashingTransform } from './blob-store';
import { INLINE_HASH_BYTES, smallFirstHash, smallFirstWorkerSessions, workerHash } from './worker-hash';

const MB = 1024 * 1024;

function chunks(sizes: number[]): Buffer[] {
  return sizes.map((n) => crypto.randomBytes(n));
}

async function viaWorker(alg: string, parts: Buffer[]): Promise<string> {
  const h = workerHash(alg);
  for (const p of parts) await h.update(p);
  return h.digest();
}

function direct(alg: string, parts: Buffer[]): string {
  const h = crypto.createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

describe('worker hash', () => {
  it('equals node:crypto for empty, tiny, slot-sized and multi-slot chunks', async () => {
    const cases = [[], [0], [1], [MB - 1, 1], [MB], [MB + 1], [3 * MB + 12345, 17, 0, 65536], Array.from({ length: 300 }, (_, i) => (i * 7919) % 70000), [9 * MB + 5]];
    for (const sizes of cases) {
      const parts = chunks(sizes);
      expect(await viaWorker('sm3', parts)).toBe(direct('sm3', parts));
    }
    const parts = chunks([2 * MB, 100]);
    expect(await viaWorker('sha256', parts)).toBe(direct('sha256', parts));
  });

  it('keeps concurrent streams apart, and an aborted stream leaves the others intact', async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => chunks([i * 300_000 + 1, MB + i, 4096]));
    const aborted = workerHash('sm3');
    await aborted.update(crypto.randomBytes(2 * MB));
    const results = Promise.all(inputs.map((parts) => viaWorker('sm3', parts)));
    aborted.close();
    expect(await results).toEqual(inputs.map((parts) => direct('sm3', parts)));
    await expect(aborted.digest()).rejects.toThrow();
    expect(await viaWorker('sm3', inputs[0]!)).toBe(direct('sm3', inputs[0]!));
  });

  it('a ring given back by an aborted stream, its slots still queued to the worker, serves the next streams correctly', async () => {
    for (let round = 0; round < 4; round++) {
      const aborted = workerHash('sm3');
      // 7 of the 8 slots sent and not yet hashed when the stream is dropped
      for (let i = 0; i < 7; i++) await aborted.update(crypto.randomBytes(MB));
      aborted.close();
      const parts = chunks([5 * MB + round, 3, 70_000]);
      const second = chunks([round + 1]);
      expect(await Promise.all([viaWorker('sm3', parts), viaWorker('sm3', second)])).toEqual([direct('sm3', parts), direct('sm3', second)]);
    }
  });

  it('hashingTransform passes every byte through unchanged and reports SHA-256, SM3 and size', async () => {
    const parts = chunks([5, 70_000, 3 * MB, 1, MB]);
    const t = hashingTransform();
    const out: Buffer[] = [];
    await pipeline(Readable.from(parts), t, new Writable({ write(c: Buffer, _e, cb) { out.push(c); cb(); } }));
    const all = Buffer.concat(parts);
    expect(Buffer.concat(out).equals(all)).toBe(true);
    expect(t.result()).toEqual({ sha256: direct('sha256', parts), sm3: direct('sm3', parts), size: all.length });
  });

  it('a stream under 1 MB is hashed on the caller\'s thread; one that grows past it moves to a worker with every byte from the start', async () => {
    const cases: [number[], boolean][] = [
      [[], false], [[100_000], false], [[INLINE_HASH_BYTES], false], [[INLINE_HASH_BYTES - 1, 1], false],
      [[INLINE_HASH_BYTES, 1], true], [[300_000, 300_000, 300_000, 300_000], true], [[5, 2 * MB + 3], true], [Array.from({ length: 40 }, () => 65_536), true],
    ];
    for (const [sizes, moves] of cases) {
      const parts = chunks(sizes);
      const expected = direct('sm3', parts);
      const before = smallFirstWorkerSessions();
      const h = smallFirstHash('sm3');
      for (const p of parts) {
        await h.update(p);
        // the caller may reuse a buffer once update returned: a hash moved later must not read it again
        p.fill(0);
      }
      expect(await h.digest()).toBe(expected);
      expect(smallFirstWorkerSessions() - before, `${sizes.length} chunks, ${sizes.reduce((a, b) => a + b, 0)} bytes`).toBe(moves ? 1 : 0);
    }
  });
});
