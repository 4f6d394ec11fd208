/**
 * The tamper-evident ledger on a real PostgreSQL: entries commit with their rows, the
 * integrator and checkpoints, witnesses that refuse rewritten history, proofs over HTTP that
 * verify with core's verifiers, key rotation in the log, and the live verifier naming the
 * row a "DBA" edited, deleted, inserted or reordered.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  formatAddCheckpointRequest, formatCheckpoint, fromBase64, fromHex, leafHash, openNote, parseCheckpoint,
  signNote, createNoteSigner, verifierFromVkey, verifyConsistency, verifyInclusion, consistencyProof,
} from '@xietong/core/ledger';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../audit/write-audit';
import { as, caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { integrateLedger } from './integrate';
import { loadFileSigner, rotateLedgerKey } from './keys';
import { createNodeReader } from './node-reader';
import { buildPackageProofs, PACKAGE_PROOF_FILE } from './package-proofs';
import { publishCheckpoint } from './publish-checkpoint';
import { runWitness } from './run-witness';
import { ledgerSettings } from './settings';
import { verifyLedgerDatabase } from './verify-database';
import { readPackage, verifyPackage } from './verify-package';
import { collectCosignatures } from './witness-checkpoint';
import { writeZip } from './zip-reader';

const envs: TTestEnv[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const e of envs) await e.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-ledger-'));
  dirs.push(d);
  return d;
}

type TWorld = { env: TTestEnv; admin: TTestUser; handler: TTestUser; agencyIds: string[]; settings: ReturnType<typeof ledgerSettings> };

/** A database with some activity (agencies, users, logins, cases), integrated and checkpointed. */
async function world(): Promise<TWorld> {
  const env = await createTestEnv({ dataDir: tmpDir() });
  envs.push(env);
  const police = await makeAgency(env);
  const proc = await makeAgency(env, { type: 'procuratorate' });
  const handler = await makeUser(env, police.id, ['handler']);
  const admin = await makeUser(env, police.id, ['admin']);
  for (let i = 0; i < 3; i++) {
    const c = await as(env, handler).post('/api/cases', caseBody({ title: `存证测试案件${i}` }));
    expect(c.statusCode).toBe(201);
    await as(env, handler).get(`/api/cases/${c.json().id}`);
  }
  const settings = ledgerSettings(env.config.dataDir);
  const res = await as(env, admin).post('/api/ledger/checkpoints');
  expect(res.statusCode).toBe(201);
  return { env, admin, handler, agencyIds: [police.id, proc.id], settings };
}

async function dba(env: TTestEnv, statements: string[]): Promise<void> {
  // A database administrator bypassing the platform: triggers off, raw SQL, triggers on.
  await env.database.db.connection().execute(async (c) => {
    await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER USER').execute(c);
    await sql.raw('ALTER TABLE ledger_entries DISABLE TRIGGER USER').execute(c);
    await sql.raw('ALTER TABLE ledger_nodes DISABLE TRIGGER USER').execute(c);
    try {
      for (const s of statements) await sql.raw(s).execute(c);
    } finally {
      await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER USER').execute(c);
      await sql.raw('ALTER TABLE ledger_entries ENABLE TRIGGER USER').execute(c);
      await sql.raw('ALTER TABLE ledger_nodes ENABLE TRIGGER USER').execute(c);
    }
  });
}

async function someAuditId(env: TTestEnv, nth = 3): Promise<string> {
  const rows = await env.database.db.selectFrom('audit_log').select('id').orderBy('id').execute();
  return rows[nth]!.id;
}

