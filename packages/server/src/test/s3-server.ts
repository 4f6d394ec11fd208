/**
 * A real S3-compatible server for tests (npm `s3rver`, pure JavaScript): path-style buckets,
 * one account (access key S3RVER; it checks the key id, not SigV4 signatures), objects on disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { TS3Settings } from '../documents/settings';

export type TS3Server = {
  settings: (bucket: string) => TS3Settings;
  env: (bucket: string) => Record<string, string>;
  /** object-created events seen so far, per bucket (PUTs that stored an object) */
  puts: (bucket: string) => number;
  close: () => Promise<void>;
};

export async function startS3Server(buckets: string[]): Promise<TS3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = (await server.run()) as { port: number };
  const puts = new Map<string, number>();
  server.on('event', (e: { Records: { eventName: string; s3: { bucket: { name: string } } }[] }) => {
    for (const r of e.Records) if (r.eventName.startsWith('ObjectCreated')) puts.set(r.s3.bucket.name, (puts.get(r.s3.bucket.name) ?? 0) + 1);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    settings: (bucket) => ({ bucket, endpoint, region: 'us-east-1', prefix: 'blobs/', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', pathStyle: true }),
    env: (bucket) => ({
      XIETONG_BLOB_S3_BUCKET: bucket, XIETONG_BLOB_S3_ENDPOINT: endpoint, XIETONG_BLOB_S3_ACCESS_KEY_ID: 'S3RVER', XIETONG_BLOB_S3_SECRET_ACCESS_KEY: 'S3RVER',
    }),
    puts: (bucket) => puts.get(bucket) ?? 0,
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
