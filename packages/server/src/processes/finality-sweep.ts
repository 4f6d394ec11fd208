/**
 * The finality sweep (生效): a judgment takes effect when the 上诉/抗诉 window (CPL 230: 10 days
 * for a 判决, 5 for a 裁定, from the day after service) has passed with no appeal or protest
 * recorded. Steps marked `firesWhenOver` are fired here by the platform — never by a typed date —
 * the day after their timer's last day, in bounded batches; FOR UPDATE SKIP LOCKED makes two
 * servers fire each once. The same step then opens P5 for the court (`startsProcess`), whose
 * CPL 264 deadline runs from 生效.
 *
 * Why a sweep and not a check on read: the court's 待办 and the 10-day deadline must exist
 * whether or not anyone opens the case; reads stay free of writes.
 */
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { actorSides, applyAction, followUpProcess, formatRef, PROCESS_DEFINITIONS, type TProcessInstance } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { recordEventRow } from './event-row';
import { applyCaseEffects } from './case-effects';
import { loadPlatformFacts } from './facts';
import { openTodos } from './record-transition';
import { PLATFORM_ACTOR_NAME, PLATFORM_CONTEXT, startFollowUp } from './start-follow-up';
import { applyTimerEffects } from './timers';

const AUTO = PROCESS_DEFINITIONS.flatMap((def) => def.transitions.filter((t) => t.firesWhenOver).map((t) => ({ def, t })));

export async function sweepFinality(db: TDb, opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const today = civilDateInShanghai(now.getTime());
  const batch = opts.batch ?? 100;
  let fired = 0;
  for (const { def, t } of AUTO) {
    for (;;) {
      const n = await db.transaction().execute(async (tx) => {
        // the case row first, then the instance, as a step locks them (act.ts): no deadlock with a step
        const rows = await tx.selectFrom('process_instances as i').innerJoin('cases as c', 'c.id', 'i.case_id').selectAll('i')
          .where('i.code', '=', def.code).where('i.state', 'in', [...t.from]).where('i.terminal', '=', false)
          .where(({ exists, selectFrom }) => exists(selectFrom('process_timers as pt').select('pt.id')
            .whereRef('pt.instance_id', '=', 'i.id').where('pt.timer_id', '=', t.firesWhenOver!).where('pt.status', '=', 'running')
            .where('pt.due', '<', sql<string>`${today}::date`)))
          .orderBy('i.updated_at').limit(batch).modifyEnd(sql`FOR NO KEY UPDATE OF c SKIP LOCKED FOR UPDATE OF i SKIP LOCKED`).execute();
        let done = 0;
        for (const row of rows) {
          const participants = { initiator: row.initiator_agency_id, receiver: row.receiver_agency_id, superior: row.superior_agency_id };
          const side = actorSides(t.actor)[0]!;
          const agencyId = participants[side];
          if (!agencyId) continue;
          const agency = await tx.selectFrom('agencies').select(['id', 'name', 'type']).where('id', '=', agencyId).executeTakeFirstOrThrow();
          const instance: TProcessInstance = { code: row.code, state: row.state, version: row.version, counters: row.counters as Record<string, number>, data: row.data as Record<string, unknown> };
          const facts = (await loadPlatformFacts(tx, [{ id: row.id, caseId: row.case_id, receiverId: row.receiver_agency_id }])).get(row.id);
          const result = applyAction(def, instance, {
            action: t.action, actor: { agencyType: agency.type as never, role: t.actor.roles[0]!, side }, now, facts,
          });
          if (!result.ok) continue; // e.g. the window was restarted meanwhile: the next sweep decides
          await tx.updateTable('process_instances')
            .set({ state: result.to, version: result.version, counters: JSON.stringify(result.counters), data: JSON.stringify(result.data), terminal: def.states[result.to]?.terminal === true, updated_at: now })
            .where('id', '=', row.id).execute();
          const timers = await applyTimerEffects(tx, result.timers, { instanceId: row.id, caseId: row.case_id, now });
          const eventId = await recordEventRow(tx, {
            instance_id: row.id, case_id: row.case_id, process: def.code, action: t.action, from_state: result.from, to_state: result.to,
            version: result.version, actor_user_id: null, actor_name: PLATFORM_ACTOR_NAME, actor_agency_id: agency.id, actor_agency_name: agency.name,
            actor_role: 'platform', actor_side: side, input: JSON.stringify({ lastDay: facts?.timerDue?.[t.firesWhenOver!] ?? null }), documents: '[]',
            timers_started: JSON.stringify(timers.started.map((x) => ({ zh: x.zh, due: x.due }))), timers_stopped: JSON.stringify(timers.stopped),
            articles: JSON.stringify(result.event.articles.map(formatRef)), at: now,
          });
          await tx.updateTable('inbox_items').set({ done_at: sql`now()` }).where('instance_id', '=', row.id).where('done_at', 'is', null).execute();
          await openTodos(tx, def, result.to, participants, { instanceId: row.id, caseId: row.case_id, eventId });
          await applyCaseEffects(tx, { caseId: row.case_id, process: def.code, action: t.action, to: result.to, actingAgencyId: agency.id, now });
          await writeAudit(tx, PLATFORM_CONTEXT, {
            action: 'process.transition', targetType: 'process_instance', targetId: row.id, caseId: row.case_id,
            details: { process: def.code, action: t.action, from: result.from, to: result.to, eventId, by: 'platform' },
          });
          const next = followUpProcess(t, result.data);
          if (next) await startFollowUp(tx, { code: next, caseId: row.case_id, from: { ...instance, state: result.to, data: result.data }, fromId: row.id, agencyId: agency.id, facts, now });
          done++;
        }
        return { seen: rows.length, done };
      });
      fired += n.done;
      if (n.seen < batch || n.done === 0) break;
    }
  }
  return fired;
}
