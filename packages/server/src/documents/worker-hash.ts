/**
 * A hash computed on a worker thread (issue 13: an upload is bounded by single-stream SM3, about
 * 300 MB/s on one core, and SM3 + SHA-256 on one thread is slower still). The upload's stream
 * copies each chunk once into a small shared ring (8 slots of 1 MB) and hands the slot to a
 * worker; the caller hashes SHA-256 meanwhile. When every slot is taken the stream waits
 * (`update` returns a promise), so a slow worker slows the upload instead of growing memory.
 *
 * Workers are few and shared (one per spare core, at most 4; one on a 2-core machine); each
 * stream is a session on the least busy one. A worker is held (ref) only while a session is
 * open, so an idle pool never keeps a CLI command alive. If a worker dies, its sessions fail
 * with the error (the upload is refused, nothing is published) and the next session starts a
 * new one. If no worker can be started at all, the hash runs on the caller's thread.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const SLOT_BYTES = 1 << 20;
const SLOTS = 8;

// Plain CommonJS evaluated by the worker: no TypeScript loader needed (tests, tsx, bundle).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const open = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'open') open.set(m.id, { hash: crypto.createHash(m.alg), ring: new Uint8Array(m.ring) });
  else if (m.t === 'update') {
    const s = open.get(m.id);
    if (s) s.hash.update(s.ring.subarray(m.offset, m.offset + m.length));
    parentPort.postMessage({ t: 'free', id: m.id, slot: m.slot });
  } else if (m.t === 'digest') {
    const s = open.get(m.id);
    open.delete(m.id);
    parentPort.postMessage({ t: 'digest', id: m.id, hex: s ? s.hash.digest('hex') : null });
  } else if (m.t === 'close') open.delete(m.id);
});
`;

type TSessionEvents = { free(slot: number): void; digest(hex: string | null): void; fail(e: Error): void };
type TPoolWorker = { worker: Worker; sessions: Map<number, TSessionEvents> };

const pool: TPoolWorker[] = [];
let nextId = 1;

/**
 * Rings of finished sessions, kept for the next ones: allocating (and zeroing) 8 MB of shared
 * memory per hash cost more than hashing a 文书's PDF (issue 13: 13% of a transition's CPU).
 * A ring is given back when its session ends; a closed session's worker may still read a slot it
 * was sent, but only into a hash nobody asks for any more.
 */
const spareRings: SharedArrayBuffer[] = [];
const SPARE_RINGS = 4;

/** Worker threads a pool may start: one per spare core, at most 4 (the render pool too). */
export function workerPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.min(4, Math.max(1, cores - 1));
}

function startWorker(): TPoolWorker {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const pw: TPoolWorker = { worker, sessions: new Map() };
  worker.unref();
  worker.on('message', (m: { t: string; id: number; slot?: number; hex?: string | null }) => {
    const s = pw.sessions.get(m.id);
    if (!s) return;
    if (m.t === 'free') s.free(m.slot!);
    else if (m.t === 'digest') s.digest(m.hex ?? null);
  });
  const die = (e: Error) => {
    const i = pool.indexOf(pw);
    if (i >= 0) pool.splice(i, 1);
    for (const s of pw.sessions.values()) s.fail(e);
    pw.sessions.clear();
  };
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`hash worker exited (${code})`)));
  pool.push(pw);
  return pw;
}

function pickWorker(): TPoolWorker | null {
  try {
    if (pool.length < workerPoolSize() && pool.every((w) => w.sessions.size > 0)) return startWorker();
    return pool.reduce<TPoolWorker | null>((best, w) => (!best || w.sessions.size < best.sessions.size ? w : best), null) ?? startWorker();
  } catch {
    return null;
  }
}

export type TStreamHash = {
  /** Adds bytes. Resolves at once unless every slot is in use; then when one is free again. */
  update(chunk: Uint8Array): Promise<void> | null;
  /** The hex digest of everything given; the hash cannot be used afterwards. */
  digest(): Promise<string>;
  /** Forgets the hash (an aborted upload). */
  close(): void;
};

