/**
 * The next process opened by the platform when a step reaches its end (`startsProcess` on the
 * transition): on 生效 (CPL 230) the court finds 刑事判决交付执行 in its draft, and CPL 264's
 * 10 days run from the day the judgment took effect, not from the opening. The executing
 * agency is named when the documents go out (the step hands the flow over), so until then the
 * court stands in as receiver.
 */
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { createInstance, dayAfter, formatRef, getProcess, type TPlatformFacts, type TProcessInstance } from '@xietong/core/processes';
import type { TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { recordEventRow } from './event-row';
import { openTodos } from './record-transition';
import { parentOfSameType, resolveSuperiorAgency } from './participants';
import { applyTimerEffects } from './timers';

export const PLATFORM_ACTOR_NAME = '协同平台（自动）';
export const PLATFORM_CONTEXT = { actor: null, ip: null, userAgent: 'xietong-platform' } as const;

export async function startFollowUp(
  tx: TTx,
  o: { code: string; caseId: string; from: TProcessInstance; fromId: string; agencyId: string; facts: TPlatformFacts | undefined; now: Date },
): Promise<string | null> {
  const def = getProcess(o.code);
  if (!def) throw new Error(`startsProcess names no process ${o.code}`);
  // Execution follows a judgment that took effect (startsAfter): the day after the appeal
  // window's last day (CPL 230), or at once for a second-instance decision (CPL 244).
  const lastDay = o.facts?.timerDue?.appeal_window;
  const effectiveOn = def.startsAfter ? (lastDay ? dayAfter(lastDay) : civilDateInShanghai(o.now.getTime())) : null;
  if (effectiveOn) {
    await tx.updateTable('process_instances').set({ data: JSON.stringify({ ...o.from.data, effectiveOn }) }).where('id', '=', o.fromId).execute();
  }
  // what the definition carries over (P5, P11: the verdict)
  const inherited = Object.fromEntries((def.inherits ?? []).filter((k) => o.from.data[k] !== undefined).map((k) => [k, o.from.data[k]]));
  const { instance, timers } = createInstance(def, { data: { ...inherited, fromInstance: o.fromId, fromState: o.from.state, ...(effectiveOn ? { effectiveOn } : {}) } });
  // 上一级 (P11: the second-instance court, CPL 227); else the opener stands in until it hands over (P5)
  const receiverId = def.receiver.level === 'superior' ? ((await parentOfSameType(tx, o.agencyId)) ?? o.agencyId) : o.agencyId;
  const superiorId = await resolveSuperiorAgency(tx, def, instance, receiverId, o.agencyId);
  const row = await tx.insertInto('process_instances').values({
    case_id: o.caseId, code: def.code, state: instance.state, version: instance.version, counters: JSON.stringify(instance.counters),
    data: JSON.stringify(instance.data), initiator_agency_id: o.agencyId, receiver_agency_id: receiverId, superior_agency_id: superiorId,
    started_by: null, terminal: false,
  }).returning('id').executeTakeFirstOrThrow();
  const started = await applyTimerEffects(tx, { ...timers, start: timers.start.map((t) => ({ ...t, startOn: t.startOn ?? effectiveOn })) }, { instanceId: row.id, caseId: o.caseId, now: o.now });
  const agency = await tx.selectFrom('agencies').select('name').where('id', '=', o.agencyId).executeTakeFirstOrThrow();
  const eventId = await recordEventRow(tx, {
    instance_id: row.id, case_id: o.caseId, process: def.code, action: 'start', from_state: instance.state, to_state: instance.state,
    version: instance.version, actor_user_id: null, actor_name: PLATFORM_ACTOR_NAME, actor_agency_id: o.agencyId, actor_agency_name: agency.name,
    actor_role: 'platform', actor_side: 'initiator', input: JSON.stringify({ fromInstance: o.fromId, effectiveOn }), documents: '[]',
    timers_started: JSON.stringify(started.started.map((t) => ({ zh: t.zh, due: t.due }))), timers_stopped: '[]',
    articles: JSON.stringify(def.articles.map(formatRef)), at: o.now,
  });
  await openTodos(tx, def, instance.state, { initiator: o.agencyId, receiver: receiverId, superior: superiorId }, { instanceId: row.id, caseId: o.caseId, eventId });
  await writeAudit(tx, PLATFORM_CONTEXT, { action: 'process.started', targetType: 'process_instance', targetId: row.id, caseId: o.caseId, details: { process: def.code, from: o.fromId, effectiveOn } });
  return row.id;
}
