/**
 * RFC 9162 (RFC 6962) Merkle tree: hashes, proofs from stored subtree hashes, verification.
 *
 * Storage model. A log of 10M+ entries cannot rebuild its tree per request, so the server
 * stores every PERFECT subtree hash once, when it completes: node (level, index) is the root
 * of the 2^level leaves starting at leaf index * 2^level (level 0 = leaf hashes). Perfect
 * nodes never change after they exist. Any RFC 9162 node is either perfect or lies on the
 * right edge of the current tree; a right-edge node is recomputed from the O(log n) perfect
 * nodes that cover it. Proof functions compute the refs they need, read them in ONE batched
 * call, and assemble the proof, so a proof costs one round trip of O(log n) rows.
 *
 * Sizes and indexes are JS numbers (safe integers); arithmetic avoids 32-bit bit operators
 * so trees beyond 2^31 leaves stay correct.
 */
import { bytesEqual, hash, HASH_SIZE, type THashAlg } from './hash';

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export type TNodeRef = { level: number; index: number };
export type TStoredNode = TNodeRef & { hash: Uint8Array };

/** The one read the proof code needs. Must return hashes in the order of refs. */
export interface TMerkleNodeReader {
  getNodes(refs: TNodeRef[]): Promise<Uint8Array[]>;
}

/**
 * Compact range [0, size): roots of the perfect subtrees along the right edge, left
 * (largest) first. One hash per set bit of size. Enough to append and to compute the root.
 */
export type TFrontier = { size: number; hashes: Uint8Array[] };

export const EMPTY_FRONTIER: TFrontier = Object.freeze({ size: 0, hashes: [] }) as TFrontier;

// ---- hashing ---------------------------------------------------------------------------

/** HASH(0x00 || entry). The prefixes keep a leaf from being passed off as a node. */
export function leafHash(alg: THashAlg, entry: Uint8Array): Uint8Array {
  return hash(alg, LEAF_PREFIX, entry);
}

export function nodeHash(alg: THashAlg, left: Uint8Array, right: Uint8Array): Uint8Array {
  return hash(alg, NODE_PREFIX, left, right);
}

/** MTH({}) = HASH() of the empty string. */
export function emptyRoot(alg: THashAlg): Uint8Array {
  return hash(alg);
}

// ---- tree arithmetic -------------------------------------------------------------------

function assertSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative safe integer`);
}

/** k = the largest power of two strictly less than n (n > 1): the RFC 9162 split point. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function pow2(level: number): number {
  return 2 ** level;
}

type TRange = { start: number; end: number };

/**
 * The perfect subtrees covering [start, end), left to right. Called only on ranges that
 * are RFC 9162 nodes, where this is the binary decomposition of end - start, largest first,
 * and the node hash is the right fold of these pieces.
 */
function perfectCover({ start, end }: TRange): TNodeRef[] {
  const refs: TNodeRef[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % pow2(level + 1) === 0 && at + pow2(level + 1) <= end) level++;
    refs.push({ level, index: at / pow2(level) });
    at += pow2(level);
  }
  return refs;
}

function foldRight(alg: THashAlg, hashes: Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) throw new RangeError('empty range');
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(alg, hashes[i]!, acc);
  return acc;
}

/** RFC 9162 2.1.3.1 PATH(m, D[n]) as node ranges, in proof order (leaf sibling first). */
function inclusionRanges(leafIndex: number, treeSize: number): TRange[] {
  const topDown: TRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      topDown.push({ start: start + k, end });
      end = start + k;
    } else {
      topDown.push({ start, end: start + k });
      start += k;
    }
  }
  return topDown.reverse();
}

/** RFC 9162 2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as node ranges, in proof order. */
function consistencyRanges(m: number, n: number): TRange[] {
  const topDown: TRange[] = [];
  let start = 0;
  let end = n;
  let rel = m; // m relative to start, as in SUBPROOF
  let startsAtZero = true; // SUBPROOF's flag b: the old root is known to the verifier
  for (;;) {
    if (rel === end - start) {
      const base = startsAtZero ? [] : [{ start, end }];
      return [...base, ...topDown.reverse()];
    }
    const k = splitPoint(end - start);
    if (rel <= k) {
      topDown.push({ start: start + k, end });
      end = start + k;
    } else {
      topDown.push({ start, end: start + k });
      rel -= k;
      start += k;
      startsAtZero = false;
    }
  }
}

function refKey(ref: TNodeRef): string {
  return `${ref.level}:${ref.index}`;
}

/** One batched read for all ranges, then the right-edge nodes are folded locally. */
async function readRanges(reader: TMerkleNodeReader, alg: THashAlg, ranges: TRange[]): Promise<Uint8Array[]> {
  const covers = ranges.map(perfectCover);
  const unique = new Map<string, TNodeRef>();
  for (const ref of covers.flat()) unique.set(refKey(ref), ref);
  const refs = [...unique.values()];
  const hashes = refs.length === 0 ? [] : await reader.getNodes(refs);
  if (hashes.length !== refs.length) throw new Error('node reader returned the wrong number of hashes');
  const byKey = new Map<string, Uint8Array>();
  refs.forEach((ref, i) => {
    const h = hashes[i]!;
    if (h.length !== HASH_SIZE) throw new Error(`node ${refKey(ref)} has length ${h.length}`);
    byKey.set(refKey(ref), h);
  });
  return covers.map((cover) =>
    foldRight(
      alg,
      cover.map((ref) => byKey.get(refKey(ref))!),
    ),
  );
}

// ---- proofs from stored nodes ------------------------------------------------------------

export async function rootAt(reader: TMerkleNodeReader, alg: THashAlg, treeSize: number): Promise<Uint8Array> {
  assertSize('treeSize', treeSize);
  if (treeSize === 0) return emptyRoot(alg);
  const [root] = await readRanges(reader, alg, [{ start: 0, end: treeSize }]);
  return root!;
}

export async function inclusionProof(
  reader: TMerkleNodeReader,
  alg: THashAlg,
  leafIndex: number,
  treeSize: number,
): Promise<Uint8Array[]> {
  assertSize('leafIndex', leafIndex);
  assertSize('treeSize', treeSize);
  if (leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  return readRanges(reader, alg, inclusionRanges(leafIndex, treeSize));
}

/** Same policy as the verifier: 0 < m <= n; m = n gives the empty proof. */
export async function consistencyProof(
  reader: TMerkleNodeReader,
  alg: THashAlg,
  m: number,
  n: number,
): Promise<Uint8Array[]> {
  assertSize('m', m);
  assertSize('n', n);
  if (m === 0) throw new RangeError('consistency proof from the empty tree is meaningless');
  if (m > n) throw new RangeError(`old size ${m} > new size ${n}`);
  return readRanges(reader, alg, consistencyRanges(m, n));
}

/** Re-reads the frontier of a stored tree, e.g. when a server restarts. */
export async function loadFrontier(reader: TMerkleNodeReader, treeSize: number): Promise<TFrontier> {
  assertSize('treeSize', treeSize);
  const refs = perfectCover({ start: 0, end: treeSize });
  const hashes = refs.length === 0 ? [] : await reader.getNodes(refs);
  if (hashes.length !== refs.length) throw new Error('node reader returned the wrong number of hashes');
  return { size: treeSize, hashes };
}

// ---- appending ---------------------------------------------------------------------------

/**
 * Appends leaf hashes to a frontier. Returns every perfect node that came into existence
 * (the leaves themselves at level 0 included) so the caller can store them in the same
 * transaction as the entries, and the new frontier. Pure: the input frontier is not changed.
 */
export function appendLeaves(
  frontier: TFrontier,
  newLeafHashes: Uint8Array[],
  alg: THashAlg,
): { newNodes: TStoredNode[]; frontier: TFrontier } {
  assertFrontier(frontier);
  const stack = [...frontier.hashes];
  const newNodes: TStoredNode[] = [];
  let size = frontier.size;
  for (const leaf of newLeafHashes) {
    if (leaf.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    newNodes.push({ level: 0, index: size, hash: leaf });
    let current = leaf;
    let level = 0;
    let index = size;
    // Each set low bit of the old size is a finished sibling waiting on the stack.
    while (Math.floor(size / pow2(level)) % 2 === 1) {
      current = nodeHash(alg, stack.pop()!, current);
      level++;
      index = Math.floor(index / 2);
      newNodes.push({ level, index, hash: current });
    }
    stack.push(current);
    size++;
  }
  return { newNodes, frontier: { size, hashes: stack } };
}

export function frontierRoot(alg: THashAlg, frontier: TFrontier): Uint8Array {
  assertFrontier(frontier);
  return frontier.size === 0 ? emptyRoot(alg) : foldRight(alg, frontier.hashes);
}

function assertFrontier(frontier: TFrontier): void {
  assertSize('frontier.size', frontier.size);
  let bits = 0;
  for (let s = frontier.size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
  if (frontier.hashes.length !== bits) throw new RangeError('frontier does not match its size');
}

/** In-memory node store for tests and tools; counts reads so tests can check batching. */
export function createMemoryNodeStore(): TMerkleNodeReader & {
  put(nodes: TStoredNode[]): void;
  readonly calls: number;
  readonly refsRead: number;
} {
  const nodes = new Map<string, Uint8Array>();
  let calls = 0;
  let refsRead = 0;
  return {
    put(list) {
      for (const node of list) nodes.set(refKey(node), node.hash);
    },
    async getNodes(refs) {
      calls++;
      refsRead += refs.length;
      return refs.map((ref) => {
        const h = nodes.get(refKey(ref));
        if (h === undefined) throw new Error(`node ${refKey(ref)} not stored`);
        return h;
      });
    },
    get calls() {
      return calls;
    },
    get refsRead() {
      return refsRead;
    },
  };
}

/**
 * Upper levels of the tree kept in memory (issue 13: an inclusion proof at 10M leaves in
 * one short query). A perfect node never changes once it exists, so a cached node is never
 * stale and the cache needs no invalidation as the log grows: nodes that do not exist yet
 * are not in it and are read (then kept) like any other. Only levels >= fromLevel are kept:
 * level l holds size / 2^l nodes, so levels >= 10 of a 10M-leaf log are about 20k hashes.
 * maxNodes is a ceiling whatever the size. Must only see nodes that are committed.
 */
export type TNodeCache = { readonly fromLevel: number; readonly maxNodes: number; levels: Map<number, Uint8Array>[]; size: number };

export function createNodeCache(opts: { fromLevel: number; maxNodes: number }): TNodeCache {
  return { fromLevel: opts.fromLevel, maxNodes: opts.maxNodes, levels: [], size: 0 };
}

/** Keeps the given stored (committed, perfect) nodes that belong in the cache. */
export function cacheNodes(cache: TNodeCache, nodes: TStoredNode[]): void {
  for (const n of nodes) {
    if (n.level < cache.fromLevel || cache.size >= cache.maxNodes || n.hash.length !== HASH_SIZE) continue;
    const level = (cache.levels[n.level] ??= new Map());
    if (level.has(n.index)) continue;
    level.set(n.index, n.hash.slice()); // a copy: the reader's bytes may be a view into a larger buffer
    cache.size++;
  }
}

/** A reader that answers from the cache and asks `inner` (in one call) only for the rest. */
export function cachingNodeReader(inner: TMerkleNodeReader, cache: TNodeCache): TMerkleNodeReader {
  return {
    async getNodes(refs) {
      const out: (Uint8Array | undefined)[] = refs.map((r) => cache.levels[r.level]?.get(r.index));
      const missing = refs.filter((_, i) => out[i] === undefined);
      if (missing.length === 0) return out as Uint8Array[];
      const read = await inner.getNodes(missing);
      if (read.length !== missing.length) throw new Error('node reader returned the wrong number of hashes');
      let m = 0;
      const fresh: TStoredNode[] = [];
      refs.forEach((r, i) => {
        if (out[i] !== undefined) return;
        out[i] = read[m++]!;
        fresh.push({ ...r, hash: out[i]! });
      });
      cacheNodes(cache, fresh);
      return out as Uint8Array[];
    },
  };
}

// ---- reference implementation over a full leaf list ---------------------------------------

/** MTH(D[n]) straight from RFC 9162 2.1.1, recursive. For tests and small trees. */
export function rootFromLeafHashes(alg: THashAlg, leafHashes: Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot(alg);
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = splitPoint(leafHashes.length);
  return nodeHash(alg, rootFromLeafHashes(alg, leafHashes.slice(0, k)), rootFromLeafHashes(alg, leafHashes.slice(k)));
}

/** PATH(m, D[n]), RFC 9162 2.1.3.1, recursive. */
export function inclusionProofFromLeafHashes(alg: THashAlg, leafHashes: Uint8Array[], m: number): Uint8Array[] {
  const n = leafHashes.length;
  if (m < 0 || m >= n) throw new RangeError('leaf index out of range');
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...inclusionProofFromLeafHashes(alg, leafHashes.slice(0, k), m), rootFromLeafHashes(alg, leafHashes.slice(k))]
    : [
        ...inclusionProofFromLeafHashes(alg, leafHashes.slice(k), m - k),
        rootFromLeafHashes(alg, leafHashes.slice(0, k)),
      ];
}

/** PROOF(m, D[n]), RFC 9162 2.1.4.1, recursive (same 0 < m <= n policy). */
export function consistencyProofFromLeafHashes(alg: THashAlg, leafHashes: Uint8Array[], m: number): Uint8Array[] {
  if (m <= 0 || m > leafHashes.length) throw new RangeError('old size out of range');
  const subproof = (mm: number, d: Uint8Array[], b: boolean): Uint8Array[] => {
    if (mm === d.length) return b ? [] : [rootFromLeafHashes(alg, d)];
    const k = splitPoint(d.length);
    return mm <= k
      ? [...subproof(mm, d.slice(0, k), b), rootFromLeafHashes(alg, d.slice(k))]
      : [...subproof(mm - k, d.slice(k), false), rootFromLeafHashes(alg, d.slice(0, k))];
  };
  return subproof(m, leafHashes, true);
}

// ---- verification --------------------------------------------------------------------------

/**
 * RFC 9162 2.1.3.2. Note: this does not authenticate treeSize (a size-8 proof can verify as
 * size 7 against the size-8 root), so (treeSize, root) must come from one signed checkpoint.
 */
export function verifyInclusion(
  alg: THashAlg,
  leafIndex: number,
  treeSize: number,
  leafHashValue: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return false;
  if (leafIndex >= treeSize) return false;
  if (leafHashValue.length !== HASH_SIZE || root.length !== HASH_SIZE) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHashValue;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(alg, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(alg, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 2.1.4.2 plus the edge-case policy of transparency-dev/merkle, which the RFC's
 * preconditions (0 < size1 < size2) leave open: size1 > size2 rejected; size1 = 0 rejected
 * (nothing to be consistent with); size1 = size2 accepted only with an empty proof and
 * identical roots (compared as given, as upstream does).
 */
export function verifyConsistency(
  alg: THashAlg,
  size1: number,
  size2: number,
  proof: Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0) return false;
  if (size1 > size2 || size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length === 0) return false;
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;

  // If size1 is a power of two, the old root is itself a node of the new tree and the
  // proof omits it; put it back in front.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(alg, c, fr);
      sr = nodeHash(alg, c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(alg, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}
