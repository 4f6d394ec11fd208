/**
 * `xietong verify` covers everything the platform vouches for (issue 11): one changed byte
 * in a stored blob, a signature record rewritten to another signer agency, a process state
 * moved without an event — each exits 1 naming the row; downloads re-hash while streaming
 * and never deliver an altered file whole.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
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
let doc: { id: string; versionId: string; sha256: string };
let pdf: Buffer;
let signatureId: string;
let instanceId: string;

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return runCli(env.url, dir, args);
}

async function asSuperuser(statement: string, table: string): Promise<void> {
  await env.database.db.connection().execute(async (c) => {
    await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`).execute(c);
    await sql.raw(statement).execute(c);
    await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`).execute(c);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-verify-cover-'));
  env = await createTestEnv({ dataDir: dir });
  const police = await makeAgency(env);
  const proc = await makeAgency(env, { type: 'procuratorate' });
  user = await makeUser(env, police.id, ['handler']);
  const c = await makeCase(env, user);
  pdf = await plainPdf(2);
  const m = multipart(pdf, 'exhibit.pdf');
  const up = await env.app.inject({ method: 'POST', url: `/api/cases/${c.id}/documents?title=${encodeURIComponent('现场勘验笔录')}&docType=other`, headers: { cookie: user.cookie, ...m.headers }, payload: m.payload });
  expect(up.statusCode, up.body).toBe(201);
  const v = await env.database.db.selectFrom('document_versions').select(['id', 'sha256']).where('document_id', '=', up.json().id).executeTakeFirstOrThrow();
  doc = { id: up.json().id, versionId: v.id, sha256: v.sha256 };
  // the agency signs this version (as a generated legal document is signed)
  const ctx = await ctxFor(env, user.id);
  const sig = await env.database.db.transaction().execute((tx) => signVersion(tx, ctx, getAgencySigner(dir, police.id), { versionId: v.id, bytes: pdf, agencyName: '测试公安分局' }));
  signatureId = (await env.database.db.selectFrom('document_signatures').select('id').where('version_id', '=', v.id).executeTakeFirstOrThrow()).id;
  expect(sig).toBeTruthy();
  const started = await as(env, user).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
  expect(started.statusCode, started.body).toBe(201);
  instanceId = started.json().id;
}, 60_000);
afterAll(async () => {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('document-signing keys are published', () => {
  it('GET /api/ledger/keys lists the agency key that signed, with its validity, and the publication is a ledger entry', async () => {
    const res = await as(env, user).get('/api/ledger/keys');
    expect(res.statusCode).toBe(200);
    const sig = await env.database.db.selectFrom('document_signatures').select(['key_id', 'agency_id', 'public_key_pem']).where('id', '=', signatureId).executeTakeFirstOrThrow();
    const published = (res.json().documentSigningKeys as { keyId: string; agencyId: string; publicKeyPem: string; validFrom: string; validTo: string | null }[]).find((k) => k.keyId === sig.key_id.trim());
    expect(published).toMatchObject({ agencyId: sig.agency_id, publicKeyPem: sig.public_key_pem, validTo: null });
    expect(Date.parse(published!.validFrom)).not.toBeNaN();
    const entry = await env.database.db.selectFrom('ledger_entries').select('kind').where('ref_table', '=', 'document_signing_keys').where('ref_id', '=', sig.key_id.trim()).executeTakeFirst();
    expect(entry?.kind).toBe('key');
  });
});

describe('xietong verify covers blobs, signatures and process state', () => {
  it('an untouched platform verifies intact, blobs re-hashed and instances replayed', async () => {
    const ok = await cli(['verify', '--json']);
    expect(ok.code, ok.out).toBe(0);
    const r = JSON.parse(ok.out);
    expect(r.status).toBe('intact');
    expect(r.blobsChecked).toBeGreaterThanOrEqual(1);
    expect(r.instancesChecked).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('one changed byte in a stored blob: verify exits 1 naming the version (--no-blobs skips it), and the download fails loudly with an audit row', async () => {
    const file = path.join(dir, 'blobs', doc.sha256.slice(0, 2), doc.sha256);
    const original = fs.readFileSync(file);
    const altered = Buffer.from(original);
    altered.writeUInt8(altered.readUInt8(altered.length >> 1) ^ 0x01, altered.length >> 1);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, altered);
    try {
      const bad = await cli(['verify']);
      expect(bad.code, bad.out).toBe(1);
      expect(bad.out).toContain(`document_versions id ${doc.versionId}: blob ${doc.sha256} altered`);
      expect((await cli(['verify', '--no-blobs'])).code).toBe(0);
      // over real HTTP: the client never receives the altered file whole
      await env.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (env.app.server.address() as AddressInfo).port;
      const got = await new Promise<{ status: number; body: Buffer; error: string | null }>((resolve) => {
        http.get({ port, host: '127.0.0.1', path: `/api/documents/${doc.id}/content`, headers: { cookie: user.cookie } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), error: null }));
          res.on('error', (e) => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), error: e.message }));
        }).on('error', (e) => resolve({ status: 0, body: Buffer.alloc(0), error: e.message }));
      });
      // a file smaller than one chunk is refused before its headers, a larger one is cut short
      expect(got.body.equals(altered)).toBe(false);
      if (!got.error) {
        expect(got.status).toBe(500);
        expect(JSON.parse(got.body.toString()).error.code).toBe('STORAGE_INTEGRITY_FAILED');
      }
      const audit = await env.database.db.selectFrom('audit_log').select(['outcome', 'details']).where('action', '=', 'document.integrity_failed').where('target_id', '=', doc.id).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.outcome).toBe('failed');
    } finally {
      fs.writeFileSync(file, original);
    }
  }, 60_000);

  it('a signature record rewritten to another signer agency: verify exits 1 naming it, and /api/signatures/verify no longer vouches', async () => {
    const before = await env.app.inject({ method: 'POST', url: '/api/signatures/verify', ...(() => { const m = multipart(pdf, 'a.pdf'); return { headers: m.headers, payload: m.payload }; })() });
    expect(before.json().valid).toBe(true);
    await asSuperuser(`UPDATE document_signatures SET agency_name = '中共长春市委政法委员会' WHERE id = '${signatureId}'`, 'document_signatures');
    const bad = await cli(['verify', '--no-blobs']);
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toContain(`document_signatures id ${signatureId} edited (agency_name)`);
    const after = await env.app.inject({ method: 'POST', url: '/api/signatures/verify', ...(() => { const m = multipart(pdf, 'a.pdf'); return { headers: m.headers, payload: m.payload }; })() });
    expect(after.json().valid).toBe(false);
    expect(after.json().reason).toContain('篡改');
    await asSuperuser(`UPDATE document_signatures SET agency_name = '测试公安分局' WHERE id = '${signatureId}'`, 'document_signatures');
  }, 60_000);

  it('a process state moved without an event: verify exits 1 naming the instance', async () => {
    await asSuperuser(`UPDATE process_instances SET state = 'approved' WHERE id = '${instanceId}'`, 'process_instances');
    const bad = await cli(['verify', '--no-blobs']);
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toContain(`process_instances id ${instanceId} is in state approved`);
    expect(bad.out).toContain('state moved without an event');
  }, 60_000);
});