describe('ledger entries', () => {
  it('every audit row gets an entry in the same transaction, and a rolled-back change leaves neither', async () => {
    const { env } = await world();
    const db = env.database.db;
    const audits = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const entries = await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('ref_table', '=', 'audit_log').executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBe(Number(audits.n));
    const before = Number(audits.n);
    await expect(db.transaction().execute(async (tx) => {
      await writeAudit(tx, { actor: null, ip: null, userAgent: 'test' }, { action: 'auth.login_failed', username: 'rollback' });
      throw new Error('the change fails');
    })).rejects.toThrow('the change fails');
    const after = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(before);
    expect(await db.selectFrom('ledger_entries').select('id').where('ref_table', '=', 'audit_log').execute()).toHaveLength(before);
    // the ledger tables refuse changes like the audit trail does
    await expect(sql`UPDATE ledger_entries SET ref_id = '0'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ledger_nodes`.execute(db)).rejects.toThrow(/append-only/);
    const meta = await db.selectFrom('ledger_meta').selectAll().executeTakeFirstOrThrow();
    expect(meta.hash_alg).toBe('sm3');
  });

  it('the integrator assigns consecutive leaves and concurrent integrators do not collide', async () => {
    const { env } = await world();
    const db = env.database.db;
    const pending = (await db.selectFrom('ledger_entries').select('id').where('leaf_index', 'is', null).execute()).length;
    for (let i = 0; i < 50; i++) await writeAudit(db, { actor: null, ip: null, userAgent: 't' }, { action: 'auth.login_failed', username: `x${i}` });
    const results = await Promise.all([integrateLedger(db), integrateLedger(db, { batchSize: 7 }), integrateLedger(db, { wait: false })]);
    expect(results.reduce((n, r) => n + r.integrated, 0)).toBe(50 + pending);
    const leaves = await db.selectFrom('ledger_entries').select('leaf_index').orderBy('leaf_index').execute();
    expect(leaves.map((l) => Number(l.leaf_index))).toEqual(leaves.map((_, i) => i));
    expect((await verifyLedgerDatabase(db)).status).toBe('intact');
  });
});

describe('xietong verify (live database)', () => {
  it('reports an intact ledger after activity', async () => {
    const { env } = await world();
    const r = await verifyLedgerDatabase(env.database.db);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('intact');
    expect(r.entries).toBeGreaterThan(10);
    expect(r.checkpoints).toBeGreaterThanOrEqual(1);
    expect(r.cosignatures).toBeGreaterThanOrEqual(2);
  });

  it('names an audit row edited with raw SQL', async () => {
    const { env } = await world();
    const id = await someAuditId(env);
    await dba(env, [`UPDATE audit_log SET action = 'auth.logout' WHERE id = ${id}`]);
    const r = await verifyLedgerDatabase(env.database.db);
    expect(r.status).toBe('tampered');
    expect(r.first).toBe(`audit_log id ${id} edited (action)`);
  });

  it('names a deleted audit row', async () => {
    const { env } = await world();
    const id = await someAuditId(env, 5);
    await dba(env, [`DELETE FROM audit_log WHERE id = ${id}`]);
    const r = await verifyLedgerDatabase(env.database.db);
    expect(r.status).toBe('tampered');
    expect(r.first).toBe(`audit_log id ${id} deleted`);
  });

  it('names a row inserted without an entry, and a deleted entry', async () => {
    const { env } = await world();
    await dba(env, [`INSERT INTO audit_log (action, outcome) VALUES ('case.read', 'ok')`]);
    const inserted = await env.database.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    let r = await verifyLedgerDatabase(env.database.db);
    expect(r.first).toBe(`audit_log id ${inserted.id} inserted without a ledger entry`);
    await dba(env, [`DELETE FROM audit_log WHERE id = ${inserted.id}`, `DELETE FROM ledger_entries WHERE leaf_index = 4`]);
    r = await verifyLedgerDatabase(env.database.db);
    expect(r.status).toBe('tampered');
    expect(r.findings.map((f) => f.message)).toContain('ledger leaf 4 missing: ledger entry deleted');
  });

  it('names two swapped entries', async () => {
    const { env } = await world();
    const [a, b] = await env.database.db.selectFrom('ledger_entries').select(['id', 'leaf_index']).where('leaf_index', 'in', ['2', '6']).orderBy('leaf_index').execute();
    await dba(env, [
      `UPDATE ledger_entries SET leaf_index = 999999999 WHERE id = ${a!.id}`,
      `UPDATE ledger_entries SET leaf_index = 2 WHERE id = ${b!.id}`,
      `UPDATE ledger_entries SET leaf_index = 6 WHERE id = ${a!.id}`,
    ]);
    const r = await verifyLedgerDatabase(env.database.db);
    expect(r.status).toBe('tampered');
    expect(r.findings[0]!.code).toBe('ENTRIES_REORDERED');
    expect(r.first).toMatch(new RegExp(`^ledger_entries id ${b!.id} .* is at leaf 2 but was logged at leaf 6, where ledger_entries id ${a!.id} .*reordered$`));
  });

  it('catches a rewritten history even when the tree was rebuilt consistently: old checkpoints disagree and witnesses refuse', async () => {
    const { env, settings, agencyIds } = await world();
    const db = env.database.db;
    const id = await someAuditId(env, 2);
    // The DBA edits a row, recomputes its entry and leaf hash, and rebuilds the whole tree.
    await dba(env, [`UPDATE audit_log SET username = 'someone-else' WHERE id = ${id}`]);
    const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const { encodeRowEntry } = await import('./entry-for-row');
    const entry = encodeRowEntry('audit', 'audit_log', row);
    await dba(env, [
      `UPDATE ledger_entries SET entry = '\\x${Buffer.from(entry).toString('hex')}', leaf_hash = '\\x${Buffer.from(leafHash('sm3', entry)).toString('hex')}' WHERE ref_table = 'audit_log' AND ref_id = '${id}'`,
      'UPDATE ledger_entries SET leaf_index = NULL', 'DELETE FROM ledger_nodes', 'UPDATE ledger_meta SET tree_size = 0',
    ]);
    await integrateLedger(db);
    const forged = await publishCheckpoint(db, settings, { force: true });
    expect(forged?.created).toBe(true);
    const cosigned = await collectCosignatures(db, settings, forged!.id);
    expect(cosigned).toEqual([]);
    const refusals = await db.selectFrom('ledger_witness_refusals').selectAll().where('checkpoint_id', '=', forged!.id).execute();
    expect(refusals.map((r) => r.agency_id).sort()).toEqual([...agencyIds].sort());
    expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(['INCONSISTENT']));
    const r = await verifyLedgerDatabase(db);
    expect(r.status).toBe('tampered');
    expect(r.findings.some((f) => f.code === 'CHECKPOINT_MISMATCH')).toBe(true);
  });
});

