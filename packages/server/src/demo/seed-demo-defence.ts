/**
 * Demo 辩护 (issue 15): `cc-lawfirm-lawyer` holds a verified 执业证号 (verified by the city
 * 司法局's administrator) and a confirmed representation of a suspect in a demo case at 审查起诉,
 * so it finds that case in GET /api/cases and may read its file (CPL 40); `cy-lawfirm-lawyer`
 * has a request pending at a handling agency, for the agency's list of requests to decide.
 * Idempotent: nothing is added when the lawyer already holds a representation.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { demoUsername } from './demo-agencies';

const LICENCES: Record<string, string> = { 'cc-lawfirm': '12201201810123456', 'cy-lawfirm': '12201201910654321' };

export async function seedDemoDefence(db: TDb, log: (m: string) => void = () => {}): Promise<void> {
  const users = await db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.username', 'u.display_name', 'a.id as agency_id'])
    .where('u.username', 'in', [demoUsername('cc-lawfirm', 'lawyer'), demoUsername('cy-lawfirm', 'lawyer'), demoUsername('cc-justice', 'admin')]).execute();
  const by = (k: string) => users.find((u) => u.username === k);
  const cc = by(demoUsername('cc-lawfirm', 'lawyer'));
  const cy = by(demoUsername('cy-lawfirm', 'lawyer'));
  const verifier = by(demoUsername('cc-justice', 'admin'));
  if (!cc || !cy) return;
  if (await db.selectFrom('defence_requests').select('id').where('lawyer_id', '=', cc.id).executeTakeFirst()) return;
  for (const [u, firm] of [[cc, 'cc-lawfirm'], [cy, 'cy-lawfirm']] as const) {
    await db.updateTable('users').set({ licence_no: LICENCES[firm]!, licence_verified_by: verifier?.id ?? null, licence_verified_at: new Date() }).where('id', '=', u.id).execute();
  }
  // a case at 审查起诉 (CPL 40: the file is open to the defence), held in a 看守所 for 会见
  const pick = async (stage: string, skip: number) => db.selectFrom('cases as c').innerJoin('case_persons as p', 'p.case_id', 'c.id')
    .innerJoin('case_parties as cp', 'cp.case_id', 'c.id').innerJoin('agencies as a', 'a.id', 'cp.agency_id')
    .select(['c.id as case_id', 'c.police_number', 'p.id as person_id', 'p.name', 'p.resident_id', 'a.id as agency_id'])
    .where('c.stage', '=', stage).where('a.type', '=', stage.startsWith('court') ? 'court' : 'procuratorate').where('p.resident_id', 'is not', null)
    .orderBy('c.police_number').offset(skip).limit(1).executeTakeFirst();
  const confirmed = await pick('procuratorate.prosecution_review', 0);
  const pending = await pick('procuratorate.prosecution_review', 1) ?? await pick('court.first_instance', 0);
  if (!confirmed) return;
  const decider = await db.selectFrom('users').select('id').where('agency_id', '=', confirmed.agency_id).where(sql<boolean>`'handler' = ANY(roles)`).executeTakeFirst();
  const row = (u: typeof cc, c: NonNullable<typeof confirmed>) => ({
    kind: 'retained', lawyer_id: u.id, lawyer_name: u.display_name, licence_no: LICENCES[u === cc ? 'cc-lawfirm' : 'cy-lawfirm']!, lawfirm_id: u.agency_id,
    client_name: c.name, client_resident_id: c.resident_id!, given_case_number: c.police_number, case_id: c.case_id, person_id: c.person_id,
    agency_id: c.agency_id, created_by: u.id,
  });
  await db.insertInto('defence_requests').values({
    ...row(cc, confirmed), status: 'confirmed', decided_by: decider?.id ?? null, decided_at: new Date(), decision_reason: null,
  }).execute();
  if (pending && pending.case_id !== confirmed.case_id) await db.insertInto('defence_requests').values(row(cy, pending)).execute();
  log(`demo: ${cc.username} represents ${confirmed.name} (case ${confirmed.police_number})`);
}
