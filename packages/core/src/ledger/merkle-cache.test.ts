import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, type THashAlg } from './hash';
import {
  appendLeaves,
  cachingNodeReader,
  consistencyProof,
  consistencyProofFromLeafHashes,
  createMemoryNodeStore,
  createNodeCache,
  EMPTY_FRONTIER,
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  rootAt,
  rootFromLeafHashes,
  verifyInclusion,
  type TFrontier,
  type TMerkleNodeReader,
  type TNodeRef,
} from './merkle';

/** A growing log: leaves appended in batches, every perfect node stored as the server does. */
function growingLog(a: THashAlg) {
  const store = createMemoryNodeStore();
  const leaves: Uint8Array[] = [];
  let frontier: TFrontier = EMPTY_FRONTIER;
  return {
    store,
    leaves,
    append(count: number) {
      const batch = Array.from({ length: count }, (_, i) => leafHash(a, Uint8Array.of(leaves.length + i, (leaves.length + i) >> 8, 7)));
      const res = appendLeaves(frontier, batch, a);
      store.put(res.newNodes);
      frontier = res.frontier;
      leaves.push(...batch);
    },
  };
}

/** Records what the inner reader is asked for. */
function recording(inner: TMerkleNodeReader): TMerkleNodeReader & { asked: TNodeRef[][] } {
  const asked: TNodeRef[][] = [];
  return {
    asked,
    getNodes(refs) {
      asked.push(refs);
      return inner.getNodes(refs);
    },
  };
}

describe('merkle: proofs through the upper-level cache equal the reference proofs', () => {
  it('for random sizes, leaves and growth between proofs (the cache is never stale)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<THashAlg>('sha256', 'sm3'),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        async (a, fromLevel, steps) => {
          const log = growingLog(a);
          const inner = recording(log.store);
          const cache = createNodeCache({ fromLevel, maxNodes: 1_000_000 });
          const cached = cachingNodeReader(inner, cache);
          for (const [grow, x, y, z] of steps) {
            log.append(grow);
            const n = log.leaves.length;
            // twice: cold, then with what the first proof left in the cache
            for (let round = 0; round < 2; round++) {
              const size = 1 + (x % n);
              const index = z % size;
              const prefix = log.leaves.slice(0, size);
              inner.asked.length = 0;
              const proof = await inclusionProof(cached, a, index, size);
              expect(proof.map(toHex)).toEqual(inclusionProofFromLeafHashes(a, prefix, index).map(toHex));
              expect(verifyInclusion(a, index, size, log.leaves[index]!, proof, rootFromLeafHashes(a, prefix))).toBe(true);
              expect(inner.asked.length).toBeLessThanOrEqual(1); // still one batched read at most
              if (round === 1) for (const ref of inner.asked.flat()) expect(ref.level).toBeLessThan(fromLevel); // upper levels from memory
              const old = 1 + (y % size);
              const cons = await consistencyProof(cached, a, old, size);
              expect(cons.map(toHex)).toEqual(consistencyProofFromLeafHashes(a, prefix, old).map(toHex));
              expect(toHex(await rootAt(cached, a, size))).toBe(toHex(rootFromLeafHashes(a, prefix)));
            }
          }
          // only perfect nodes at or above fromLevel were kept
          cache.levels.forEach((nodes, level) => {
            expect(level).toBeGreaterThanOrEqual(fromLevel);
            for (const index of nodes.keys()) expect((index + 1) * 2 ** level).toBeLessThanOrEqual(log.leaves.length);
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('stops adding at maxNodes and keeps answering correctly', async () => {
    const log = growingLog('sm3');
    log.append(300);
    const cache = createNodeCache({ fromLevel: 0, maxNodes: 5 });
    const reader = cachingNodeReader(log.store, cache);
    for (const index of [0, 77, 150, 299]) {
      const proof = await inclusionProof(reader, 'sm3', index, 300);
      expect(proof.map(toHex)).toEqual(inclusionProofFromLeafHashes('sm3', log.leaves, index).map(toHex));
    }
    expect(cache.size).toBe(5);
    expect(cache.levels.reduce((s, m) => s + (m?.size ?? 0), 0)).toBe(5);
  });

  it('keeps its own copy of each hash (the reader may hand out views into a shared buffer)', async () => {
    const log = growingLog('sha256');
    log.append(8);
    const shared: Uint8Array[] = [];
    const viewing: TMerkleNodeReader = {
      async getNodes(refs) {
        const hashes = await log.store.getNodes(refs);
        const slab = new Uint8Array(32 * hashes.length);
        hashes.forEach((h, i) => slab.set(h, 32 * i));
        const views = hashes.map((_, i) => slab.subarray(32 * i, 32 * i + 32));
        shared.push(...views);
        return views;
      },
    };
    const cache = createNodeCache({ fromLevel: 0, maxNodes: 100 });
    const before = (await inclusionProof(cachingNodeReader(viewing, cache), 'sha256', 3, 8)).map(toHex);
    for (const v of shared) v.fill(0); // the driver reuses its buffer
    const after = (await inclusionProof(cachingNodeReader(viewing, cache), 'sha256', 3, 8)).map(toHex);
    expect(after).toEqual(before);
  });
});
