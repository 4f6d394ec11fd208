/**
 * The next process opened by the platform when a step reaches its end (`startsProcess` on the
 * transition): on 生效 (CPL 230) the court finds 刑事判决交付执行 in its draft, and CPL 264's
 * 10 days run from the day the judgment took effect, not from the opening. The executing
 * agency is named when the documents go out (the step hands the flow over), so until then the
 * court stands in as receiver.
 */
import { createInstance, dayAfter, formatRef, getProcess, type TPlatformFacts, type TProcessInstance } from '@xietong/core/processes';
import type { TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { recordEventRow } from './event-row';
import { openTodos } from './record-transition';
import { applyTimerEffects } from './timers';

export const PLATFORM_ACTOR_NAME = '协同平台（自动）';
export const PLATFORM_CONTEXT = { actor: null, ip: null, userAgent: 'xietong-platform' } as const;

export async function startFollowUp(
  tx: TTx,
  o: { code: string; caseId: string; from: TProcessInstance; fromId: string; agencyId: string; facts: TPlatformFacts | undefined; now: Date },
): Promise<string | null> {
  const def = getProcess(o.code);
  if (!def) throw new Error(`startsProcess names no process ${o.code}`);
  // the day the judgment took effect: the day after the appeal window's last day
  const lastDay = o.facts?.timerDue?.appeal_window;
  const effectiveOn = lastDay ? dayAfter(lastDay) : null;
  if (effectiveOn) {
    await tx.updateTable('process_instances').set({ data: JSON.stringify({ ...o.from.data, effectiveOn }) }).where('id', '=', o.fromId).execute();
  }
  // the verdict travels along: a suspended sentence is executed in the community (社区矫正法 20)
  const verdict = typeof o.from.data.verdict === 'string' ? o.from.data.verdict : null;
  const { instance, timers } = createInstance(def, { data: { fromInstance: o.fromId, ...(effectiveOn ? { effectiveOn } : {}), ...(verdict ? { verdict } : {}) } });
  const row = await tx.insertInto('process_instances').values({
    case_id: o.caseId, code: def.code, state: instance.state, version: instance.version, counters: JSON.stringify(instance.counters),
    data: JSON.stringify(instance.data), initiator_agency_id: o.agencyId, receiver_agency_id: o.agencyId, superior_agency_id: null,
    started_by: null, terminal: false,
  }).returning('id').executeTakeFirstOrThrow();
  const started = await applyTimerEffects(tx, { ...timers, start: timers.start.map((t) => ({ ...t, startOn: effectiveOn })) }, { instanceId: row.id, caseId: o.caseId, now: o.now });
  const agency = await tx.selectFrom('agencies').select('name').where('id', '=', o.agencyId).executeTakeFirstOrThrow();
  const eventId = await recordEventRow(tx, {
    instance_id: row.id, case_id: o.caseId, process: def.code, action: 'start', from_state: instance.state, to_state: instance.state,
    version: instance.version, actor_user_id: null, actor_name: PLATFORM_ACTOR_NAME, actor_agency_id: o.agencyId, actor_agency_name: agency.name,
    actor_role: 'platform', actor_side: 'initiator', input: JSON.stringify({ fromInstance: o.fromId, effectiveOn }), documents: '[]',
    timers_started: JSON.stringify(started.started.map((t) => ({ zh: t.zh, due: t.due }))), timers_stopped: '[]',
    articles: JSON.stringify(def.articles.map(formatRef)), at: o.now,
  });
  await openTodos(tx, def, instance.state, { initiator: o.agencyId, receiver: o.agencyId, superior: null }, { instanceId: row.id, caseId: o.caseId, eventId });
  await writeAudit(tx, PLATFORM_CONTEXT, { action: 'process.started', targetType: 'process_instance', targetId: row.id, caseId: o.caseId, details: { process: def.code, from: o.fromId, effectiveOn } });
  return row.id;
}
