/**
 * The blob store on an S3-compatible service (AWS S3, MinIO, Ceph RGW, OSS/COS in S3 mode),
 * spoken over its REST API with AWS Signature V4 (the `aws4` package signs; nothing else
 * from an SDK is needed). The payload hash is the blob's own SHA-256, so the signature
 * covers the content and the service rejects a corrupted upload.
 *
 * One implementation of the port in blob-store.ts (the other: fs-blob-store.ts).
 * s3-blob-store.test.ts checks the signing against AWS's published SigV4 example and runs the
 * store (upload, download, dedup, verify) against a real S3-compatible server (s3rver).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import aws4 from 'aws4';
import { assertBlobName, spoolToTemp, type TBlobStore } from './blob-store';
import type { TS3Settings } from './settings';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export type TS3Request = {
  protocol: 'http:' | 'https:';
  host: string;
  port: number | undefined;
  method: string;
  path: string;
  headers: Record<string, string>;
};

/** A signed request for one object operation. `now` fixes X-Amz-Date (tests). */
export function buildS3Request(
  s: TS3Settings,
  method: 'GET' | 'PUT' | 'HEAD',
  key: string,
  opts: { payloadSha256?: string; contentLength?: number; headers?: Record<string, string>; now?: Date } = {},
): TS3Request {
  const url = new URL(s.endpoint);
  const encodedKey = key.split('/').map(encodeURIComponent).join('/');
  const host = s.pathStyle ? url.host : `${s.bucket}.${url.host}`;
  const basePath = url.pathname.replace(/\/+$/, '');
  const objectPath = s.pathStyle ? `${basePath}/${encodeURIComponent(s.bucket)}/${encodedKey}` : `${basePath}/${encodedKey}`;
  const headers: Record<string, string> = { ...(opts.headers ?? {}), 'X-Amz-Content-Sha256': opts.payloadSha256 ?? EMPTY_SHA256 };
  if (opts.contentLength !== undefined) headers['Content-Length'] = String(opts.contentLength);
  if (opts.now) headers['X-Amz-Date'] = opts.now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const signed = aws4.sign(
    { host, path: objectPath, method, service: 's3', region: s.region, headers, doNotEncodePath: true },
    { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
  );
  return {
    protocol: url.protocol === 'http:' ? 'http:' : 'https:',
    host: signed.host as string,
    port: url.port ? Number(url.port) : undefined,
    method,
    path: signed.path as string,
    headers: signed.headers as Record<string, string>,
  };
}

function send(req: TS3Request, body?: Readable): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = req.protocol === 'http:' ? http : https;
    const r = mod.request(
      { host: req.host.split(':')[0], port: req.port, method: req.method, path: req.path, headers: req.headers },
      resolve,
    );
    r.on('error', reject);
    if (body) body.pipe(r);
    else r.end();
  });
}

async function failure(res: http.IncomingMessage, what: string): Promise<Error> {
  let text = '';
  for await (const c of res) if (text.length < 2000) text += String(c);
  return new Error(`S3 ${what} failed: HTTP ${res.statusCode} ${text.slice(0, 500)}`);
}

export function createS3BlobStore(s: TS3Settings, tmpDir: string): TBlobStore {
  const keyOf = (sha256: string) => {
    assertBlobName(sha256);
    return `${s.prefix}${sha256.slice(0, 2)}/${sha256}`;
  };
  /** the object's size, or null when there is none */
  const stat = async (sha256: string): Promise<number | null> => {
    const res = await send(buildS3Request(s, 'HEAD', keyOf(sha256)));
    res.resume();
    if (res.statusCode === 200) return Number(res.headers['content-length']);
    if (res.statusCode === 404) return null;
    throw new Error(`S3 HEAD failed: HTTP ${res.statusCode}`);
  };
  const head = async (sha256: string) => (await stat(sha256)) !== null;
  return {
    kind: 's3',
    async put(source, opts) {
      // Spool first: the key is the content hash, known only at the end of the stream.
      const { tmpPath, info } = await spoolToTemp(tmpDir, source, opts?.transforms);
      try {
        await opts?.verify?.(tmpPath, info);
        if (!(await head(info.sha256))) {
          const req = buildS3Request(s, 'PUT', keyOf(info.sha256), { payloadSha256: info.sha256, contentLength: info.size });
          const res = await send(req, fs.createReadStream(tmpPath));
          if (res.statusCode !== 200) throw await failure(res, 'PUT');
          res.resume();
        }
      } finally {
        await fs.promises.rm(tmpPath, { force: true });
      }
      return info;
    },
    async get(sha256) {
      const res = await send(buildS3Request(s, 'GET', keyOf(sha256)));
      if (res.statusCode === 404) {
        res.resume();
        throw Object.assign(new Error(`blob ${sha256} not found`), { code: 'ENOENT' });
      }
      if (res.statusCode !== 200) throw await failure(res, 'GET');
      return res;
    },
    has: head,
    size: stat,
  };
}
