/**
 * Backups of a platform whose blobs live in an S3-compatible store (issue #12): the backup
 * streams the objects the rows name out of the bucket; restore writes them into the target
 * store (another bucket) or, without one, into the restored directory. Real embedded
 * PostgreSQL, real S3-compatible server (s3rver), uploads through the HTTP API.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDatabase, type TDatabase } from '../db/database';
import { startEmbedded, type TEmbeddedHandle } from '../db/embedded';
import { migrate } from '../db/migrate';
import { readAll } from '../documents/blob-store';
import { createS3BlobStore } from '../documents/s3-blob-store';
import { chinesePdf, upload } from '../documents/test-support';
import { makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';
import { startS3Server, type TS3Server } from '../test/s3-server';
import { BackupError, backupDataDir, restoreDataDir } from './backup';

const PASS = 's3-backup-passphrase-2026';
const top = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-s3bk-'));
fs.chmodSync(top, 0o755);
const dataDir = path.join(top, 'data');
let pgh: TEmbeddedHandle;
let database: TDatabase;
let env: TTestEnv;
let s3: TS3Server;
const pdfs: Buffer[] = [];
const shas: string[] = [];

beforeAll(async () => {
  s3 = await startS3Server(['live', 'restored']);
  Object.assign(process.env, s3.env('live'));
  pgh = await startEmbedded({ dataDir });
  await migrate(pgh.url);
  database = createDatabase(pgh.url, { max: 4 });
  const config = { ...loadConfig({}), dataDir, logLevel: 'silent' };
  const app = await buildApp({ database, config, dbKind: 'embedded' }, { logger: false });
  await app.ready();
  env = { app, database, url: pgh.url, config, close: async () => {} };
  const agency = await makeAgency(env, { type: 'police' });
  const police = await makeUser(env, agency.id, ['handler']);
  const c = await makeCase(env, police);
  for (const line of ['第一份材料', '第二份材料']) {
    const pdf = await chinesePdf(['受案登记表', line]);
    const res = await upload(env, police, `/api/cases/${c.id}/documents?docType=case_registration&title=${encodeURIComponent(line)}`, pdf, 'a.pdf');
    expect(res.statusCode, res.body).toBe(201);
    pdfs.push(pdf);
    shas.push(res.json().currentVersion.sha256 as string);
  }
}, 180_000);

afterAll(async () => {
  for (const k of Object.keys(s3?.env('live') ?? {})) delete process.env[k];
  await env?.app.close();
  await database?.close();
  await pgh?.stop();
  await s3?.close();
  fs.rmSync(top, { recursive: true, force: true });
});

describe('backup and restore with an S3-compatible blob store', () => {
  const file = path.join(top, 'b.xtb');

  it('streams every object a row names into the backup; restore writes them into the target bucket byte for byte', async () => {
    expect(fs.existsSync(path.join(dataDir, 'blobs', shas[0]!.slice(0, 2), shas[0]!))).toBe(false); // they are in the bucket
    const { manifest } = await backupDataDir({ dataDir, url: pgh.url, file, passphrase: PASS });
    expect(manifest.blobStore).toBe('s3');
    expect(manifest.counts.blobs).toBe(2);
    for (const sha of shas) expect(manifest.parts.map((p) => p.name)).toContain(`s3blobs/${sha}`);

    const target = createS3BlobStore(s3.settings('restored'), path.join(top, 'spool'));
    for (const sha of shas) expect(await target.has(sha)).toBe(false);
    await restoreDataDir({ file, dataDir: path.join(top, 'into-bucket'), passphrase: PASS, blobStore: target });
    for (const [i, sha] of shas.entries()) expect((await readAll(await target.get(sha))).equals(pdfs[i]!)).toBe(true);
    expect(fs.existsSync(path.join(top, 'into-bucket', 'blobs'))).toBe(false);
    expect(fs.existsSync(path.join(top, 'into-bucket', 'pg', 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it('without an S3 store where it restores, the objects become the restored directory’s blobs/', async () => {
    const into = path.join(top, 'into-dir');
    await restoreDataDir({ file, dataDir: into, passphrase: PASS, blobStore: null });
    for (const [i, sha] of shas.entries()) expect(fs.readFileSync(path.join(into, 'blobs', sha.slice(0, 2), sha)).equals(pdfs[i]!)).toBe(true);
  }, 120_000);

  it('an object changed inside the backup file is refused before it reaches the target store', async () => {
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf(pdfs[1]!);
    expect(at).toBeGreaterThan(0);
    bytes.writeUInt8(bytes.readUInt8(at + 100) ^ 0x01, at + 100);
    const bad = path.join(top, 'bad.xtb');
    fs.writeFileSync(bad, bytes);
    const fresh = createS3BlobStore({ ...s3.settings('restored'), prefix: 'fresh/' }, path.join(top, 'spool'));
    await expect(restoreDataDir({ file: bad, dataDir: path.join(top, 'never'), passphrase: PASS, blobStore: fresh })).rejects.toThrow(BackupError);
    expect(await fresh.has(shas[1]!)).toBe(false);
    const altered = crypto.createHash('sha256').update(bytes.subarray(at, at + pdfs[1]!.length)).digest('hex');
    expect(await fresh.has(altered)).toBe(false);
    expect(fs.existsSync(path.join(top, 'never'))).toBe(false);
  }, 120_000);

  it('an object missing from the bucket makes the backup fail with its name, not a partial backup', async () => {
    const empty = createS3BlobStore({ ...s3.settings('restored'), prefix: 'empty/' }, path.join(top, 'spool'));
    const out = path.join(top, 'fail.xtb');
    await expect(backupDataDir({ dataDir, url: pgh.url, file: out, passphrase: PASS, blobStore: empty })).rejects.toThrow(new RegExp(`blob (${shas.join('|')}) is missing`)); // whichever of the two the backup meets first
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(top).some((f) => f.startsWith('fail.xtb.partial'))).toBe(false);
  }, 120_000);
});
