/**
 * Demo 单轨例外: up to two steps of 朝阳分局 recorded on paper during a power outage four days ago —
 * one still waiting for its 补录 (past the default deadline: the reconciliation report and the
 * overdue sweep show it), so a newcomer sees the register with something in it.
 */
import { actorSides, getProcess } from '@xietong/core/processes';
import type { TDb } from '../db/database';
import { demoUsername } from './demo-agencies';

const DAY = 86_400_000;

export async function seedDemoSingleTrack(db: TDb, now: Date = new Date()): Promise<number> {
  const user = await db.selectFrom('users').select(['id', 'agency_id']).where('username', '=', demoUsername('cy-police', 'approver')).executeTakeFirst();
  if (!user) return 0;
  const open = await db.selectFrom('process_instances').select(['id', 'case_id', 'code', 'state', 'receiver_agency_id'])
    .where('initiator_agency_id', '=', user.agency_id).where('terminal', '=', false).orderBy('created_at', 'desc').limit(20).execute();
  let n = 0;
  for (const i of open) {
    // a step the police may fire next in this instance
    const t = getProcess(i.code)?.transitions.find((x) => x.from.includes(i.state) && actorSides(x.actor).includes('initiator'));
    if (!t) continue;
    const occurredAt = new Date(now.getTime() - (4 + n) * DAY);
    await db.insertInto('single_track_flows').values({
      case_id: i.case_id, instance_id: i.id, process: i.code, action: t.action, from_agency_id: user.agency_id, to_agency_id: i.receiver_agency_id,
      occurred_at: occurredAt, reason_code: 2, reason_note: '辖区停电，纸质文书当面送达', approved_by: '王局长', registered_by: user.id,
      registered_at: new Date(occurredAt.getTime() + 3600_000), backfill_due: new Date(occurredAt.getTime() + 3600_000 + 3 * DAY),
    }).execute();
    if (++n === 2) break;
  }
  return n;
}