describe('witnesses', () => {
  it('cosign consistent checkpoints and refuse a forged one, on the server route and in the CLI mode with its own state', async () => {
    const { env, admin, agencyIds, settings, handler } = await world();
    const db = env.database.db;
    const list = await as(env, handler).get('/api/ledger/checkpoints');
    expect(list.statusCode).toBe(200);
    const first = list.json().items[0];
    expect(first.cosignatures.map((c: { agencyId: string }) => c.agencyId).sort()).toEqual([...agencyIds].sort());

    // CLI-mode witness with its own state file: cosigns the latest checkpoint
    const state = path.join(tmpDir(), 'witness.json');
    const police = await db.selectFrom('agencies').select('name').where('id', '=', agencyIds[0]!).executeTakeFirstOrThrow();
    const ok = await runWitness(db, settings, { agency: police.name, statePath: state });
    expect(ok.ok).toBe(true);

    // more activity, then a checkpoint that rewrites history: right size, wrong root, signed by the log key
    for (let i = 0; i < 5; i++) await as(env, handler).get('/api/me');
    const { treeSize } = await integrateLedger(db);
    const meta = await db.selectFrom('ledger_meta').selectAll().executeTakeFirstOrThrow();
    const signer = loadFileSigner(settings, { kind: 'platform' });
    const text = formatCheckpoint({ origin: meta.origin, size: treeSize, root: crypto.randomBytes(32) });
    const forgedNote = await signNote(text, [createNoteSigner(meta.origin, signer)]);
    const oldSize = first.size as number;
    const proof = await consistencyProof(createNodeReader(db), 'sm3', oldSize, treeSize);
    const res = await as(env, admin).post(`/api/ledger/witness/${agencyIds[0]}/add-checkpoint`, {
      request: formatAddCheckpointRequest({ oldSize, consistencyProof: proof, checkpointNote: forgedNote }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.witness).toBe('INCONSISTENT');
    const refusals = await db.selectFrom('ledger_witness_refusals').selectAll().where('agency_id', '=', agencyIds[0]!).execute();
    expect(refusals.map((r) => r.code)).toEqual(['INCONSISTENT']);

    const refused = await runWitness(db, settings, { agency: police.name, statePath: state, checkpointNote: forgedNote });
    expect(refused).toMatchObject({ ok: false, code: 'INCONSISTENT' });
    expect(await db.selectFrom('ledger_witness_refusals').select('id').where('witness', '=', `cli:${police.name}`).execute()).toHaveLength(1);

    // the genuine next checkpoint is cosigned by both
    const next = await as(env, admin).post('/api/ledger/checkpoints');
    expect(next.json().cosignatures).toHaveLength(2);
    expect((await runWitness(db, settings, { agency: police.name, statePath: state })).ok).toBe(true);
    // a bad signature gets SIGNATURE_INVALID, another agency's admin gets 403
    const other = await makeUser(env, agencyIds[1]!, ['admin']);
    const forbidden = await as(env, other).post(`/api/ledger/witness/${agencyIds[0]}/add-checkpoint`, { request: 'old 0\n\nx\n' });
    expect(forbidden.statusCode).toBe(403);
    const unsigned = await as(env, admin).post(`/api/ledger/witness/${agencyIds[0]}/add-checkpoint`, {
      request: formatAddCheckpointRequest({ oldSize: next.json().size, consistencyProof: [], checkpointNote: `${text}\n— ${meta.origin} AAAAAAAA\n` }),
    });
    expect(unsigned.statusCode).toBe(422);
  });
});

describe('proofs over HTTP', () => {
  it('inclusion proofs (by entry and by audit row) and consistency proofs verify with core, against a checkpoint signed by the log key', async () => {
    const { env, handler, agencyIds } = await world();
    const db = env.database.db;
    // audit rows are the audit administrator's to read (三员: not the system administrator's)
    const auditor = await makeUser(env, agencyIds[0]!, ['audit_admin']);
    const keys = (await as(env, handler).get('/api/ledger/keys')).json().items as { owner: string; vkey: string }[];
    const logKey = verifierFromVkey(keys.find((k) => k.owner === 'platform')!.vkey);
    // a row of the auditor's own agency: the audit trail's rule (entry-scope.ts)
    const auditId = (await db.selectFrom('audit_log').select('id').where('user_id', '=', handler.id).orderBy('id').executeTakeFirstOrThrow()).id;
    const byRow = await as(env, auditor).get(`/api/ledger/proof/inclusion?refTable=audit_log&refId=${auditId}`);
    expect(byRow.statusCode).toBe(200);
    const p = byRow.json();
    const opened = openNote(p.checkpoint.note, [logKey]);
    expect(opened.ok).toBe(true);
    const cp = parseCheckpoint((opened as { text: string }).text);
    const leaf = leafHash('sm3', fromBase64(p.entryBase64));
    expect(verifyInclusion('sm3', p.leafIndex, cp.size, leaf, p.proof.map(fromHex), cp.root)).toBe(true);
    expect(p.proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(cp.size)));
    const byEntry = await as(env, auditor).get(`/api/ledger/proof/inclusion?entryId=${p.entryId}`);
    expect(byEntry.json().leafIndex).toBe(p.leafIndex);
    // a fresh entry not yet integrated: a checkpoint is published on demand
    expect((await as(env, handler).post('/api/cases', caseBody({ title: '存证测试案件晚' }))).statusCode).toBe(201);
    const late = await db.selectFrom('ledger_entries').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const lateProof = (await as(env, auditor).get(`/api/ledger/proof/inclusion?entryId=${late.id}`)).json();
    expect(lateProof.checkpoint.size).toBeGreaterThan(cp.size);
    const c = await as(env, handler).get(`/api/ledger/proof/consistency?from=${cp.size}&to=${lateProof.checkpoint.size}`);
    expect(c.statusCode).toBe(200);
    const cj = c.json();
    expect(cj.fromRootHex).toBe(Buffer.from(cp.root).toString('hex'));
    expect(verifyConsistency('sm3', cp.size, lateProof.checkpoint.size, cj.proof.map(fromHex), cp.root, fromHex(lateProof.checkpoint.rootHex))).toBe(true);
    // the latest checkpoint route, and who may not
    expect((await as(env, handler).get('/api/ledger/checkpoint/latest')).json().size).toBe(lateProof.checkpoint.size);
    // an audit row is the audit trail's: a handler gets the same 404 as for a missing entry
    expect((await as(env, handler).get(`/api/ledger/proof/inclusion?entryId=${p.entryId}`)).statusCode).toBe(404);
    expect((await as(env, handler).post('/api/ledger/checkpoints')).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: '/api/ledger/checkpoint/latest' })).statusCode).toBe(401);
    expect((await as(env, handler).get('/api/ledger/proof/consistency?from=0&to=3')).statusCode).toBe(400);
  });
});

