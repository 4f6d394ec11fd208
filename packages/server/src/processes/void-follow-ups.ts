/**
 * Void what a step undoes (`voidsProcess` on the transition): an appeal posted before the window
 * ended (CPL 105 ¶3) and recorded after the sweep set 生效 means the judgment never took effect,
 * so the 交付执行 the platform opened on 生效 rested on nothing. Each such instance opened from
 * this one is closed where it stands (its state kept, marked voided with the reason), its clocks
 * stopped and its 待办 closed; an event row (ledger) and an audit row (ledger) say why. The
 * instance's own 生效 date is cleared: the judgment did not take effect on it.
 */
import { getProcess } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { recordEventRow } from './event-row';
import { PLATFORM_ACTOR_NAME } from './start-follow-up';

export async function voidFollowUps(
  tx: TTx, ctx: TAuthedContext,
  o: { code: string; fromId: string; caseId: string; byAction: string; byEventId: string | null; reasonZh: string; articles: readonly string[]; now: Date },
): Promise<string[]> {
  const def = getProcess(o.code);
  if (!def) throw new Error(`voidsProcess names no process ${o.code}`);
  const rows = await tx.selectFrom('process_instances').selectAll().where('case_id', '=', o.caseId).where('code', '=', o.code)
    .where(sql<boolean>`data->>'fromInstance' = ${o.fromId}`).where(sql<boolean>`NOT (data ? 'voided')`).forUpdate().execute();
  const voided: string[] = [];
  for (const row of rows) {
    const voidedNote = { at: o.now.toISOString(), byInstance: o.fromId, byAction: o.byAction, byEventId: o.byEventId, reason: o.reasonZh, articles: o.articles };
    const data = { ...(row.data as Record<string, unknown>), voided: voidedNote };
    await tx.updateTable('process_instances').set({ terminal: true, version: row.version + 1, data: JSON.stringify(data), updated_at: o.now })
      .where('id', '=', row.id).execute();
    const stopped = await tx.updateTable('process_timers').set({ status: 'stopped', stopped_at: sql`now()` })
      .where('instance_id', '=', row.id).where('status', 'in', ['running', 'paused']).returning('timer_id').execute();
    await tx.updateTable('inbox_items').set({ done_at: sql`now()` }).where('instance_id', '=', row.id).where('done_at', 'is', null).execute();
    const agency = await tx.selectFrom('agencies').select(['id', 'name']).where('id', '=', row.initiator_agency_id).executeTakeFirstOrThrow();
    await recordEventRow(tx, {
      instance_id: row.id, case_id: row.case_id, process: def.code, action: 'void', from_state: row.state, to_state: row.state,
      version: row.version + 1, actor_user_id: null, actor_name: PLATFORM_ACTOR_NAME, actor_agency_id: agency.id, actor_agency_name: agency.name,
      actor_role: 'platform', actor_side: 'initiator', input: JSON.stringify(voidedNote), documents: '[]',
      timers_started: '[]', timers_stopped: JSON.stringify(stopped.map((t) => t.timer_id)), articles: JSON.stringify(o.articles), at: o.now,
    });
    await writeAudit(tx, ctx, {
      action: 'process.voided', targetType: 'process_instance', targetId: row.id, caseId: row.case_id,
      details: { process: def.code, state: row.state, byInstance: o.fromId, byAction: o.byAction, reason: o.reasonZh },
    });
    voided.push(row.id);
  }
  // the judgment did not take effect on the day the sweep computed
  await tx.updateTable('process_instances').set({ data: sql`data - 'effectiveOn'` }).where('id', '=', o.fromId).execute();
  return voided;
}
