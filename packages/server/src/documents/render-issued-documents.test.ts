/**
 * The lean write path of a step that issues 法律文书 (issue 13): the 文号 is allocated in the
 * transition's statement of writes, the signed PDF follows the COMMIT. What a user and the law
 * care about: the numbers stay gap-free and unique under concurrent issuing, every issued number
 * has its signed PDF (verifiable offline against the agency's published key), and a crash between
 * COMMIT and the render loses nothing: the next fetch or the sweep renders it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TActor } from '@xietong/core';
import { hash, importSm2PublicKey, sm2Verify } from '@xietong/core/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerDatabase } from '../ledger/verify-database';
import { actOnProcess } from '../processes/act';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { issueDepsFor, type TIssueDeps } from './issue-legal-document';
import { renderIssuedDocuments, sweepPendingRenders } from './render-issued-documents';
import { multipart } from './test-support';

let env: TTestEnv;
let dataDir: string;
let proc: { id: string };
const year = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-render-'));
  env = await createTestEnv({ dataDir });
  proc = await makeAgency(env, { type: 'procuratorate' });
});
afterAll(async () => {
  await env?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A police agency of its own (its 文号 series start at 1) with a handler and an approver. */
async function police(org: string) {
  const a = await makeAgency(env, { type: 'police' });
  await env.database.db.updateTable('agencies').set({ document_number_org: org }).where('id', '=', a.id).execute();
  return { id: a.id, handler: await makeUser(env, a.id, ['handler']), approver: await makeUser(env, a.id, ['approver']) };
}

/** An arrest flow in the police's draft, detention recorded: the next step (提请) issues the 提请批准逮捕书. */
async function readyToSubmit(p: { handler: TTestUser }): Promise<string> {
  const c = await makeCase(env, p.handler, { charges: ['theft'] });
  await provideAllEvidence(env, p.handler, c.id, ['theft']);
  const start = await as(env, p.handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
  expect(start.statusCode, start.body).toBe(201);
  const id = start.json().id as string;
  const d = await as(env, p.handler).post(`/api/process-instances/${id}/actions`, { action: 'record_detention', input: {} });
  expect(d.statusCode, d.body).toBe(200);
  return id;
}

async function arrestRequests(agencyId: string) {
  return env.database.db.selectFrom('process_documents').select(['number', 'document_id', 'instance_id'])
    .where('agency_id', '=', agencyId).where('doc_type', '=', 'arrest_request').execute();
}

/** The PDF as another party downloads it, checked against its signature record with the published key. */
async function downloadAndVerify(reader: TTestUser, documentId: string, number: string, asTyped = documentId): Promise<void> {
  const dl = await as(env, reader).get(`/api/documents/${asTyped}/content`);
  expect(dl.statusCode, dl.body.slice(0, 200)).toBe(200);
  const bytes = dl.rawPayload;
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const sig = await env.database.db.selectFrom('document_signatures as s').innerJoin('document_versions as v', 'v.id', 's.version_id')
    .innerJoin('document_signing_keys as k', 'k.key_id', 's.key_id').select(['s.signature', 'k.public_key_pem'])
    .where('v.document_id', '=', documentId).executeTakeFirstOrThrow();
  expect(sm2Verify(importSm2PublicKey(sig.public_key_pem), hash('sm3', bytes), sig.signature)).toBe(true);
  const mp = multipart(bytes, 'doc.pdf');
  const v = await env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: mp.headers, payload: mp.payload });
  expect(v.json()).toMatchObject({ valid: true, signatures: [{ valid: true, documentNumber: number }] });
}

async function actorOf(u: TTestUser): Promise<TActor> {
  const r = await env.database.db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'a.id as agency_id', 'a.type', 'a.level', 'a.region_code'])
    .where('u.id', '=', u.id).executeTakeFirstOrThrow();
  return {
    userId: r.id, username: r.username, displayName: r.display_name, agencyId: r.agency_id, agencyType: r.type as TActor['agencyType'],
    agencyLevel: r.level as TActor['agencyLevel'], regionCode: r.region_code, roles: r.roles as TActor['roles'], platformAdmin: false,
  };
}

