/**
 * Statutory timers of process instances: the engine says which to start, stop or restart;
 * here their due dates are computed (CPL 105 over the holiday calendar) and stored on the row.
 */
import { calculateDeadline, civilDateInShanghai, extendDeadline, type TCivilDate } from '@xietong/core/deadlines';
import { formatRef, type TTimerEffect, type TTimerEffects } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TTx } from '../db/database';
import { loadCalendar } from '../deadlines/calendar-store';

export type TStartedTimer = { timerId: string; zh: string; due: string };

export async function applyTimerEffects(
  tx: TTx, effects: TTimerEffects, at: { instanceId: string; caseId: string; now: Date },
): Promise<{ started: TStartedTimer[]; stopped: string[] }> {
  const calendar = await loadCalendar(tx as never);
  const stopIds = [...effects.stop];
  if (stopIds.length) {
    await tx.updateTable('process_timers').set({ status: 'stopped', stopped_at: sql`now()` })
      .where('instance_id', '=', at.instanceId).where('timer_id', 'in', stopIds).where('status', '=', 'running').execute();
  }
  if (effects.restart.length) {
    await tx.updateTable('process_timers').set({ status: 'restarted', stopped_at: sql`now()` })
      .where('instance_id', '=', at.instanceId).where('timer_id', 'in', effects.restart.map((t) => t.id)).where('status', 'in', ['running', 'stopped']).execute();
  }
  const started: TStartedTimer[] = [];
  const today = civilDateInShanghai(at.now.getTime());
  for (const t of [...effects.start, ...effects.restart]) {
    // a timer already running is not started twice
    await tx.updateTable('process_timers').set({ status: 'restarted', stopped_at: sql`now()` })
      .where('instance_id', '=', at.instanceId).where('timer_id', '=', t.id).where('status', '=', 'running').execute();
    // a fact date (the day of service, CPL 230) when the definition names one, else the day of the step
    const from = (t.startOn as TCivilDate | null) ?? today;
    const r = computeDue(t, from, calendar);
    await tx.insertInto('process_timers').values({
      instance_id: at.instanceId, case_id: at.caseId, timer_id: t.id, zh: t.zh, en: t.en, started_on: from, due: r.due,
      due_instant: r.dueInstant, in_custody: t.inCustody, warn_days: t.warnDays,
      articles: JSON.stringify(t.articles.map(formatRef)), explanation: JSON.stringify(r.explanation),
    }).execute();
    started.push({ timerId: t.id, zh: t.zh, due: r.due });
  }
  return { started, stopped: [...stopIds, ...effects.restart.map((t) => t.id)] };
}

export function computeDue(t: TTimerEffect, start: TCivilDate, calendar: Parameters<typeof calculateDeadline>[0]['calendar']) {
  const first = calculateDeadline({ start, amount: t.amount, unit: t.unit, inCustody: t.inCustody, calendar });
  if (!t.plus) return first;
  // e.g. 1 month + 15 days (CPL 172): the second part runs on from the first expiry
  return extendDeadline({ previousDue: first.arithmeticDue, amount: t.plus.amount, unit: t.plus.unit === 'hour' ? 'day' : t.plus.unit, inCustody: t.inCustody, calendar });
}
