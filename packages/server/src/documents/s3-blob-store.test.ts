/**
 * The S3 adapter cannot be integration-tested here (no S3 service); its request building and
 * SigV4 signing are checked against AWS's published example (S3 API reference, "Signature
 * Calculations for the Authorization Header", GET Object example).
 */
import { describe, expect, it } from 'vitest';
import { buildS3Request } from './s3-blob-store';
import { documentSettings } from './settings';

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
