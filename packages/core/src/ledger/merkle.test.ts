import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash, HASH_SIZE, toHex, type THashAlg } from './hash';
import {
  appendLeaves,
  consistencyProof,
  consistencyProofFromLeafHashes,
  createMemoryNodeStore,
  EMPTY_FRONTIER,
  frontierRoot,
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  loadFrontier,
  nodeHash,
  rootAt,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type TFrontier,
  type TMerkleNodeReader,
  type TNodeRef,
} from './merkle';

const alg = fc.constantFrom<THashAlg>('sha256', 'sm3');
const entries = fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 1, maxLength: 150 });

/** Builds the store batch-wise, as a server would, checking the root after each batch. */
function buildStore(a: THashAlg, leafData: Uint8Array[], batchSizes: number[]) {
  const leafHashes = leafData.map((d) => leafHash(a, d));
  const store = createMemoryNodeStore();
  let frontier: TFrontier = EMPTY_FRONTIER;
  let at = 0;
  let b = 0;
  while (at < leafHashes.length) {
    const size = Math.max(1, batchSizes[b++ % Math.max(1, batchSizes.length)] ?? 1);
    const batch = leafHashes.slice(at, at + size);
    const res = appendLeaves(frontier, batch, a);
    store.put(res.newNodes);
    frontier = res.frontier;
    at += batch.length;
    expect(toHex(frontierRoot(a, frontier))).toBe(toHex(rootFromLeafHashes(a, leafHashes.slice(0, at))));
  }
  return { leafHashes, store, frontier };
}

function flipByte(bytes: Uint8Array, at: number, xor: number): Uint8Array {
  const copy = bytes.slice();
  copy[at % copy.length] = copy[at % copy.length]! ^ xor;
  return copy;
}

