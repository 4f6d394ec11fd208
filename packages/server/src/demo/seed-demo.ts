/**
 * `xietong seed-demo`: the Changchun demo agencies and one account per agency and role.
 * Idempotent: existing agencies and users are kept.
 */
import type { TDb } from '../db/database';
import { createAgency } from '../agencies/create-agency';
import { createUser } from '../users/create-user';
import type { TRequestContext } from '../http/context';
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_PLATFORM_ADMINS, ROLE_NAMES_ZH, demoPeople, demoUsername } from './demo-agencies';
import { ensureRootAgency, ROOT_AGENCY_NAME } from '../bootstrap';

const SYSTEM: TRequestContext = { actor: null, ip: null, userAgent: 'xietong seed-demo' };

export type TDemoAccount = { username: string; password: string; agency: string; role: string; name: string; title: string };

export async function seedDemo(db: TDb, log: (m: string) => void = () => {}): Promise<{ accounts: TDemoAccount[]; agencyIds: Record<string, string> }> {
  const ids: Record<string, string> = {};
  const accounts: TDemoAccount[] = [];
  const people = new Map(demoPeople().map((p) => [p.username, p]));
  for (const a of DEMO_AGENCIES) {
    const existing = await db.selectFrom('agencies').select('id').where('name', '=', a.name).executeTakeFirst();
    ids[a.key] = existing
      ? existing.id
      : (await createAgency(db, SYSTEM, {
          parentId: a.parent ? (ids[a.parent] ?? null) : null, type: a.type, level: a.level, regionCode: a.regionCode,
          name: a.name, shortName: a.shortName, unitCode: a.unitCode,
        })).id;
    if (a.numberOrg) {
      await db.updateTable('agencies').set({ document_number_org: a.numberOrg }).where('id', '=', ids[a.key]!).where('document_number_org', 'is', null).execute();
    }
    for (const role of a.roles) {
      const username = demoUsername(a.key, role);
      const person = people.get(username)!;
      accounts.push({ username, password: DEMO_PASSWORD, agency: a.name, role: ROLE_NAMES_ZH[role], name: person.name, title: person.title });
      const u = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
      if (u) continue;
      await createUser(db, SYSTEM, {
        username, displayName: person.name, agencyId: ids[a.key]!, roles: [role], password: DEMO_PASSWORD,
      });
    }
  }
  // 三员: the platform's security and audit administrators (the bootstrap `admin` is the third)
  const root = await ensureRootAgency(db);
  for (const p of DEMO_PLATFORM_ADMINS) {
    const person = people.get(p.username)!;
    accounts.push({ username: p.username, password: DEMO_PASSWORD, agency: ROOT_AGENCY_NAME, role: ROLE_NAMES_ZH[p.role], name: person.name, title: person.title });
    const u = await db.selectFrom('users').select('id').where('username', '=', p.username).executeTakeFirst();
    if (u) continue;
    await createUser(db, SYSTEM, { username: p.username, displayName: person.name, agencyId: root.id, roles: [p.role], password: DEMO_PASSWORD, platformAdmin: true });
  }
  log(`demo: ${DEMO_AGENCIES.length} agencies, ${accounts.length} accounts`);
  return { accounts, agencyIds: ids };
}
