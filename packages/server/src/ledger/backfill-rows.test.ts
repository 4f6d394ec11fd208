/**
 * The signature records of a platform upgraded from before migration 0010 are logged once, at
 * the first start after the upgrade; never again (migration 0048): a later start neither scans
 * every record nor turns a record slipped into the database behind the platform into a logged
 * one — `xietong verify` must still name it.
 */
import { createLocalSigner, generateSm2KeyPair, hash, toHex } from '@xietong/core/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_PNG, upload } from '../documents/test-support';
import { createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';
import { backfillSignatureEntries } from './backfill-rows';
import { integrateLedger } from './integrate';
import { verifyLedgerDatabase } from './verify-database';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

/** A signature record written straight into the table, with no ledger entry. */
async function unloggedSignature(versionId: string, agencyId: string, userId: string): Promise<string> {
  const signer = createLocalSigner(generateSm2KeyPair().privateKeyPem);
  const digest = hash('sm3', TINY_PNG);
  const row = await env.database.db.insertInto('document_signatures').values({
    version_id: versionId, agency_id: agencyId, agency_name: '测试机关', key_id: signer.keyId, public_key_pem: signer.publicKeyPem,
    algorithm: 'SM2-SM3', digest_sm3: toHex(digest), signature: Buffer.from(await signer.sign(digest)), signed_by: userId,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const entryOf = (rowId: string) => env.database.db.selectFrom('ledger_entries').select('id')
  .where('ref_table', '=', 'document_signatures').where('ref_id', '=', rowId).executeTakeFirst();

describe('signature records from before the ledger covered them', () => {
  it('are logged at the first start after the upgrade; a record inserted behind the platform later is never logged by a restart and verify names it', async () => {
    const agencyId = (await makeAgency(env, { type: 'police' })).id;
    const u = await makeUser(env, agencyId, ['handler']);
    const c = await makeCase(env, u);
    const up = await upload(env, u, `/api/cases/${c.id}/documents?docType=photo&title=${encodeURIComponent('现场照片')}`, TINY_PNG, 'a.png');
    expect(up.statusCode, up.body).toBe(201);
    const versionId = up.json().currentVersion.id as string;
    // a database whose ledger began after 0048: genesis logged every row, so the backfill counts as done
    // and a record slipped in behind the platform since is not logged by a start
    const meta = await env.database.db.selectFrom('ledger_meta').select('signatures_backfilled_at').executeTakeFirstOrThrow();
    expect(meta.signatures_backfilled_at).not.toBeNull();
    const early = await unloggedSignature(versionId, agencyId, u.id);
    expect(await backfillSignatureEntries(env.database.db, () => {})).toBe(0);
    expect(await entryOf(early)).toBeUndefined();
    // as an upgrade from before 0010 finds it: a record without an entry, the one-time logging not yet done
    const old = await unloggedSignature(versionId, agencyId, u.id);
    await env.database.db.updateTable('ledger_meta').set({ signatures_backfilled_at: null }).execute();
    const logged: string[] = [];
    // (the early one is logged with it: an upgrade cannot tell them apart — which is why the flag exists)
    expect(await backfillSignatureEntries(env.database.db, (m) => logged.push(m))).toBe(2);
    expect(await entryOf(old)).toBeDefined();
    expect(logged).toEqual(['ledger: 2 earlier signature records logged']);
    // slipped in behind the platform afterwards: the next start leaves it unlogged
    const forged = await unloggedSignature(versionId, agencyId, u.id);
    expect(await backfillSignatureEntries(env.database.db, () => {})).toBe(0);
    expect(await entryOf(forged)).toBeUndefined();
    await integrateLedger(env.database.db);
    const report = await verifyLedgerDatabase(env.database.db);
    expect(report.status).toBe('tampered');
    expect(report.findings.filter((f) => f.table === 'document_signatures').map((f) => f.rowId)).toEqual([forged]);
  });
});
