/**
 * Document storage settings from the environment (only documents read them, as the ledger
 * does with its own). README "Configuration" lists them.
 *
 *   XIETONG_UPLOAD_MAX_MB_PDF / _JPEG / _PNG / _TIFF / _OFD   size limit per type (MB)
 *   XIETONG_TEXT_EXTRACT_MAX_MB        PDFs up to this size get their text layer extracted (20)
 *   XIETONG_BLOB_S3_BUCKET             set → blobs go to this S3-compatible bucket, else <dataDir>/blobs
 *   XIETONG_BLOB_S3_ENDPOINT           e.g. https://s3.cn-north-1.amazonaws.com.cn or http://127.0.0.1:9000 (MinIO)
 *   XIETONG_BLOB_S3_REGION             signing region (us-east-1)
 *   XIETONG_BLOB_S3_ACCESS_KEY_ID / XIETONG_BLOB_S3_SECRET_ACCESS_KEY
 *   XIETONG_BLOB_S3_PREFIX             key prefix (blobs/)
 *   XIETONG_BLOB_S3_PATH_STYLE         1 (default): endpoint/bucket/key; 0: bucket.endpoint/key
 */
import path from 'node:path';
import type { TMediaKind } from '@xietong/core/dossier';

export type TS3Settings = {
  bucket: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
  pathStyle: boolean;
};

export type TDocumentSettings = {
  dataDir: string;
  blobDir: string;
  tmpDir: string;
  maxBytes: Record<TMediaKind, number>;
  textExtractMaxBytes: number;
  s3: TS3Settings | null;
};

const MB = 1024 * 1024;

function mb(v: string | undefined, def: number, name: string): number {
  if (v === undefined || v === '') return def * MB;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`环境变量 ${name} 应为正数 (got "${v}")`);
  return Math.floor(n * MB);
}

export function documentSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): TDocumentSettings {
  const bucket = env.XIETONG_BLOB_S3_BUCKET;
  let s3: TS3Settings | null = null;
  if (bucket) {
    const need = (k: string) => {
      const v = env[k];
      if (!v) throw new Error(`XIETONG_BLOB_S3_BUCKET 已设置，但缺少 ${k}`);
      return v;
    };
    s3 = {
      bucket,
      endpoint: need('XIETONG_BLOB_S3_ENDPOINT').replace(/\/+$/, ''),
      region: env.XIETONG_BLOB_S3_REGION || 'us-east-1',
      accessKeyId: need('XIETONG_BLOB_S3_ACCESS_KEY_ID'),
      secretAccessKey: need('XIETONG_BLOB_S3_SECRET_ACCESS_KEY'),
      prefix: env.XIETONG_BLOB_S3_PREFIX ?? 'blobs/',
      pathStyle: env.XIETONG_BLOB_S3_PATH_STYLE !== '0',
    };
  }
  return {
    dataDir,
    blobDir: path.join(dataDir, 'blobs'),
    tmpDir: path.join(dataDir, 'blobs', 'tmp'),
    maxBytes: {
      pdf: mb(env.XIETONG_UPLOAD_MAX_MB_PDF, 1024, 'XIETONG_UPLOAD_MAX_MB_PDF'),
      jpeg: mb(env.XIETONG_UPLOAD_MAX_MB_JPEG, 64, 'XIETONG_UPLOAD_MAX_MB_JPEG'),
      png: mb(env.XIETONG_UPLOAD_MAX_MB_PNG, 64, 'XIETONG_UPLOAD_MAX_MB_PNG'),
      tiff: mb(env.XIETONG_UPLOAD_MAX_MB_TIFF, 512, 'XIETONG_UPLOAD_MAX_MB_TIFF'),
      ofd: mb(env.XIETONG_UPLOAD_MAX_MB_OFD, 512, 'XIETONG_UPLOAD_MAX_MB_OFD'),
    },
    textExtractMaxBytes: mb(env.XIETONG_TEXT_EXTRACT_MAX_MB, 20, 'XIETONG_TEXT_EXTRACT_MAX_MB'),
    s3,
  };
}
