/**
 * `xietong keys rotate` (issue 11): a new document-signing or platform key is published in
 * GET /api/ledger/keys with its validity period, the old key's period ends at the same instant,
 * signatures made with the old key keep verifying, each step is a ledger entry, and the ledger
 * keeps verifying (a rewritten end of validity is named).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { runCli } from './test-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAgencySigner } from '../../server/src/keys/agency-keys';
import { signVersion } from '../../server/src/documents/sign-document';
import { ctxFor, multipart, plainPdf } from '../../server/src/documents/test-support';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../../server/src/test/harness';

let env: TTestEnv;
let dir: string;
let user: TTestUser;
let agencyId: string;
let caseId: string;

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return runCli(env.url, dir, args);
}

/** Upload a PDF and sign its version with the agency's current key, as an issued 文书 is signed. */
async function signedPdf(pages: number): Promise<{ pdf: Buffer; keyId: string }> {
  const pdf = await plainPdf(pages);
  const m = multipart(pdf, 'doc.pdf');
  const up = await env.app.inject({ method: 'POST', url: `/api/cases/${caseId}/documents?title=${encodeURIComponent('起诉意见书')}&docType=other`, headers: { cookie: user.cookie, ...m.headers }, payload: m.payload });
  expect(up.statusCode, up.body).toBe(201);
  const v = await env.database.db.selectFrom('document_versions').select('id').where('document_id', '=', up.json().id).executeTakeFirstOrThrow();
  const ctx = await ctxFor(env, user.id);
  const sig = await env.database.db.transaction().execute((tx) => signVersion(tx, ctx, getAgencySigner(dir, agencyId), { versionId: v.id, bytes: pdf, agencyName: '测试公安分局' }));
  return { pdf, keyId: sig.keyId };
}

async function verifies(pdf: Buffer): Promise<boolean> {
  const m = multipart(pdf, 'a.pdf');
  return (await env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: m.headers, payload: m.payload })).json().valid;
}

type TPublished = { keyId: string; agencyId: string; validFrom: string; validTo: string | null };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-keys-rotate-'));
  env = await createTestEnv({ dataDir: dir });
  const police = await makeAgency(env);
  agencyId = police.id;
  user = await makeUser(env, police.id, ['handler']);
  caseId = (await makeCase(env, user)).id;
}, 60_000);
afterAll(async () => {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('xietong keys rotate', () => {
  it('needs a key to rotate: without --platform or --agency it exits 2', async () => {
    const r = await cli(['keys', 'rotate']);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('--platform');
  }, 60_000);

  it('rotates an agency\'s document-signing key: both periods published, old signatures still verify, new ones use the new key, ledger intact', async () => {
    const before = await signedPdf(1);
    const r = await cli(['keys', 'rotate', '--agency', agencyId, '--json']);
    expect(r.code, r.out).toBe(0);
    const rotated = JSON.parse(r.out).rotated[0] as { oldKeyId: string; newKeyId: string; at: string };
    expect(rotated.oldKeyId).toBe(before.keyId);
    expect(rotated.newKeyId).not.toBe(before.keyId);

    const keys = (await as(env, user).get('/api/ledger/keys')).json().documentSigningKeys as TPublished[];
    expect(keys.find((k) => k.keyId === rotated.oldKeyId)).toMatchObject({ agencyId, validTo: rotated.at });
    expect(keys.find((k) => k.keyId === rotated.newKeyId)).toMatchObject({ agencyId, validFrom: rotated.at, validTo: null });
    const entries = await env.database.db.selectFrom('ledger_entries').select(['ref_table', 'kind']).where('ref_id', 'in', [rotated.oldKeyId, rotated.newKeyId]).orderBy('id').execute();
    expect(entries).toEqual(expect.arrayContaining([{ ref_table: 'document_signing_keys', kind: 'key' }, { ref_table: 'document_signing_key_retirements', kind: 'key' }]));
    expect(fs.readdirSync(path.join(dir, 'keys')).filter((f) => f.includes(agencyId) && f.endsWith('.retired.pem'))).toHaveLength(1);

    expect(await verifies(before.pdf)).toBe(true);
    const after = await signedPdf(2);
    expect(after.keyId).toBe(rotated.newKeyId);
    expect(await verifies(after.pdf)).toBe(true);

    const ok = await cli(['verify', '--no-blobs']);
    expect(ok.code, ok.out).toBe(0);
  }, 120_000);

  it('an end of validity rewritten behind the platform\'s back is named by verify', async () => {
    const row = await env.database.db.selectFrom('document_signing_key_retirements').select('key_id').executeTakeFirstOrThrow();
    await sql`UPDATE document_signing_key_retirements SET valid_to = valid_to + interval '1 year' WHERE key_id = ${row.key_id}`.execute(env.database.db);
    try {
      const bad = await cli(['verify', '--no-blobs']);
      expect(bad.code, bad.out).toBe(1);
      expect(bad.out).toContain(`document_signing_key_retirements id ${row.key_id} edited (valid_to)`);
    } finally {
      await sql`UPDATE document_signing_key_retirements SET valid_to = valid_to - interval '1 year' WHERE key_id = ${row.key_id}`.execute(env.database.db);
    }
  }, 120_000);

  it('rotates the platform (log) key: the old key is marked rotated, the new one published, both in the ledger', async () => {
    const r = await cli(['keys', 'rotate', '--platform', '--json']);
    expect(r.code, r.out).toBe(0);
    const newKeyId = JSON.parse(r.out).rotated[0].newKeyId as string;
    const keys = (await as(env, user).get('/api/ledger/keys')).json().items as { keyId: string; owner: string; rotatedAt: string | null }[];
    const platform = keys.filter((k) => k.owner === 'platform');
    expect(platform.find((k) => k.keyId === newKeyId)?.rotatedAt).toBeNull();
    expect(platform.filter((k) => k.rotatedAt !== null).length).toBeGreaterThanOrEqual(1);
    const ok = await cli(['verify', '--no-blobs']);
    expect(ok.code, ok.out).toBe(0);
  }, 120_000);
});
