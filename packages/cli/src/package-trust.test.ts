/**
 * Dossier packages that cannot be forged (issue 11): every file — manifest.json and
 * signatures.json included — is covered by the signed proof, an added file fails, and
 * `verify --package` trusts only keys the verifier pins (`--log-key`, or `--trust` with the
 * file `xietong keys export` writes); a package forged end to end with other keys exits 1
 * naming the untrusted key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './test-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, plainPdf, readStoredZip } from '../../server/src/documents/test-support';
import { writeZip } from '../../server/src/ledger/zip-reader';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv } from '../../server/src/test/harness';

const dirs: string[] = [];
const envs: TTestEnv[] = [];

function cli(env: TTestEnv, dir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return runCli(env.url, dir, args);
}

/** A platform with one case and one uploaded document; its exported package. */
async function platform(): Promise<{ env: TTestEnv; dir: string; zip: Map<string, Buffer> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-pkg-'));
  dirs.push(dir);
  const env = await createTestEnv({ dataDir: dir });
  envs.push(env);
  const ag = await makeAgency(env);
  const u = await makeUser(env, ag.id, ['handler']);
  const c = await makeCase(env, u);
  const m = multipart(await plainPdf(1), 'a.pdf');
  const up = await env.app.inject({ method: 'POST', url: `/api/cases/${c.id}/documents?title=${encodeURIComponent('受案登记表')}&docType=other`, headers: { cookie: u.cookie, ...m.headers }, payload: m.payload });
  expect(up.statusCode, up.body).toBe(201);
  const res = await as(env, u).get(`/api/cases/${c.id}/dossier/package`);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  return { env, dir, zip: readStoredZip(res.rawPayload) };
}

let a: Awaited<ReturnType<typeof platform>>;
let trust: string;
const write = (name: string, files: Map<string, Buffer>) => {
  const p = path.join(a.dir, name);
  fs.writeFileSync(p, writeZip(files));
  return p;
};

beforeAll(async () => {
  a = await platform();
  trust = path.join(a.dir, 'trust.json');
  const exported = await cli(a.env, a.dir, ['keys', 'export', '--out', trust]);
  expect(exported.code, exported.out).toBe(0);
}, 90_000);
afterAll(async () => {
  for (const e of envs) await e.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('verify --package', () => {
  it('an exported package verifies against the trust file; every file is covered, manifest.json and signatures.json included', async () => {
    const r = await cli(a.env, a.dir, ['verify', '--package', write('ok.zip', a.zip), '--trust', trust, '--json']);
    expect(r.code, r.out).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.status).toBe('intact');
    expect(report.uncoveredFiles).toEqual([]);
    expect(report.filesChecked).toBe(a.zip.size - 1); // all but ledger-proof.json itself
  }, 60_000);

  it('without pinned keys the package is not verified: exit 1 naming the untrusted log key', async () => {
    const r = await cli(a.env, a.dir, ['verify', '--package', write('ok2.zip', a.zip)]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/untrusted log key [0-9a-f]{16,}/);
  }, 60_000);

  it('manifest.json edited → exit 1 naming it; signatures.json edited → exit 1; a file added → exit 1 naming it', async () => {
    const m = new Map(a.zip);
    m.set('manifest.json', Buffer.from(a.zip.get('manifest.json')!.toString().replace(/"title": "[^"]*"/, '"title": "另一个案件"')));
    const r1 = await cli(a.env, a.dir, ['verify', '--package', write('m.zip', m), '--trust', trust]);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('manifest.json: altered');
    const s = new Map(a.zip);
    s.set('signatures.json', Buffer.from(a.zip.get('signatures.json')!.toString().replace('"signatures": []', '"signatures": [{"agencyName":"中共长春市委政法委员会"}]')));
    const r2 = await cli(a.env, a.dir, ['verify', '--package', write('s.zip', s), '--trust', trust]);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('signatures.json: altered');
    const x = new Map(a.zip);
    x.set('volumes/补充证据.pdf', Buffer.from('%PDF-1.4 forged'));
    const r3 = await cli(a.env, a.dir, ['verify', '--package', write('x.zip', x), '--trust', trust]);
    expect(r3.code).toBe(1);
    expect(r3.out).toContain('volumes/补充证据.pdf: not covered by the signed proof');
  }, 90_000);

  it('a package forged end to end on another platform with its own keys exits 1 against the trust file, naming the untrusted key', async () => {
    const forger = await platform();
    const forged = path.join(a.dir, 'forged.zip');
    fs.writeFileSync(forged, writeZip(forger.zip));
    const r = await cli(a.env, a.dir, ['verify', '--package', forged, '--trust', trust]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not among the pinned keys/);
    expect(r.out).toMatch(/untrusted log key/);
    // the forger's own keys make it internally consistent: that proves nothing without a pin
    const unpinned = await cli(a.env, a.dir, ['verify', '--package', forged]);
    expect(unpinned.code).toBe(1);
  }, 120_000);
});