describe('a step that issues 法律文书', () => {
  it('numbers its 文书 gap-free and once each while steps of one agency issue concurrently', async () => {
    const p = await police('并发公');
    const ids = await Promise.all(Array.from({ length: 6 }, () => readyToSubmit(p)));
    const answers = await Promise.all(ids.map((id) => as(env, p.approver).post(`/api/process-instances/${id}/actions`, { action: 'submit', input: { custody: 'detained' } })));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const docs = await arrestRequests(p.id);
    expect(docs.map((d) => d.number).sort((x, y) => x!.localeCompare(y!, 'en', { numeric: true })))
      .toEqual([1, 2, 3, 4, 5, 6].map((n) => `并发公提捕字〔${year()}〕${n}号`));
    expect(new Set(docs.map((d) => d.instance_id)).size).toBe(6);
    // the answer names the number it was given (read in the transaction, after the statement of writes)
    for (const a of answers) {
      const submitted = (a.json().events as { action: string; documents: { type: string; number: string | null; documentId: string | null }[] }[]).find((e) => e.action === 'submit')!;
      const doc = submitted.documents.find((d) => d.type === 'arrest_request')!;
      expect(docs.some((d) => d.number === doc.number && d.document_id === doc.documentId)).toBe(true);
    }
    const counter = await env.database.db.selectFrom('number_counters').select('last').where('agency_id', '=', p.id).where('series', '=', 'word:提捕字').executeTakeFirstOrThrow();
    expect(counter.last).toBe(6);
    // each number has its signed PDF, readable by the receiving procuratorate
    const reader = await makeUser(env, proc.id, ['handler']);
    for (const d of docs) await downloadAndVerify(reader, d.document_id!, d.number!);
  }, 180_000);

  it('binds what the document says in the ledger at COMMIT and renders its PDF in the issuer’s name after it', async () => {
    const p = await police('留痕公');
    const id = await readyToSubmit(p);
    const r = await as(env, p.approver).post(`/api/process-instances/${id}/actions`, { action: 'submit', input: { custody: 'detained' } });
    expect(r.statusCode, r.body).toBe(200);
    const [doc] = await arrestRequests(p.id);
    await downloadAndVerify(p.handler, doc!.document_id!, doc!.number!);
    const audit = await env.database.db.selectFrom('audit_log').select(['action', 'user_id', 'details', 'target_id'])
      .where('case_id', '=', (await env.database.db.selectFrom('process_instances').select('case_id').where('id', '=', id).executeTakeFirstOrThrow()).case_id)
      .where('action', 'in', ['process.transition', 'document.generated', 'document.signed']).orderBy('id').execute();
    const transition = audit.find((a) => a.action === 'process.transition' && (a.details as { action?: string }).action === 'submit')!;
    expect((transition.details as { issuedDocuments: unknown[] }).issuedDocuments).toEqual([
      { documentId: doc!.document_id, docType: 'arrest_request', contentSm3: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    // rendered after COMMIT, still recorded as the approver's issue, not as the reader's
    const generated = audit.find((a) => a.action === 'document.generated' && a.target_id === doc!.document_id)!;
    expect(generated.user_id).toBe(p.approver.id);
    expect(generated.details).toMatchObject({ number: doc!.number, docType: 'arrest_request', action: 'submit' });
    expect(audit.some((a) => a.action === 'document.signed' && a.target_id === doc!.document_id && a.user_id === p.approver.id)).toBe(true);
    // the version, text, signature and audit rows the render recorded in one statement: each ledger
    // entry was computed before its row existed, and the verifier re-derives every one from the stored rows
    const report = await verifyLedgerDatabase(env.database.db);
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('intact');
  }, 120_000);

  it('heals a crash between COMMIT and the render: the first fetch renders it, or the sweep does', async () => {
    const p = await police('补渲公');
    const real = issueDepsFor(dataDir);
    // the node "dies" after COMMIT: nothing reaches the blob store
    const crashed: TIssueDeps = { ...real, store: { ...real.store, put: () => Promise.reject(new Error('node stopped')) } };
    const ctx = { actor: await actorOf(p.approver), ip: null, userAgent: 'test' };
    const ids = [await readyToSubmit(p), await readyToSubmit(p)];
    for (const id of ids) await actOnProcess(env.database.db, ctx, id, { action: 'submit', input: { custody: 'detained' }, documents: [] }, crashed);
    const docs = await arrestRequests(p.id);
    expect(docs).toHaveLength(2);
    // the background renders failed (awaited here, so the check below is not a race)
    await renderIssuedDocuments(env.database.db, crashed, docs.map((d) => d.document_id!)).catch(() => {});
    const pending = await env.database.db.selectFrom('documents as d').innerJoin('document_renders as r', 'r.document_id', 'd.id')
      .select(['d.current_version_id', 'r.rendered_at']).where('d.id', 'in', docs.map((d) => d.document_id!)).execute();
    expect(pending).toEqual([{ current_version_id: null, rendered_at: null }, { current_version_id: null, rendered_at: null }]);
    // the numbers stand: the next issue takes the next one
    expect(docs.map((d) => d.number).sort()).toEqual([1, 2].map((n) => `补渲公提捕字〔${year()}〕${n}号`));
    // one document is fetched, its id typed in capitals: rendered on the spot
    await downloadAndVerify(p.handler, docs[0]!.document_id!, docs[0]!.number!, docs[0]!.document_id!.toUpperCase());
    // the other is left to the minute sweep
    expect(await sweepPendingRenders(env.database.db, real, { graceMs: 0 })).toBeGreaterThanOrEqual(1);
    expect(await sweepPendingRenders(env.database.db, real, { graceMs: 0 })).toBe(0);
    await downloadAndVerify(p.handler, docs[1]!.document_id!, docs[1]!.number!);
    const versions = await env.database.db.selectFrom('document_versions').select('document_id').where('document_id', 'in', docs.map((d) => d.document_id!)).execute();
    expect(versions).toHaveLength(2);
    // what the fetch and the sweep recorded verifies: each entry re-derived from its stored row
    expect((await verifyLedgerDatabase(env.database.db)).findings).toEqual([]);
  }, 120_000);
});