describe('keys', () => {
  it('are PEM files (0600) created on first use; rotation is logged as key entries and the log keeps verifying', async () => {
    const { env, admin, settings } = await world();
    const db = env.database.db;
    const file = path.join(settings.keysDir, 'platform.pem');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const keyEntriesBefore = await db.selectFrom('ledger_entries').select('id').where('kind', '=', 'key').execute();
    const old = await db.selectFrom('ledger_keys').selectAll().where('owner', '=', 'platform').executeTakeFirstOrThrow();
    const rotated = await rotateLedgerKey(db, settings, { kind: 'platform' });
    expect(rotated.keyId).not.toBe(old.key_id);
    const keyEntries = await db.selectFrom('ledger_entries').select(['ref_id', 'entry']).where('kind', '=', 'key').orderBy('id').execute();
    expect(keyEntries.length).toBe(keyEntriesBefore.length + 2);
    const last2 = keyEntries.slice(-2).map((e) => JSON.parse(e.entry.toString('utf8')));
    expect(last2[0]).toMatchObject({ kind: 'key', table: 'ledger_keys', id: old.key_id, row: { rotated_at: expect.any(String) } });
    expect(last2[1]).toMatchObject({ kind: 'key', id: rotated.keyId, row: { owner: 'platform', public_key_pem: rotated.signer.publicKeyPem } });
    expect(fs.readdirSync(settings.keysDir).some((f) => f.includes(old.key_id.slice(0, 16)) && f.endsWith('.retired.pem'))).toBe(true);
    const cp = await as(env, admin).post('/api/ledger/checkpoints');
    expect(cp.json().keyId).toBe(rotated.keyId);
    expect(cp.json().cosignatures).toHaveLength(2);
    expect((await verifyLedgerDatabase(db)).status).toBe('intact');
  });
});

