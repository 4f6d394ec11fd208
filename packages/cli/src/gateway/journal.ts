/**
 * The gateway's durable queue: an append-only journal of JSON lines, each append on disk
 * (fsync) before it is acknowledged. Appends that arrive together share one write and one
 * fsync (group commit). On open the journal is replayed; a last line torn by a crash (no
 * newline, not JSON) was never acknowledged and is cut off.
 */
import fs from 'node:fs';
import path from 'node:path';

export type TJournal<R> = {
  /** resolves once the records are on disk */
  append(...records: R[]): Promise<void>;
  close(): Promise<void>;
};

export function openJournal<R>(file: string, onRecord: (r: R) => void): TJournal<R> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    let good = 0;
    let at = 0;
    while (at < text.length) {
      const nl = text.indexOf('\n', at);
      if (nl < 0) break; // torn tail
      const line = text.slice(at, nl);
      let rec: R;
      try {
        rec = JSON.parse(line) as R;
      } catch {
        break;
      }
      onRecord(rec);
      at = nl + 1;
      good = Buffer.byteLength(text.slice(0, at));
    }
    if (good !== Buffer.byteLength(text)) fs.truncateSync(file, good);
  }
  const fd = fs.openSync(file, 'a');
  // the directory entry too, the first time the file is created
  try {
    const dfd = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch { /* not supported on every platform */ }

  let pending: { lines: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;
  const flush = async (): Promise<void> => {
    while (pending.length) {
      const batch = pending;
      pending = [];
      try {
        const data = batch.map((b) => b.lines).join('');
        await new Promise<void>((resolve, reject) => fs.write(fd, data, null, 'utf8', (e) => (e ? reject(e) : resolve())));
        await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    flushing = null;
  };
  return {
    append: (...records) => {
      if (closed) return Promise.reject(new Error('journal closed'));
      return new Promise<void>((resolve, reject) => {
        pending.push({ lines: records.map((r) => `${JSON.stringify(r)}\n`).join(''), resolve, reject });
        flushing ??= flush();
      });
    },
    close: async () => {
      closed = true;
      while (flushing) await flushing;
      fs.closeSync(fd);
    },
  };
}
