/**
 * Take one uploaded file stream into the blob store: type by magic bytes, size limit of that
 * type, SM3 + SHA-256 in the same pass, OFD structure checked before publishing. Memory stays
 * flat: each stage of the pipeline holds at most 1 MB (blob-store.ts UPLOAD_STAGE_BYTES), the SM3
 * worker's ring 8 MB — about 12 MB per upload in flight, whatever its size.
 */
import type { Readable } from 'node:stream';
import { MEDIA_TYPES, type TMediaKind } from '@xietong/core/dossier';
import { AppError } from '../http/app-error';
import type { TBlobInfo, TBlobStore } from './blob-store';
import type { TDocumentSettings } from './settings';
import { uploadCheck, verifyOfd } from './upload-checks';

export type TReceivedFile = { blob: TBlobInfo; kind: TMediaKind; mediaType: string; fileName: string | null };

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

export function cleanFileName(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop()!.replace(CONTROL_CHARS, '').trim();
  return base ? base.slice(0, 255) : null;
}

export async function receiveUpload(store: TBlobStore, settings: TDocumentSettings, file: Readable, fileName?: string): Promise<TReceivedFile> {
  const check = uploadCheck(settings.maxBytes);
  let blob: TBlobInfo;
  try {
    blob = await store.put(file, {
      transforms: [check],
      verify: async (tmpPath, info) => {
        if (check.kind() === 'ofd') await verifyOfd(tmpPath, info);
      },
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('DOCUMENT_TOO_LARGE', { details: { limitBytes: Math.max(...Object.values(settings.maxBytes)) } });
    }
    throw e;
  }
  const kind = check.kind();
  return { blob, kind, mediaType: MEDIA_TYPES[kind].mime, fileName: cleanFileName(fileName) };
}

/** The largest limit: what the multipart parser itself enforces before our per-type check. */
export function multipartFileLimit(settings: TDocumentSettings): number {
  return Math.max(...Object.values(settings.maxBytes)) + 1;
}
