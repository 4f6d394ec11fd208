/**
 * Statutory timers of process instances: the engine says which to start, stop, restart or extend;
 * here their due dates are computed (CPL 105 over the holiday calendar) and stored on the row.
 *
 * Custody flag (CPL 105 ¶2): a timer whose definition says `inCustody: 'person'` is a custody
 * period only while a person of the case is held (拘留 or 逮捕 open). The flag is read from the
 * person's measures when the timer starts and re-read after every step that changes a measure
 * (`refreshCustodyFlags`), and the due date recomputed from the same start and length.
 */
import { calculateDeadline, civilDateInShanghai, diffDays, excludePausedDays, extendDeadline, HOUR_READING, type TCalendar, type TCivilDate, type TDeadlineResult, type THourReading } from '@xietong/core/deadlines';
import { formatRef, type TTimerEffect, type TTimerEffects } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TTx } from '../db/database';
import type { WriteBatch } from '../db/write-batch';
import { loadCalendar } from '../deadlines/calendar-store';

export type TStartedTimer = { timerId: string; zh: string; due: string };
/** A part of a period's length; `paused` marks days not counted (CPL 149, 235) with their dates and article. */
type TPart = { amount: number; unit: 'hour' | 'day' | 'month'; paused?: { from: string; to: string; article: string; reasonZh: string } };
type TPauseNote = { article: string; reasonZh: string };

/** The pause recorded on a paused row (the last PAUSED step of its explanation). */
function pausedBy(explanation: unknown): TPauseNote | null {
  const steps = Array.isArray(explanation) ? (explanation as { code?: string; article?: string; reasonZh?: string }[]) : [];
  const s = steps.findLast((x) => x.code === 'PAUSED');
  return s?.article && s.reasonZh ? { article: s.article, reasonZh: s.reasonZh } : null;
}

/** The calculator's reading of hour periods (CPL 105 ¶1): next full hour unless configured 'exact'. */
export function hourReading(): THourReading {
  return process.env.XIETONG_HOUR_READING === 'exact' ? 'exact' : HOUR_READING;
}

/** Is a person of the case held now (an open 拘留 or 逮捕)? */
export async function personHeld(tx: TTx, caseId: string): Promise<boolean> {
  const r = await tx.selectFrom('person_measures').select('id').where('case_id', '=', caseId).where('ended_at', 'is', null)
    .where('measure', 'in', ['detention', 'arrest']).executeTakeFirst();
  return !!r;
}