describe('dossier package proofs', () => {
  it('verify offline (directory and zip); altering one page fails', async () => {
    const { env } = await world();
    const db = env.database.db;
    const page = Buffer.from('起诉意见书 第1页\n');
    const { hash } = await import('@xietong/core/ledger');
    const digestHex = Buffer.from(hash('sm3', page)).toString('hex');
    // stand-in for a document version: an audit row that commits to the page digest
    await writeAudit(db, { actor: null, ip: null, userAgent: 't' }, { action: 'document.uploaded', details: { sm3: digestHex } });
    const row = await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const manifest = await buildPackageProofs(db, [row.id], {
      dataDir: env.config.dataDir, refTable: 'audit_log', files: { [row.id]: [{ path: 'docs/page-1.txt', alg: 'sm3', digestHex }] },
    });
    expect(manifest.keys.witnesses).toHaveLength(2);
    const files = new Map([[PACKAGE_PROOF_FILE, Buffer.from(JSON.stringify(manifest))], ['docs/page-1.txt', page]]);
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'docs'));
    for (const [k, v] of files) fs.writeFileSync(path.join(dir, k), v);
    // the verifier pins the platform's keys (what `xietong keys export` writes)
    const keys = await db.selectFrom('ledger_keys as k').leftJoin('agencies as a', 'a.id', 'k.agency_id').select(['k.owner', 'k.vkey', 'a.name']).execute();
    const pins = { logKeys: keys.filter((k) => k.owner === 'platform').map((k) => k.vkey), witnesses: keys.filter((k) => k.owner !== 'platform').map((k) => ({ agencyName: k.name ?? '', vkey: k.vkey })) };
    const ok = verifyPackage(readPackage(dir), pins);
    expect(ok.findings).toEqual([]);
    expect(ok.status).toBe('intact');
    expect(ok.cosigners).toHaveLength(2);
    // unpinned, the same package is not verified: its own keys prove nothing
    const unpinned = verifyPackage(readPackage(dir));
    expect(unpinned.status).toBe('untrusted');
    expect(unpinned.cosigners).toEqual([]);
    expect(unpinned.unpinnedCosigners).toHaveLength(2);
    const zip = path.join(dir, '..', `${path.basename(dir)}.zip`);
    dirs.push(zip);
    fs.writeFileSync(zip, writeZip(files));
    expect(verifyPackage(readPackage(zip), pins).status).toBe('intact');

    const altered = new Map(files);
    altered.set('docs/page-1.txt', Buffer.from('起诉意见书 第1页（已改）\n'));
    const bad = verifyPackage(altered, pins);
    expect(bad.status).toBe('tampered');
    expect(bad.first).toMatch(/^docs\/page-1.txt: altered/);
    const m2 = structuredClone(manifest);
    m2.entries[0]!.leafIndex += 1;
    expect(verifyPackage(new Map([...files, [PACKAGE_PROOF_FILE, Buffer.from(JSON.stringify(m2))]]), pins).first).toMatch(/inclusion proof fails/);
    const m3 = structuredClone(manifest);
    m3.checkpoint.note = m3.checkpoint.note.replace(/\n\d+\n/, (s) => `\n${Number(s.trim()) + 1}\n`);
    expect(verifyPackage(new Map([...files, [PACKAGE_PROOF_FILE, Buffer.from(JSON.stringify(m3))]]), pins).first).toMatch(/^checkpoint: log signature/);
  });
});
