/**
 * Demo 电子换押 and 提讯 (issue 15): most held persons whose stage changed got their 换押 — the
 * sender issued the 换押证 at the change, the receiver took over, the 看守所 acknowledged — while
 * every sixth is left without one, so the 看守所 list shows a few exceptions as a working agency
 * would; and a few 提讯 are booked for tomorrow at the 朝阳区看守所 (one confirmed, one waiting).
 * Runs through the same engine and row writers as the demo cases (`runProcess`).
 */
import { getProcess } from '@xietong/core/processes';
import { TRANSFER_PERIODS } from '@xietong/core/custody';
import { addDays, civilDateInShanghai } from '@xietong/core/deadlines';
import type { TDb } from '../db/database';
import type { TIssueDeps } from '../documents/issue-legal-document';
import { runProcess, type TParty } from './seed-demo-cases';

const DAY = 86400_000;

/** The stage period a person entered → who handed over, who received, which 换押事由. */
const HAND_OVER: Record<string, { from: string; to: string; kind: string }> = {
  prosecution_review: { from: 'police', to: 'procuratorate', kind: 'to_prosecution_review' },
  supplementary_investigation: { from: 'procuratorate', to: 'police', kind: 'supplementary_return' },
  trial: { from: 'procuratorate', to: 'court', kind: 'to_trial' },
  trial_supplementary_investigation: { from: 'court', to: 'procuratorate', kind: 'trial_supplementary' },
};

async function partyOf(db: TDb, agencyId: string): Promise<TParty | null> {
  const rows = await db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.agency_id', 'a.name', 'u.roles', 'u.username']).where('u.agency_id', '=', agencyId).execute();
  if (!rows.length) return null;
  const users: TParty['users'] = {};
  for (const r of rows) users[r.roles[0]!] ??= { id: r.id, username: r.username, name: r.display_name, agencyId: r.agency_id, agencyName: r.name, role: r.roles[0]! };
  return users.handler ? { agencyId, users } : null;
}

export async function seedDemoCustodyLogistics(db: TDb, issue: TIssueDeps | null, log: (m: string) => void = () => {}): Promise<void> {
  const def = getProcess('custody_transfer')!;
  const held = await db.selectFrom('person_measures as m')
    .innerJoin('person_custody_timers as t', (j) => j.onRef('t.person_id', '=', 'm.person_id').on('t.status', '=', 'running'))
    .select(['m.person_id', 'm.case_id', 'm.detention_centre_id', 't.kind', 't.created_at'])
    .where('m.ended_at', 'is', null).where('m.measure', 'in', ['detention', 'arrest']).where('m.detention_centre_id', 'is not', null)
    .orderBy('t.created_at').orderBy('m.person_id').execute();
  const parties = new Map<string, TParty | null>();
  const party = async (id: string) => {
    if (!parties.has(id)) parties.set(id, await partyOf(db, id));
    return parties.get(id)!;
  };
  const now = Date.now();
  let done = 0;
  let left = 0;
  for (const [i, h] of held.entries()) {
    const hand = HAND_OVER[h.kind];
    if (!hand || !TRANSFER_PERIODS.has(h.kind)) continue;
    // every sixth stage change stays without 换押: the exceptions of the 看守所 list
    if (i % 6 === 0) { left++; continue; }
    const on = await db.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id').select(['a.id', 'a.type'])
      .where('cp.case_id', '=', h.case_id).where('a.type', 'in', [hand.from, hand.to]).orderBy('cp.joined_at').execute();
    const fromId = on.find((a) => a.type === hand.from)?.id;
    const toId = on.find((a) => a.type === hand.to)?.id;
    const centre = h.detention_centre_id ? await party(h.detention_centre_id) : null;
    const from = fromId ? await party(fromId) : null;
    const to = toId ? await party(toId) : null;
    if (!from || !to || !centre?.users.clerk) continue;
    // the sender fills the 换押证 at the hand-over, the receiver and the 看守所 follow the next day
    const start = new Date(h.created_at).getTime() - 3600_000;
    await db.transaction().execute(async (tx) => {
      await runProcess(tx, {
        caseId: h.case_id, def, initiator: from, receiver: to, superior: null, start, until: now, issue, handOverTo: centre,
        steps: [
          { action: 'issue_certificate', input: { personId: h.person_id, transferKind: hand.kind }, days: 0 },
          { action: 'take_over', input: { takenOverOn: civilDateInShanghai(start + DAY), detentionCentreId: centre.agencyId }, days: 1 },
          { action: 'acknowledge_transfer', days: 0 },
        ],
      });
    });
    done++;
  }

  // 提讯 booked for tomorrow at the 看守所 of the first held persons in the 审查起诉 and 侦查 stages
  const tomorrow = addDays(civilDateInShanghai(now), 1);
  const slots = held.filter((h) => h.detention_centre_id).slice(0, 3);
  for (const [i, h] of slots.entries()) {
    // the agency handling the case at its stage books (侦查: police, 审查起诉: procuratorate, 审判: court)
    const { stage } = await db.selectFrom('cases').select('stage').where('id', '=', h.case_id).executeTakeFirstOrThrow();
    const head = stage.split('.')[0] === 'procuratorate' && stage !== 'procuratorate.arrest_review' ? 'procuratorate' : stage.startsWith('court') ? 'court' : 'police';
    const handling = await db.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id').select(['a.id'])
      .where('cp.case_id', '=', h.case_id).where('a.type', '=', head).orderBy('cp.joined_at').executeTakeFirst();
    const booker = handling ? await party(handling.id) : null;
    const centre = await party(h.detention_centre_id!);
    if (!booker || !centre) continue;
    const startsAt = new Date(`${tomorrow}T${String(9 + i * 2).padStart(2, '0')}:00:00+08:00`);
    const confirmed = i === 0;
    await db.insertInto('interrogation_bookings').values({
      case_id: h.case_id, person_id: h.person_id, detention_centre_id: centre.agencyId, agency_id: booker.agencyId,
      booked_by: booker.users.handler!.id, booked_by_name: booker.users.handler!.name, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 90 * 60_000),
      mode: i === 1 ? 'remote' : 'in_person', purpose: '（演示）核实案件事实', status: confirmed ? 'confirmed' : 'requested',
      ...(confirmed ? { room: '第3讯问室', decided_by: (centre.users.clerk ?? centre.users.handler)!.id, decided_by_name: (centre.users.clerk ?? centre.users.handler)!.name, decided_at: new Date(now) } : {}),
    }).execute();
  }
  log(`demo: ${done} 换押 acknowledged, ${left} stage changes left without 换押, ${slots.length} 提讯 booked`);
}