/** A streaming hash (`crypto.createHash(alg)`) on a worker thread, bounded to 8 MB in flight. */
export function workerHash(alg: string): TStreamHash {
  const pw = pickWorker();
  if (!pw) return inlineHash(alg);
  const id = nextId++;
  const ring = spareRings.pop() ?? new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  const bytes = new Uint8Array(ring);
  const free = Array.from({ length: SLOTS }, (_, i) => i);
  let slot: number | null = null; // the slot being filled
  let filled = 0;
  let waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  let digesting: { resolve: (hex: string) => void; reject: (e: Error) => void } | null = null;
  let failed: Error | null = null;
  let closed = false;

  const release = () => {
    if (closed) return;
    closed = true;
    if (!failed && spareRings.length < SPARE_RINGS) spareRings.push(ring);
    pw.sessions.delete(id);
    if (pw.sessions.size === 0) pw.worker.unref();
  };
  pw.sessions.set(id, {
    free(s) {
      free.push(s);
      const w = waiting;
      waiting = null;
      w?.resolve();
    },
    digest(hex) {
      const d = digesting;
      digesting = null;
      release();
      if (hex === null) d?.reject(new Error('hash worker lost the session'));
      else d?.resolve(hex);
    },
    fail(e) {
      failed = e;
      release();
      waiting?.reject(e);
      digesting?.reject(e);
      waiting = digesting = null;
    },
  });
  pw.worker.ref();
  pw.worker.postMessage({ t: 'open', id, alg, ring });

  const send = () => {
    pw.worker.postMessage({ t: 'update', id, slot, offset: slot! * SLOT_BYTES, length: filled });
    slot = null;
    filled = 0;
  };
  const copy = async (chunk: Uint8Array): Promise<void> => {
    let at = 0;
    while (at < chunk.length) {
      if (failed) throw failed;
      if (slot === null) {
        if (free.length === 0) await new Promise<void>((resolve, reject) => (waiting = { resolve, reject }));
        slot = free.shift()!;
      }
      const n = Math.min(chunk.length - at, SLOT_BYTES - filled);
      bytes.set(chunk.subarray(at, at + n), slot * SLOT_BYTES + filled);
      filled += n;
      at += n;
      if (filled === SLOT_BYTES) send();
    }
  };

  return {
    update(chunk) {
      if (failed) return Promise.reject(failed);
      if (closed) return Promise.reject(new Error('hash already finished'));
      // the common case without a promise: the chunk fits the current or a free slot
      const room = slot === null ? (free.length > 0 ? SLOT_BYTES : 0) : SLOT_BYTES - filled;
      if (chunk.length <= room && chunk.length < SLOT_BYTES) {
        if (slot === null) slot = free.shift()!;
        bytes.set(chunk, slot * SLOT_BYTES + filled);
        filled += chunk.length;
        if (filled === SLOT_BYTES) send();
        return null;
      }
      return copy(chunk);
    },
    digest() {
      if (failed) return Promise.reject(failed);
      if (closed) return Promise.reject(new Error('hash already finished'));
      if (slot !== null && filled > 0) send();
      return new Promise<string>((resolve, reject) => {
        digesting = { resolve, reject };
        pw.worker.postMessage({ t: 'digest', id });
      });
    },
    close() {
      if (closed) return;
      pw.worker.postMessage({ t: 'close', id });
      release();
    },
  };
}

function inlineHash(alg: string): TStreamHash {
  const h = crypto.createHash(alg);
  return {
    update(chunk) {
      h.update(chunk);
      return null;
    },
    digest: async () => h.digest('hex'),
    close() {},
  };
}

/** Bytes a stream is hashed on its own thread before it moves to a worker (`smallFirstHash`). */
export const INLINE_HASH_BYTES = 1024 * 1024;

let workerSessions = 0;
/** Worker sessions opened by `smallFirstHash` so far (tests: a small stream opens none). */
export function smallFirstWorkerSessions(): number {
  return workerSessions;
}

/**
 * A streaming hash that stays on the caller's thread while the stream is small and moves to a
 * worker (`workerHash`) once it passes `inlineMax` bytes (issue 13): a rendered 文书 (~100 KB) is
 * hashed in well under a millisecond, less than a worker session's messages, its 8 MB ring and
 * the thread hops cost. Until the move, the stream's bytes are kept (copied: ≤ inlineMax) so the
 * worker hashes them from the start; then the inline hash is dropped.
 */
export function smallFirstHash(alg: string, inlineMax = INLINE_HASH_BYTES): TStreamHash {
  const inline = crypto.createHash(alg);
  let kept: Buffer[] = [];
  let size = 0;
  let moved: TStreamHash | null = null;
  const move = async (chunk: Uint8Array): Promise<void> => {
    const w = (moved = workerHash(alg));
    workerSessions++;
    const before = kept;
    kept = [];
    for (const k of before) await w.update(k);
    await w.update(chunk);
  };
  return {
    update(chunk) {
      if (moved) return moved.update(chunk);
      if (size + chunk.length > inlineMax) return move(chunk);
      inline.update(chunk);
      kept.push(Buffer.from(chunk));
      size += chunk.length;
      return null;
    },
    digest() {
      if (moved) return moved.digest();
      kept = [];
      return Promise.resolve(inline.digest('hex'));
    },
    close() {
      kept = [];
      moved?.close();
    },
  };
}
