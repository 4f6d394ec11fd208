/**
 * The S3 blob store: request building and SigV4 signing against AWS's published example (S3 API
 * reference, "Signature Calculations for the Authorization Header"), and the store itself —
 * upload, download, dedup, verify — against a real S3-compatible server started here (s3rver:
 * real HTTP, real objects on disk, access keys checked), as the platform uses it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBlobs } from '../ledger/verify-blobs';
import { createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';
import { startS3Server, type TS3Server } from '../test/s3-server';
import { readAll } from './blob-store';
import { createBlobStore } from './create-blob-store';
import { buildS3Request, createS3BlobStore } from './s3-blob-store';
import { documentSettings } from './settings';
import { chinesePdf, upload } from './test-support';

const AWS_EXAMPLE = {
  bucket: 'examplebucket', endpoint: 'https://s3.amazonaws.com', region: 'us-east-1', prefix: '',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', pathStyle: false,
};

describe('S3 request signing', () => {
  it('reproduces the AWS SigV4 PUT Object example signature', () => {
    // Payload "Welcome to Amazon S3."; Range (the GET example) is one header aws4 never signs.
    const req = buildS3Request(AWS_EXAMPLE, 'PUT', 'test$file.text', {
      payloadSha256: '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      now: new Date('2013-05-24T00:00:00Z'),
    });
    expect(req.host).toBe('examplebucket.s3.amazonaws.com');
    expect(req.path).toBe('/test%24file.text');
    expect(req.headers.Authorization!.replace(/, /g, ',')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('builds path-style PUTs with the blob SHA-256 as the signed payload hash', () => {
    const sha = 'a'.repeat(64);
    const s = { ...AWS_EXAMPLE, endpoint: 'http://127.0.0.1:9000', pathStyle: true, prefix: 'blobs/' };
    const req = buildS3Request(s, 'PUT', `blobs/aa/${sha}`, { payloadSha256: sha, contentLength: 1234, now: new Date('2025-01-02T03:04:05Z') });
    expect(req).toMatchObject({ protocol: 'http:', port: 9000, method: 'PUT', path: `/examplebucket/blobs/aa/${sha}` });
    expect(req.headers['X-Amz-Content-Sha256']).toBe(sha);
    expect(req.headers['Content-Length']).toBe('1234');
    expect(req.headers.Authorization!.replace(/, /g, ',')).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20250102\/us-east-1\/s3\/aws4_request,SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/);
  });

  it('is chosen by XIETONG_BLOB_S3_* and refuses an incomplete configuration', () => {
    expect(documentSettings('/tmp/x', {}).s3).toBeNull();
    expect(() => documentSettings('/tmp/x', { XIETONG_BLOB_S3_BUCKET: 'b' })).toThrow(/XIETONG_BLOB_S3_ENDPOINT/);
    const s = documentSettings('/tmp/x', {
      XIETONG_BLOB_S3_BUCKET: 'b', XIETONG_BLOB_S3_ENDPOINT: 'https://minio.local/', XIETONG_BLOB_S3_ACCESS_KEY_ID: 'k', XIETONG_BLOB_S3_SECRET_ACCESS_KEY: 's',
    });
    expect(s.s3).toMatchObject({ bucket: 'b', endpoint: 'https://minio.local', region: 'us-east-1', prefix: 'blobs/', pathStyle: true });
  });
});

describe('S3 blob store against a real S3-compatible server', () => {
  let s3: TS3Server;
  let tmp: string;
  beforeAll(async () => {
    s3 = await startS3Server(['xt-blobs', 'xt-app']);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-s3tmp-'));
  });
  afterAll(async () => {
    await s3?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('uploads, downloads the same bytes, and stores identical content once (content addressing)', async () => {
    const store = createS3BlobStore(s3.settings('xt-blobs'), tmp);
    expect(store.kind).toBe('s3');
    const bytes = crypto.randomBytes(300_000);
    const info = await store.put(Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    expect(info).toEqual({ sha256: crypto.createHash('sha256').update(bytes).digest('hex'), sm3: crypto.createHash('sm3').update(bytes).digest('hex'), size: bytes.length });
    expect(await store.has(info.sha256)).toBe(true);
    expect((await readAll(await store.get(info.sha256))).equals(bytes)).toBe(true);
    expect(s3.puts('xt-blobs')).toBe(1);
    // the same bytes again: same name, no second object written
    expect(await store.put(Readable.from([bytes]))).toEqual(info);
    expect(s3.puts('xt-blobs')).toBe(1);
    const absent = 'f'.repeat(64);
    expect(await store.has(absent)).toBe(false);
    await expect(store.get(absent)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(tmp)).toEqual([]); // spooled temp files are gone
  });

  it('an unknown access key is refused by the server and the upload fails, nothing half-written', async () => {
    // (s3rver checks the access key id but not SigV4 signatures; the signing is checked above against AWS's example)
    const store = createS3BlobStore({ ...s3.settings('xt-blobs'), accessKeyId: 'NOT-A-KEY' }, tmp);
    await expect(store.put(Readable.from([Buffer.from('x')]))).rejects.toThrow(/S3 (HEAD|PUT) failed: HTTP 403/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('serves the platform: an uploaded document lands in the bucket, downloads intact, and verify names an altered object', async () => {
    Object.assign(process.env, s3.env('xt-app')); // documentSettings reads the environment when the routes register
    let env: TTestEnv | null = null;
    try {
      env = await createTestEnv({ dataDir: tmp });
      const store = createBlobStore(documentSettings(tmp));
      expect(store.kind).toBe('s3');
      const agency = await makeAgency(env, { type: 'police' });
      const police = await makeUser(env, agency.id, ['handler']);
      const c = await makeCase(env, police);
      const pdf = await chinesePdf(['受案登记表', '对象存储测试']);
      const res = await upload(env, police, `/api/cases/${c.id}/documents?docType=case_registration&title=${encodeURIComponent('受案登记表')}`, pdf, 'a.pdf');
      expect(res.statusCode, res.body).toBe(201);
      const sha = res.json().currentVersion.sha256 as string;
      expect(fs.existsSync(path.join(tmp, 'blobs', sha.slice(0, 2), sha))).toBe(false); // not in the directory
      expect((await readAll(await store.get(sha))).equals(pdf)).toBe(true);
      const dl = await env.app.inject({ method: 'GET', url: `/api/documents/${res.json().id}/content`, headers: { cookie: police.cookie } });
      expect(dl.rawPayload.equals(pdf)).toBe(true);
      expect((await verifyBlobs(env.database.db, store)).findings).toEqual([]);

      // someone with bucket access replaces the object: verify names the row
      const forged = Buffer.from('%PDF-1.7 forged');
      const req = buildS3Request(s3.settings('xt-app'), 'PUT', `blobs/${sha.slice(0, 2)}/${sha}`, { payloadSha256: crypto.createHash('sha256').update(forged).digest('hex'), contentLength: forged.length });
      await new Promise<void>((resolve, reject) => {
        const r = http.request({ host: req.host.split(':')[0], port: req.port, method: 'PUT', path: req.path, headers: req.headers }, (resp) => { resp.resume(); if (resp.statusCode === 200) resolve(); else reject(new Error(String(resp.statusCode))); });
        r.on('error', reject);
        r.end(forged);
      });
      const found = (await verifyBlobs(env.database.db, store)).findings;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ code: 'BLOB_ALTERED', table: 'document_versions' });
    } finally {
      for (const k of Object.keys(s3.env('xt-app'))) delete process.env[k];
      await env?.close();
    }
  });
});
