/**
 * The worker thread side of render-pool.ts: renders 法律文书 PDFs off the server's main thread.
 * Loaded by the pool's boot code (from the sources through tsx, or as `xietong-render-worker.mjs` beside the
 * bundle, scripts/build-server.mjs); it answers only when the pool started it (workerData marks it),
 * so importing this module anywhere else does nothing.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { formatPrintReference, textSm3 } from './print-reference';
import { renderLegalPdf } from './render-legal-pdf';
import type { TRenderJob, TRenderReply } from './render-pool';

/** One job: the PDF and its text; the QR code says what print-reference.ts formats for the document. */
export async function renderJob(job: TRenderJob): Promise<{ bytes: Uint8Array; text: string; pages: number }> {
  const { qr, ...input } = job;
  return renderLegalPdf({
    ...input,
    ...(qr ? { qr: (text: string) => formatPrintReference({ documentId: qr.documentId, textSm3: textSm3(text), keyId: qr.keyId }) } : {}),
  });
}

const port = parentPort;
if (port && (workerData as { xietongRenderWorker?: boolean } | null)?.xietongRenderWorker) {
  port.on('message', (m: { id: number; job: TRenderJob }) => {
    renderJob(m.job).then(
      (pdf) => {
        const reply: TRenderReply = { id: m.id, ok: true, bytes: pdf.bytes, text: pdf.text, pages: pdf.pages, threadId };
        port.postMessage(reply, [pdf.bytes.buffer as ArrayBuffer]);
      },
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies TRenderReply),
    );
  });
}