export async function applyTimerEffects(
  tx: TTx, effects: TTimerEffects, at: { instanceId: string; caseId: string; now: Date },
  /**
   * A transition's statement of writes (db/write-batch.ts) and whether a person of the case is held,
   * read with its platform facts (facts.ts, before the step's own writes, as here): then stopping,
   * restarting and starting timers costs no round trip of its own (issue 13).
   */
  opts: {
    batch?: WriteBatch; held?: boolean;
    /** a timer that runs from a fact the step recorded (CPL 91: the 拘留 day, custody/apply-custody-effects.ts), computed there */
    computed?: { timerId: string; started_on: string; due: string; due_instant: string; explanation: unknown[] } | null;
  } = {},
): Promise<{ started: TStartedTimer[]; stopped: string[] }> {
  const calendar = await loadCalendar(tx as never);
  const stopIds = [...effects.stop];
  const started: TStartedTimer[] = [];
  const today = civilDateInShanghai(at.now.getTime());
  const nowTime = new Date(at.now.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  const fresh = [...effects.start, ...effects.restart];
  const restartIds = effects.restart.map((t) => t.id);
  const freshIds = fresh.map((t) => t.id);
  // One UPDATE for what the three steps did in turn: a stopped timer ends 'stopped'; a restarted one
  // (running or stopped) and a running one started again (never twice at once) end 'restarted'.
  const closing = [...new Set([...stopIds, ...restartIds, ...freshIds])];
  const close = closing.length
    ? sql`UPDATE process_timers SET stopped_at = now(), status = CASE
          WHEN timer_id = ANY(${restartIds}::text[]) AND status IN ('running', 'stopped') THEN 'restarted'
          WHEN timer_id = ANY(${stopIds}::text[]) AND status = 'running' THEN 'stopped'
          ELSE 'restarted' END
        WHERE instance_id = ${at.instanceId} AND timer_id = ANY(${closing}::text[]) AND (
          (timer_id = ANY(${restartIds}::text[]) AND status IN ('running', 'stopped'))
          OR (timer_id = ANY(${stopIds}::text[]) AND status = 'running')
          OR (timer_id = ANY(${freshIds}::text[]) AND status = 'running'))`
    : null;
  const held = fresh.some((t) => t.custodyFromPerson) ? (opts.held ?? await personHeld(tx, at.caseId)) : false;
  const rows = fresh.map((t0) => {
    const t = t0.custodyFromPerson ? { ...t0, inCustody: held } : t0;
    // a fact date (the day of service, CPL 230; the detention time, CPL 85) when the definition names one, else the step
    const from = (t.startOn as TCivilDate | null) ?? today;
    const startTime = t.startTime ?? (t.startOn ? '00:00' : nowTime);
    const c = opts.computed?.timerId === t.id ? opts.computed : null;
    const r = c ? { due: c.due, dueInstant: c.due_instant, explanation: c.explanation } : computeDue({ ...t, startTime }, from, calendar);
    started.push({ timerId: t.id, zh: t.zh, due: r.due });
    return {
      instance_id: at.instanceId, case_id: at.caseId, timer_id: t.id, zh: t.zh, en: t.en, started_on: c ? c.started_on : from, due: r.due,
      due_instant: r.dueInstant, in_custody: t.inCustody, warn_days: t.warnDays,
      articles: JSON.stringify(t.articles.map(formatRef)), explanation: JSON.stringify(r.explanation),
      custody_rule: t.custodyFromPerson ? 'person' : 'fixed', parts: JSON.stringify(partsOf(t)), start_time: t.unit === 'hour' ? startTime : null,
    };
  });
  const insert = rows.length ? sql`${tx.insertInto('process_timers').values(rows)}` : null;
  const later = (effects.extend ?? []).length + (effects.retrack ?? []).length + (effects.pause ?? []).length + (effects.resume ?? []).length;
  if (opts.batch) {
    // the CTEs of one statement share a snapshot: the UPDATE never sees the rows the INSERT adds
    if (close) opts.batch.add(close);
    if (insert) opts.batch.add(insert);
    // extensions, pauses and resumptions below read the running rows: they see the writes above
    if (later) await opts.batch.flush(tx);
  } else {
    if (close) await close.execute(tx);
    if (insert) await insert.execute(tx);
  }
  // an approved extension (CPL 91 ¶1–2, CPL 208): the running period gets the extra length appended
  for (const e of effects.extend ?? []) {
    const row = await tx.selectFrom('process_timers').selectAll().where('instance_id', '=', at.instanceId).where('timer_id', '=', e.id)
      .where('status', '=', 'running').orderBy('created_at', 'desc').executeTakeFirst();
    if (!row) continue;
    const parts = [...((row.parts as TPart[] | null) ?? []), { amount: e.amount, unit: e.unit }];
    const r = dueOfParts(parts, row.started_on as TCivilDate, row.start_time, row.in_custody, calendar);
    await tx.updateTable('process_timers').set({ parts: JSON.stringify(parts), due: r.due, due_instant: r.dueInstant, explanation: JSON.stringify(r.explanation), overdue_notified_at: null, warn_notified_at: null })
      .where('id', '=', row.id).execute();
    started.push({ timerId: row.timer_id, zh: row.zh, due: r.due });
  }
  // the procedure chosen later (CPL 172 速裁 during review): same start, the length now in force
  for (const t of effects.retrack ?? []) {
    const row = await tx.selectFrom('process_timers').selectAll().where('instance_id', '=', at.instanceId).where('timer_id', '=', t.id)
      .where('status', '=', 'running').orderBy('created_at', 'desc').executeTakeFirst();
    if (!row) continue;
    const parts = partsOf(t);
    const r = dueOfParts(parts, row.started_on as TCivilDate, row.start_time, row.in_custody, calendar);
    await tx.updateTable('process_timers').set({ zh: t.zh, en: t.en, parts: JSON.stringify(parts), due: r.due, due_instant: r.dueInstant, explanation: JSON.stringify(r.explanation), articles: JSON.stringify(t.articles.map(formatRef)) })
      .where('id', '=', row.id).execute();
    started.push({ timerId: row.timer_id, zh: t.zh, due: r.due });
  }
  // time not counted (CPL 149, 235): the running period stops counting today, its row kept
  for (const p of effects.pause ?? []) {
    const row = await tx.selectFrom('process_timers').select(['id', 'explanation']).where('instance_id', '=', at.instanceId).where('timer_id', '=', p.id)
      .where('status', '=', 'running').orderBy('created_at', 'desc').executeTakeFirst();
    if (!row) continue;
    const step = {
      code: 'PAUSED', article: p.article, reasonZh: p.reasonZh, date: today,
      zh: `自 ${today} 起${p.reasonZh}，期间不计入期限（${p.article}），恢复计算后期限相应顺延。`,
      en: `Not counted from ${today} (${p.article}); the last day moves on by the days paused.`,
    };
    await tx.updateTable('process_timers').set({ status: 'paused', paused_on: today, explanation: JSON.stringify([...((row.explanation as unknown[]) ?? []), step]) })
      .where('id', '=', row.id).execute();
  }
  // …and counts on: the last day moves by the days paused, the explanation says why
  for (const id of effects.resume ?? []) {
    const row = await tx.selectFrom('process_timers').selectAll().where('instance_id', '=', at.instanceId).where('timer_id', '=', id)
      .where('status', '=', 'paused').orderBy('created_at', 'desc').executeTakeFirst();
    if (!row || !row.paused_on) continue;
    const pausedOn = String(row.paused_on) as TCivilDate;
    const pause = pausedBy(row.explanation) ?? { article: 'CPL 105', reasonZh: '中止计算' };
    const parts = [...((row.parts as TPart[] | null) ?? []), { amount: diffDays(pausedOn, today), unit: 'day' as const, paused: { from: pausedOn, to: today, ...pause } }];
    const r = dueOfParts(parts, row.started_on as TCivilDate, row.start_time, row.in_custody, calendar);
    await tx.updateTable('process_timers').set({ status: 'running', paused_on: null, parts: JSON.stringify(parts), due: r.due, due_instant: r.dueInstant, explanation: JSON.stringify(r.explanation), overdue_notified_at: null, warn_notified_at: null })
      .where('id', '=', row.id).execute();
    started.push({ timerId: row.timer_id, zh: row.zh, due: r.due });
  }
  return { started, stopped: [...stopIds, ...effects.restart.map((t) => t.id)] };
}

/**
 * CPL 105 ¶2 at each moment: after a step changed a person's measure, every running 'person'
 * timer of the case whose flag no longer matches is recomputed from its own start and length.
 */
export async function refreshCustodyFlags(tx: TTx, caseId: string): Promise<void> {
  const rows = await tx.selectFrom('process_timers').selectAll().where('case_id', '=', caseId).where('status', '=', 'running')
    .where('custody_rule', '=', 'person').execute();
  if (rows.length === 0) return;
  for (const update of await custodyFlagUpdates(tx, rows, await personHeld(tx, caseId))) await update.execute();
}

/**
 * `refreshCustodyFlags` for a step whose custody effects were worked out in memory: the case's
 * running 'person' timers as read before the step (custody/apply-custody-effects.ts), less those
 * the step itself closes or starts, get the flag the persons' measures have after it, in the step's
 * statement of writes (issue 13).
 */
export async function batchCustodyFlags(
  tx: TTx, batch: WriteBatch, rows: readonly TPersonRuleTimer[], o: { held: boolean; instanceId: string; touched: readonly string[] },
): Promise<void> {
  const untouched = rows.filter((r) => !(r.instance_id === o.instanceId && o.touched.includes(r.timer_id)));
  for (const update of await custodyFlagUpdates(tx, untouched, o.held)) batch.add(sql`${update}`);
}

/** A running process timer whose custody flag follows the persons' measures (custody_rule 'person', CPL 105 ¶2). */
export type TPersonRuleTimer = { id: string; instance_id: string; timer_id: string; in_custody: boolean; parts: unknown; started_on: string; start_time: string | null };

/** The UPDATE of each timer whose flag is not `held`: recomputed from its own start and length. */
async function custodyFlagUpdates(tx: TTx, rows: readonly TPersonRuleTimer[], held: boolean) {
  const stale = rows.filter((r) => r.in_custody !== held && r.parts);
  if (!stale.length) return [];
  const calendar = await loadCalendar(tx as never);
  return stale.map((row) => {
    const r = dueOfParts(row.parts as TPart[], row.started_on as TCivilDate, row.start_time, held, calendar);
    return tx.updateTable('process_timers').set({ in_custody: held, due: r.due, due_instant: r.dueInstant, explanation: JSON.stringify(r.explanation) }).where('id', '=', row.id);
  });
}

function partsOf(t: Pick<TTimerEffect, 'amount' | 'unit' | 'plus'>): TPart[] {
  return t.plus ? [{ amount: t.amount, unit: t.unit }, { amount: t.plus.amount, unit: t.plus.unit }] : [{ amount: t.amount, unit: t.unit }];
}

/** The parts run one after the other: the first from the start, each next one on from the previous arithmetic end. */
export function dueOfParts(parts: readonly TPart[], start: TCivilDate, startTime: string | null, inCustody: boolean, calendar: TCalendar): TDeadlineResult {
  const [first, ...rest] = parts;
  if (!first) throw new Error('a timer has at least one part');
  let r = calculateDeadline({ start, amount: first.amount, unit: first.unit, inCustody, calendar, startTime: startTime ?? '00:00', hourReading: hourReading() });
  for (const p of rest) {
    const next = p.paused
      ? excludePausedDays({ previousDue: r.arithmeticDue, pausedOn: p.paused.from as TCivilDate, resumedOn: p.paused.to as TCivilDate, article: p.paused.article, reasonZh: p.paused.reasonZh, inCustody, calendar })
      : extendDeadline({ previousDue: r.arithmeticDue, amount: p.amount, unit: p.unit === 'hour' ? 'day' : p.unit, inCustody, calendar });
    r = { ...next, explanation: [...r.explanation.filter((s) => s.code !== 'END_OF_DAY'), ...next.explanation] };
  }
  return r;
}

export function computeDue(t: TTimerEffect, start: TCivilDate, calendar: TCalendar) {
  // e.g. 1 month + 15 days (CPL 172): the second part runs on from the first expiry
  return dueOfParts(partsOf(t), start, t.startTime ?? null, t.inCustody, calendar);
}
