/**
 * 法律文书 PDFs rendered on worker threads (issue 13). Rendering is CPU work of several
 * milliseconds per document (font subsets, layout, deflate, QR); on the server's main thread it
 * delayed every other request's next step, and with it every lock a transaction holds while it
 * waits for its turn (the 文号 counter row of a busy agency). The pool keeps that work off the
 * event loop and lets it use the other cores.
 *
 * Workers are few and shared: one per spare core, at most 4 (one on a 2-core machine); a job goes
 * to the least busy. A worker is held (ref) only while it has jobs, so an idle pool never keeps a
 * CLI command alive. If a worker dies, its jobs fail with the error (a step's document stays
 * pending for the first fetch or the minute sweep, render-issued-documents.ts) and the next job
 * starts a new one. If the worker's code cannot be loaded at all, the process renders on the
 * caller's thread from then on and says so once.
 *
 * Where the worker's code is: beside the bundle as `xietong-render-worker.mjs` when the server runs from
 * packages/cli/dist (scripts/build-server.mjs builds both and its banner names the worker's URL);
 * from the sources (tsx, vitest) it is render-worker.ts, loaded through tsx's loader registered in
 * the worker.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import type { TLegalPdfInput } from './render-legal-pdf';
import { workerPoolSize } from './worker-hash';

/** What a worker renders: the PDF's input, with the QR code's reference named instead of computed. */
export type TRenderJob = Omit<TLegalPdfInput, 'qr'> & { qr?: { documentId: string; keyId: string } };
export type TRenderReply =
  | { id: number; ok: true; bytes: Uint8Array; text: string; pages: number; threadId: number }
  | { id: number; ok: false; error: string };
export type TRenderedOffThread = { bytes: Uint8Array; text: string; pages: number; threadId: number };

const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.url);
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ ready: false, error: String((e && e.stack) || e) }));
`;

type TJob = { job: TRenderJob; resolve(r: TRenderedOffThread): void; reject(e: Error): void };
type TSlot = { worker: Worker; ready: boolean; jobs: Map<number, TJob>; queued: { id: number; job: TRenderJob }[] };

const slots: TSlot[] = [];
let nextId = 1;
/** why the worker code could not be loaded; then every render runs on the caller's thread */
let unavailable: string | null = null;

/** The worker module to load, and tsx's API when it is TypeScript. */
function workerSource(): { url: string; tsxApi: string | null } {
  // set by the bundle's banner (scripts/build-server.mjs)
  const bundled = (globalThis as { __xietongRenderWorkerUrl?: string }).__xietongRenderWorkerUrl;
  if (bundled) return { url: bundled, tsxApi: null };
  return { url: new URL('./render-worker.ts', import.meta.url).href, tsxApi: tsxEsmApi() };
}

/** The URL of tsx's ES module API (`tsx/esm/api`, its "import" export), for a worker to register tsx with. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exported = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!;
  return pathToFileURL(path.join(path.dirname(manifest), exported.import.default)).href;
}

function startSlot(): TSlot {
  const worker = new Worker(BOOT, { eval: true, workerData: { ...workerSource(), xietongRenderWorker: true }, execArgv: [] });
  const slot: TSlot = { worker, ready: false, jobs: new Map(), queued: [] };
  worker.unref();
  const drop = (e: Error) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    slot.queued = [];
    if (!slot.ready) {
      // the code did not load: this process renders inline from now on (this worker's jobs too)
      if (!unavailable) process.emitWarning(`文书渲染线程不可用，改在主线程渲染 / render worker unavailable, rendering on the main thread: ${e.message}`);
      unavailable ??= e.message;
      for (const j of jobs) renderInline(j.job).then(j.resolve, j.reject);
      return;
    }
    for (const j of jobs) j.reject(e);
  };
  worker.on('message', (m: TRenderReply | { ready: boolean; error?: string }) => {
    if ('ready' in m) {
      if (!m.ready) {
        drop(new Error(m.error ?? 'render worker failed to load'));
        void worker.terminate();
        return;
      }
      slot.ready = true;
      for (const q of slot.queued) worker.postMessage(q);
      slot.queued = [];
      return;
    }
    const j = slot.jobs.get(m.id);
    if (!j) return;
    slot.jobs.delete(m.id);
    if (slot.jobs.size === 0) worker.unref();
    if (m.ok) j.resolve({ bytes: m.bytes, text: m.text, pages: m.pages, threadId: m.threadId });
    else j.reject(new Error(`rendering failed on the render worker: ${m.error}`));
  });
  worker.on('error', drop);
  // a reply that cannot be read fails the worker's jobs rather than leaving them waiting
  worker.on('messageerror', (e) => {
    drop(e instanceof Error ? e : new Error(String(e)));
    void worker.terminate();
  });
  worker.on('exit', (code) => drop(new Error(`render worker exited (${code})`)));
  slots.push(slot);
  return slot;
}

function pickSlot(): TSlot {
  const idle = slots.find((s) => s.jobs.size === 0);
  if (idle) return idle;
  if (slots.length < workerPoolSize()) return startSlot();
  return slots.reduce((best, s) => (s.jobs.size < best.jobs.size ? s : best));
}

async function renderInline(job: TRenderJob): Promise<TRenderedOffThread> {
  const { renderJob } = await import('./render-worker');
  return { ...(await renderJob(job)), threadId };
}

/** Renders one 法律文书 PDF on a worker thread (on this thread when no worker can run). */
export function renderOffThread(job: TRenderJob): Promise<TRenderedOffThread> {
  if (unavailable) return renderInline(job);
  let slot: TSlot;
  try {
    slot = pickSlot();
  } catch (e) {
    unavailable = String(e);
    return renderInline(job);
  }
  return new Promise<TRenderedOffThread>((resolve, reject) => {
    const id = nextId++;
    slot.jobs.set(id, { job, resolve, reject });
    slot.worker.ref();
    if (slot.ready) slot.worker.postMessage({ id, job });
    else slot.queued.push({ id, job });
  });
}

/** For tests: the pool's workers (to stop one as a crash would). */
export function renderWorkers(): readonly Worker[] {
  return slots.map((s) => s.worker);
}

/** For tests: forget that the worker code could not load (the next job tries a worker again). */
export function retryRenderWorkers(): void {
  unavailable = null;
}