describe('merkle: stored-node proofs equal the recursive RFC 9162 definitions', () => {
  it('roots, inclusion and consistency proofs over random trees and batch splits', async () => {
    await fc.assert(
      fc.asyncProperty(
        alg,
        entries,
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 10 }),
        async (a, data, batches, picks) => {
          const { leafHashes, store, frontier } = buildStore(a, data, batches);
          const n = leafHashes.length;
          expect(frontier.size).toBe(n);
          for (const [x, y, z] of picks) {
            const size2 = 1 + (x % n);
            const size1 = 1 + (y % size2);
            const index = z % size2;
            const prefix = leafHashes.slice(0, size2);
            const root2 = rootFromLeafHashes(a, prefix);
            const root1 = rootFromLeafHashes(a, leafHashes.slice(0, size1));
            expect(toHex(await rootAt(store, a, size2))).toBe(toHex(root2));

            const calls = store.calls;
            const incl = await inclusionProof(store, a, index, size2);
            expect(store.calls - calls).toBeLessThanOrEqual(1); // one batched read (none for size 1)
            expect(incl.map(toHex)).toEqual(inclusionProofFromLeafHashes(a, prefix, index).map(toHex));
            expect(verifyInclusion(a, index, size2, leafHashes[index]!, incl, root2)).toBe(true);

            const cons = await consistencyProof(store, a, size1, size2);
            expect(cons.map(toHex)).toEqual(consistencyProofFromLeafHashes(a, prefix, size1).map(toHex));
            expect(verifyConsistency(a, size1, size2, cons, root1, root2)).toBe(true);

            const loaded = await loadFrontier(store, size2);
            expect(toHex(frontierRoot(a, loaded))).toBe(toHex(root2));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any single changed byte in a leaf, a proof element or a root fails verification', async () => {
    await fc.assert(
      fc.asyncProperty(
        alg,
        entries,
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (a, data, x, y, pos, xor) => {
          const { leafHashes, store } = buildStore(a, data, [7]);
          const n = leafHashes.length;
          const index = x % n;
          const root = rootFromLeafHashes(a, leafHashes);
          const proof = await inclusionProof(store, a, index, n);
          // changed entry byte (non-empty entries) and changed leaf hash
          if (data[index]!.length > 0) {
            const changed = leafHash(a, flipByte(data[index]!, pos, xor));
            expect(verifyInclusion(a, index, n, changed, proof, root)).toBe(false);
          }
          expect(verifyInclusion(a, index, n, flipByte(leafHashes[index]!, pos, xor), proof, root)).toBe(false);
          expect(verifyInclusion(a, index, n, leafHashes[index]!, proof, flipByte(root, pos, xor))).toBe(false);
          if (proof.length > 0) {
            const k = pos % proof.length;
            const bad = proof.map((p, i) => (i === k ? flipByte(p, y, xor) : p));
            expect(verifyInclusion(a, index, n, leafHashes[index]!, bad, root)).toBe(false);
          }

          const size1 = 1 + (y % n);
          if (size1 < n) {
            const root1 = rootFromLeafHashes(a, leafHashes.slice(0, size1));
            const cons = await consistencyProof(store, a, size1, n);
            const k = pos % cons.length;
            const bad = cons.map((p, i) => (i === k ? flipByte(p, x, xor) : p));
            expect(verifyConsistency(a, size1, n, bad, root1, root)).toBe(false);
            expect(verifyConsistency(a, size1, n, cons, flipByte(root1, pos, xor), root)).toBe(false);
            expect(verifyConsistency(a, size1, n, cons, root1, flipByte(root, pos, xor))).toBe(false);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('a rewritten history (one old leaf changed, tree regrown) is not consistent', async () => {
    await fc.assert(
      fc.asyncProperty(alg, entries, fc.nat(), fc.nat(), async (a, data, x, y) => {
        fc.pre(data.length >= 2);
        const size1 = 1 + (x % (data.length - 1));
        const changedAt = y % size1;
        const forged = data.map((d, i) => (i === changedAt ? Uint8Array.of(...d, 0x2a) : d));
        const honest = buildStore(a, data, [5]);
        const fork = buildStore(a, forged, [5]);
        const root1 = rootFromLeafHashes(a, honest.leafHashes.slice(0, size1));
        const forkRoot = rootFromLeafHashes(a, fork.leafHashes);
        const proof = await consistencyProof(fork.store, a, size1, data.length);
        expect(verifyConsistency(a, size1, data.length, proof, root1, forkRoot)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('merkle: edge cases and policy', () => {
  const a: THashAlg = 'sha256';
  const leaves = Array.from({ length: 9 }, (_, i) => leafHash(a, Uint8Array.of(i)));
  const store = createMemoryNodeStore();
  store.put(appendLeaves(EMPTY_FRONTIER, leaves, a).newNodes);

  it('generation refuses what verification rejects', async () => {
    await expect(consistencyProof(store, a, 0, 5)).rejects.toThrow(/empty tree/);
    await expect(consistencyProof(store, a, 6, 5)).rejects.toThrow();
    await expect(inclusionProof(store, a, 5, 5)).rejects.toThrow();
    await expect(inclusionProof(store, a, -1, 5)).rejects.toThrow();
    expect(await consistencyProof(store, a, 5, 5)).toEqual([]);
  });

  it('empty tree root is HASH("") and the frontier of size 0 has no hashes', async () => {
    expect(toHex(await rootAt(store, a, 0))).toBe(toHex(hash(a)));
    expect(frontierRoot(a, EMPTY_FRONTIER)).toEqual(hash(a));
  });

  it('appendLeaves is pure and rejects a frontier that does not match its size', () => {
    const f = appendLeaves(EMPTY_FRONTIER, leaves.slice(0, 3), a).frontier;
    const before = f.hashes.map(toHex);
    appendLeaves(f, leaves.slice(3), a);
    expect(f.hashes.map(toHex)).toEqual(before);
    expect(() => appendLeaves({ size: 3, hashes: [leaves[0]!] }, [], a)).toThrow(/frontier/);
    expect(() => appendLeaves(EMPTY_FRONTIER, [new Uint8Array(31)], a)).toThrow();
  });

  it('verifiers reject wrong hash lengths, out-of-range indexes and non-integers', () => {
    const root = rootFromLeafHashes(a, leaves);
    const proof = inclusionProofFromLeafHashes(a, leaves, 3);
    expect(verifyInclusion(a, 3, 9, leaves[3]!, proof, root)).toBe(true);
    expect(verifyInclusion(a, 3, 9, leaves[3]!.subarray(1), proof, root)).toBe(false);
    expect(verifyInclusion(a, 3, 9, leaves[3]!, [...proof.slice(0, -1), new Uint8Array(33)], root)).toBe(false);
    expect(verifyInclusion(a, 9, 9, leaves[3]!, proof, root)).toBe(false);
    expect(verifyInclusion(a, 3.5, 9, leaves[3]!, proof, root)).toBe(false);
    expect(verifyInclusion('sm3', 3, 9, leaves[3]!, proof, root)).toBe(false); // wrong algorithm
  });

  it('leaf and node domains are separated (a node is never a valid leaf)', () => {
    const node = nodeHash(a, leaves[0]!, leaves[1]!);
    const root = rootFromLeafHashes(a, leaves.slice(0, 2));
    expect(toHex(node)).toBe(toHex(root));
    // presenting the interior node as a 1-leaf tree's leaf with its children as entry fails
    expect(toHex(leafHash(a, Uint8Array.of(...leaves[0]!, ...leaves[1]!)))).not.toBe(toHex(node));
  });
});

/**
 * A virtual tree whose leaves all hash to L: every perfect node at a level has the same
 * hash, so the reader needs no storage and tree sizes of 10M and beyond 2^32 can be tested
 * (catching 32-bit arithmetic) while counting what the proof code reads.
 */
function uniformReader(a: THashAlg) {
  const levels = [leafHash(a, new Uint8Array(0))];
  for (let l = 1; l < 60; l++) levels.push(nodeHash(a, levels[l - 1]!, levels[l - 1]!));
  const log: TNodeRef[][] = [];
  const reader: TMerkleNodeReader = {
    async getNodes(refs) {
      log.push(refs);
      return refs.map((r) => {
        if (!Number.isSafeInteger(r.index) || r.index < 0) throw new Error('bad index');
        return levels[r.level]!;
      });
    },
  };
  return { reader, log, leaf: levels[0]! };
}

describe('merkle: scale (10M leaves and beyond 2^32) from stored perfect nodes', () => {
  const sizes = [10_000_000, 10_000_001, 2 ** 33 + 12_345, 2 ** 40 - 1];
  for (const a of ['sha256', 'sm3'] as const) {
    for (const n of sizes) {
      it(`${a} n=${n}: one batched read of O(log n) nodes; proofs verify`, async () => {
        const { reader, log, leaf } = uniformReader(a);
        const bound = 2 * Math.ceil(Math.log2(n)) + 2;
        const root = await rootAt(reader, a, n);
        for (const index of [0, 1, Math.floor(n / 3), n - 2, n - 1]) {
          log.length = 0;
          const proof = await inclusionProof(reader, a, index, n);
          expect(log).toHaveLength(1);
          expect(log[0]!.length).toBeLessThanOrEqual(bound);
          expect(verifyInclusion(a, index, n, leaf, proof, root)).toBe(true);
        }
        for (const m of [1, 7, Math.floor(n / 2), n - 1]) {
          log.length = 0;
          const proof = await consistencyProof(reader, a, m, n);
          expect(log).toHaveLength(1);
          expect(log[0]!.length).toBeLessThanOrEqual(bound);
          expect(verifyConsistency(a, m, n, proof, await rootAt(reader, a, m), root)).toBe(true);
        }
        const frontier = await loadFrontier(reader, n);
        expect(toHex(frontierRoot(a, frontier))).toBe(toHex(root));
        // appending on a huge frontier emits the right (level, index) for the new nodes
        const { newNodes, frontier: next } = appendLeaves(frontier, [leaf], a);
        expect(newNodes[0]).toMatchObject({ level: 0, index: n });
        for (const node of newNodes) expect(node.index).toBe(Math.floor(n / 2 ** node.level));
        expect(next.size).toBe(n + 1);
        expect(toHex(frontierRoot(a, next))).toBe(toHex(await rootAt(reader, a, n + 1)));
        expect(HASH_SIZE).toBe(32);
      });
    }
  }
});
