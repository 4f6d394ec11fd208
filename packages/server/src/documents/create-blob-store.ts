/**
 * The blob store the settings name: an S3-compatible bucket when XIETONG_BLOB_S3_BUCKET is
 * set, else the directory `<dataDir>/blobs` (documents/settings.ts).
 */
import type { TBlobStore } from './blob-store';
import { createFsBlobStore } from './fs-blob-store';
import { createS3BlobStore } from './s3-blob-store';
import type { TDocumentSettings } from './settings';

export function createBlobStore(s: Pick<TDocumentSettings, 's3' | 'blobDir' | 'tmpDir'>): TBlobStore {
  return s.s3 ? createS3BlobStore(s.s3, s.tmpDir) : createFsBlobStore(s.blobDir, s.tmpDir);
}
