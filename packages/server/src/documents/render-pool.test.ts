/**
 * 法律文书 render on worker threads (render-pool.ts): the PDF a worker renders is the one the main
 * thread would render (same text, same pages, same QR reference, glyphs inked on the printed page),
 * concurrent jobs each get their own document back, a worker that dies fails only its own jobs and
 * the next job gets a new worker, and the bundle built for production carries a worker that renders.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, threadId } from 'node:worker_threads';
import { genericLegalTemplate, renderLegalTemplate } from '@xietong/core/dossier';
import { describe, expect, it } from 'vitest';
import { missingRenderTools, printReport, wordsWithoutInk } from './print-check';
import { renderOffThread, renderWorkers, retryRenderWorkers, type TRenderJob, type TRenderReply } from './render-pool';
import { renderJob } from './render-worker';

const DATA: Record<string, string> = {
  caseTitle: '张某某盗窃案', receiverName: '长春市朝阳区看守所', agencyName: '长春市公安局朝阳分局', date: '二〇二六年十一月三十日',
  suspects: '张某某', charges: '盗窃罪', suspectDetails: '犯罪嫌疑人张某某，男，1990年1月1日出生，住长春市朝阳区红旗街100号。', legalBasis: '《中华人民共和国刑事诉讼法》第八十二条',
  decisionText: '根据《中华人民共和国刑事诉讼法》第八十二条的规定，决定对犯罪嫌疑人张某某执行拘留，送长春市朝阳区看守所羁押。',
};
const DOC = renderLegalTemplate(genericLegalTemplate('detention_warrant'), DATA);
const job = (n: number): TRenderJob => ({
  agencyName: '长春市公安局朝阳分局', number: `长朝公拘字〔2026〕${n}号`, doc: DOC,
  dateZh: DATA.date!, keyId: 'a1b2c3d4e5f60718293a4b5c', info: { XietongSignerKeyId: 'a1b2c3d4e5f60718293a4b5c' },
  qr: { documentId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, keyId: 'a1b2c3d4e5f60718293a4b5c' },
});

describe('法律文书 render worker threads', () => {
  it('render off the main thread the document the main thread would render', async () => {
    const off = await renderOffThread(job(7));
    expect(off.threadId).not.toBe(threadId);
    const inline = await renderJob(job(7));
    expect(Buffer.from(off.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(off.text).toBe(inline.text);
    expect(off.pages).toBe(inline.pages);
    expect(off.text).toContain('长朝公拘字〔2026〕7号');
    if (!missingRenderTools.length) {
      // both renderers draw it without complaint, and every word of the text layer is inked
      const report = printReport(off.bytes);
      expect(report.complaints).toEqual({ pdftoppm: [], mutool: [] });
      expect(wordsWithoutInk(report)).toEqual([]);
    }
  });

  it('give each of many concurrent jobs its own document', async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => 100 + i);
    const out = await Promise.all(numbers.map((n) => renderOffThread(job(n))));
    out.forEach((pdf, i) => expect(pdf.text).toContain(`长朝公拘字〔2026〕${numbers[i]}号`));
  });

  it('fail only the jobs of a worker that dies, and start a new worker for the next', async () => {
    await renderOffThread(job(1)); // a worker is up
    const [worker] = renderWorkers();
    const pending = renderOffThread(job(2));
    await worker!.terminate();
    await expect(pending).rejects.toThrow(/render worker exited/);
    const next = await renderOffThread(job(3));
    expect(next.text).toContain('长朝公拘字〔2026〕3号');
    expect(renderWorkers()).not.toContain(worker);
  });

  it('render on the main thread, and say so once, when the worker code cannot be loaded', async () => {
    const g = globalThis as { __xietongRenderWorkerUrl?: string };
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    await Promise.all(renderWorkers().map((w) => w.terminate()));
    // as if the bundle had been copied without the worker beside it
    g.__xietongRenderWorkerUrl = pathToFileURL(path.join(os.tmpdir(), `no-such-dir-${process.pid}`, 'xietong-render-worker.mjs')).href;
    try {
      const out = await Promise.all([21, 22, 23].map((n) => renderOffThread(job(n))));
      out.forEach((pdf, i) => {
        expect(pdf.threadId).toBe(threadId);
        expect(pdf.text).toContain(`长朝公拘字〔2026〕${21 + i}号`);
      });
      expect((await renderOffThread(job(24))).threadId).toBe(threadId);
      expect(warnings.filter((w) => w.includes('render worker unavailable'))).toHaveLength(1);
    } finally {
      delete g.__xietongRenderWorkerUrl;
      process.off('warning', onWarning);
      retryRenderWorkers();
    }
    // and with the code back, a worker renders again
    expect((await renderOffThread(job(25))).threadId).not.toBe(threadId);
  });

  it('the production bundle carries a worker that renders (scripts/build-server.mjs)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bundle-'));
    try {
      const out = path.join(dir, 'xietong.mjs');
      execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../../../scripts/build-server.mjs'), '--out', out], { stdio: 'pipe' });
      const bundled = path.join(dir, 'xietong-render-worker.mjs');
      expect(fs.existsSync(bundled)).toBe(true);
      // the boot code the pool gives a worker, without tsx: the bundle alone must load
      const worker = new Worker(`const { parentPort, workerData } = require('node:worker_threads'); import(workerData.url).then(() => parentPort.postMessage({ ready: true }));`, {
        eval: true, workerData: { url: new URL(`file://${bundled}`).href, xietongRenderWorker: true }, execArgv: [],
      });
      try {
        const reply = await new Promise<TRenderReply>((resolve, reject) => {
          worker.on('error', reject);
          worker.on('message', (m: { ready?: boolean } & TRenderReply) => {
            if (m.ready) worker.postMessage({ id: 1, job: job(9) });
            else resolve(m);
          });
        });
        expect(reply.ok, reply.ok ? '' : reply.error).toBe(true);
        if (reply.ok) expect(reply.text).toContain('长朝公拘字〔2026〕9号');
      } finally {
        await worker.terminate();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
