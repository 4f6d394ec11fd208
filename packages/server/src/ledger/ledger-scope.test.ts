/**
 * Ledger reads are scoped like the rows they carry: an inclusion proof of an event of a case
 * answers 404 to whoever cannot see the case, entry ids cannot be walked, and the refusal is
 * audited (issue 11: an admin of an agency that never took part read the event row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
let handler: TTestUser;
let outsiderAdmin: TTestUser;
let caseId: string;
let eventId: string;
beforeAll(async () => {
  env = await createTestEnv();
  const police = await makeAgency(env);
  const proc = await makeAgency(env, { type: 'procuratorate' });
  // an agency in another region that never takes part in the case
  const other = await makeAgency(env, { regionCode: '110101' });
  handler = await makeUser(env, police.id, ['handler']);
  outsiderAdmin = await makeUser(env, other.id, ['admin', 'supervisor']);
  caseId = (await makeCase(env, handler)).id;
  const started = await as(env, handler).post(`/api/cases/${caseId}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
  expect(started.statusCode, started.body).toBe(201);
  const ev = await env.database.db.selectFrom('process_events').select('id').where('case_id', '=', caseId).orderBy('id').executeTakeFirstOrThrow();
  eventId = String(ev.id);
});
afterAll(async () => { await env.close(); });

describe('inclusion proofs are scoped to the case', () => {
  it('an admin of an agency that never took part gets 404 for an event of the case, by row and by entry id', async () => {
    const byRow = await as(env, outsiderAdmin).get(`/api/ledger/proof/inclusion?refTable=process_events&refId=${eventId}`);
    expect(byRow.statusCode).toBe(404);
    expect(byRow.json().error.code).toBe('NOT_FOUND');
    expect(byRow.body).not.toContain(caseId);
    const entry = await env.database.db.selectFrom('ledger_entries').select('id').where('ref_table', '=', 'process_events').where('ref_id', '=', eventId).executeTakeFirstOrThrow();
    const byEntry = await as(env, outsiderAdmin).get(`/api/ledger/proof/inclusion?entryId=${entry.id}`);
    expect(byEntry.statusCode).toBe(404);
    // the refusal is on the audit trail
    const denied = await env.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('user_id', '=', outsiderAdmin.id).where('outcome', '=', 'denied').execute();
    expect(denied.filter((d) => d.action === 'ledger.proof_read').length).toBeGreaterThanOrEqual(2);
  });

  it('a party of the case gets the proof of its event, and the entry is the event row', async () => {
    for (const u of [handler]) {
      const res = await as(env, u).get(`/api/ledger/proof/inclusion?refTable=process_events&refId=${eventId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(Buffer.from(res.json().entryBase64, 'base64').toString('utf8')).toContain(caseId);
    }
  });

  it('entry ids cannot be walked: every entry of the case and of the other agency answers the outsider as a missing one does', async () => {
    const entries = await env.database.db.selectFrom('ledger_entries').select(['id', 'ref_table']).where('ref_table', '!=', 'ledger_keys').orderBy('id').execute();
    expect(entries.length).toBeGreaterThan(3);
    const missing = await as(env, outsiderAdmin).get('/api/ledger/proof/inclusion?entryId=999999999');
    for (const e of entries) {
      const res = await as(env, outsiderAdmin).get(`/api/ledger/proof/inclusion?entryId=${e.id}`);
      // the outsider's own audit rows (its refused attempts) are its agency's: those it may read
      if (res.statusCode === 200) {
        const row = await env.database.db.selectFrom('audit_log').select('user_id').where('id', '=', res.json().refId).executeTakeFirst();
        expect(e.ref_table).toBe('audit_log');
        expect(row?.user_id).toBe(outsiderAdmin.id);
        continue;
      }
      expect(res.statusCode, `${e.id} ${e.ref_table}`).toBe(missing.statusCode);
      expect(res.json().error).toEqual(missing.json().error);
    }
  });
});
