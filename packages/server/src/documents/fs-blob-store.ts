/**
 * The blob store in a directory (`<dataDir>/blobs/<first two hex>/<sha256>`, read-only files):
 * one implementation of the port in blob-store.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assertBlobName, spoolToTemp, type TBlobStore } from './blob-store';

export function createFsBlobStore(blobDir: string, tmpDir: string): TBlobStore {
  const fileOf = (sha256: string) => {
    assertBlobName(sha256);
    return path.join(blobDir, sha256.slice(0, 2), sha256);
  };
  return {
    kind: 'fs',
    async put(source, opts) {
      const { tmpPath, info } = await spoolToTemp(tmpDir, source, opts?.transforms, { flushAsItGoes: true });
      const target = fileOf(info.sha256);
      try {
        await opts?.verify?.(tmpPath, info);
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        if (fs.existsSync(target)) await fs.promises.rm(tmpPath, { force: true }); // same bytes already stored
        else {
          const fh = await fs.promises.open(tmpPath, 'r');
          await fh.sync(); // durable before it becomes visible under its name
          await fh.close();
          await fs.promises.rename(tmpPath, target);
          await fs.promises.chmod(target, 0o400);
        }
      } catch (e) {
        await fs.promises.rm(tmpPath, { force: true });
        throw e;
      }
      return info;
    },
    async get(sha256) {
      const file = fileOf(sha256);
      await fs.promises.access(file, fs.constants.R_OK);
      return fs.createReadStream(file);
    },
    async has(sha256) {
      return fs.existsSync(fileOf(sha256));
    },
    async size(sha256) {
      try {
        return (await fs.promises.stat(fileOf(sha256))).size;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}

