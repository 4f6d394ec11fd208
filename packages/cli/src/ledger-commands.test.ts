/**
 * `xietong verify` and `xietong witness` as processes: exit 0 on an intact ledger, 1 after
 * a DBA edits an audit row (naming it), 2 when it cannot run; `--package` offline.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@xietong/core/ledger';
import { writeAudit } from '../../server/src/audit/write-audit';
import { buildPackageProofs, PACKAGE_PROOF_FILE } from '../../server/src/ledger/package-proofs';
import { writeZip } from '../../server/src/ledger/zip-reader';
import { as, caseBody, createTestEnv, makeAgency, makeUser, type TTestEnv } from '../../server/src/test/harness';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/xietong.mjs');
let env: TTestEnv;
let dir: string;

function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: env.url, XIETONG_DATA_DIR: dir, LOG_LEVEL: 'silent', ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-cli-ledger-'));
  env = await createTestEnv({ dataDir: dir });
  const ag = await makeAgency(env);
  const u = await makeUser(env, ag.id, ['handler']);
  const admin = await makeUser(env, ag.id, ['admin']);
  await as(env, u).post('/api/cases', caseBody({ title: '命令行校验案件' }));
  expect((await as(env, admin).post('/api/ledger/checkpoints')).statusCode).toBe(201);
});
afterAll(async () => {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('xietong verify / witness', () => {
  it('package mode works offline: exit 0 intact, 1 after one page changes', async () => {
    const page = Buffer.from('讯问笔录 第1页\n');
    const digestHex = Buffer.from(hash('sm3', page)).toString('hex');
    await writeAudit(env.database.db, { actor: null, ip: null, userAgent: 't' }, { action: 'document.uploaded', details: { sm3: digestHex } });
    const row = await env.database.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const manifest = await buildPackageProofs(env.database.db, [row.id], {
      dataDir: dir, refTable: 'audit_log', files: { [row.id]: [{ path: 'pages/1.txt', alg: 'sm3', digestHex }] },
    });
    const zip = path.join(dir, 'dossier.zip');
    fs.writeFileSync(zip, writeZip(new Map([[PACKAGE_PROOF_FILE, Buffer.from(JSON.stringify(manifest))], ['pages/1.txt', page]])));
    const noDb = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const logKey = manifest.keys.log[0]!.vkey;
    const ok = await cli(['verify', '--package', zip, '--log-key', logKey, '--json'], noDb);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).status).toBe('intact');
    fs.writeFileSync(zip, writeZip(new Map([[PACKAGE_PROOF_FILE, Buffer.from(JSON.stringify(manifest))], ['pages/1.txt', Buffer.from('讯问笔录 第1页 改\n')]])));
    const bad = await cli(['verify', '--package', zip, '--log-key', logKey], noDb);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/pages\/1.txt: altered/);
    expect((await cli(['verify', '--package', path.join(dir, 'missing.zip')], noDb)).code).toBe(2);
  }, 60_000);

  it('witness mode cosigns with its own state; live verify exits 0, then 1 naming an edited audit row, 2 without a database', async () => {
    const state = path.join(dir, 'w.json');
    const agency = await env.database.db.selectFrom('agencies').select('name').executeTakeFirstOrThrow();
    const w = await cli(['witness', '--agency', agency.name, '--state', state]);
    expect(w.out).toMatch(/cosigned size \d+/);
    expect(w.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(state, 'utf8')).size).toBeGreaterThan(0);

    const ok = await cli(['verify', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ status: 'intact', findings: [] });

    const { id } = await env.database.db.selectFrom('audit_log').select('id').orderBy('id').offset(2).limit(1).executeTakeFirstOrThrow();
    await env.database.db.connection().execute(async (c) => {
      await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER USER').execute(c);
      await sql.raw(`UPDATE audit_log SET outcome = 'denied' WHERE id = ${id}`).execute(c);
      await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER USER').execute(c);
    });
    const bad = await cli(['verify']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`first: audit_log id ${id} edited (outcome)`);
    expect((await cli(['verify'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).code).toBe(2);
  }, 60_000);
});
