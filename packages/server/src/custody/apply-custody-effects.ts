/**
 * A fired process step's effect on the persons of the case (core `custodyEffectsOf` decides):
 * the measure history (`person_measures`) and each person's one running custody timer
 * (`person_custody_timers`), inside the step's transaction. Fact dates (detention, arrest time)
 * are taken from the step's input once, checked (not in the future, not before 案发时间), and
 * stored on the person; no typed date moves a statutory date.
 */
import {
  checkFactDate,
  custodyEffectsOf,
  mayHaveCustodyEffects,
  detentionLegalMax,
  extendDetentionRequest,
  extendInvestigativeCustody,
  INVESTIGATIVE_KINDS,
  releaseAtOnce,
  factDay,
  parseFactInstant,
  startCustodyPeriod,
  type TCustodyDeadline,
  type TCustodyEffect,
  type TCustodyPeriodKind,
  type TDetentionTrack,
  type TExtensionTier,
} from '@xietong/core/custody';
import { canApplyMeasure, isCustodial, personMeasureStateZh, type TPersonMeasureState } from '@xietong/core/cases';
import { extendDeadline, type TCalendar, type TCivilDate } from '@xietong/core/deadlines';
import { getProcess, type TTimerEffects } from '@xietong/core/processes';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { agencyById } from '../agencies/agency-cache';
import type { TTx } from '../db/database';
import { WriteBatch } from '../db/write-batch';
import { loadCalendar } from '../deadlines/calendar-store';
import type { TPersonRuleTimer } from '../processes/timers';
import { AppError } from '../http/app-error';

export type TCustodyStep = {
  caseId: string;
  instanceId: string;
  process: string;
  action: string;
  input: Record<string, unknown>;
  /** the instance data after the step (persisted fields, e.g. P1's personId) */
  data: Record<string, unknown>;
  timers: TTimerEffects;
  actingAgencyId: string;
  now: Date;
  /** the case's stage after the step when the step moves it (case-effects.ts), else the stage read */
  stageAfter?: string;
};

const FIELD_ZH = { personId: '犯罪嫌疑人', detainedAt: '拘留时间', arrestedAt: '逮捕时间', detentionCentreId: '羁押看守所' } as const;

function invalid(field: keyof typeof FIELD_ZH, zh: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    message: `请求内容不符合要求：${FIELD_ZH[field]}(input.${field})${zh}`,
    details: { issues: [{ path: `input.${field}`, message: zh }] },
  });
}

function isCustodialMeasure(m: string): boolean {
  return m === 'detention' || m === 'arrest';
}

type TOpenMeasure = { id: string; person_id: string; measure: string; started_at: Date; detention_centre_id: string | null };
/** A running custody timer as stored (person_custody_timers), jsonb columns as values. */
type TTimerRow = {
  id: string; person_id: string; case_id: string; measure_id: string; kind: string; zh: string; article: string; in_custody: boolean;
  started_on: string; due: string; due_instant: Date; extensions: number[]; explanation: unknown[];
  status: string; ended_at: Date | null; end_reason: string | null; created_at: Date; updated_at: Date;
};

/**
 * What a step's custody effects read, as it is before the step: the case (when it occurred, its
 * stage), its persons, their open measures, who was ever measured, the acting agency's 看守所, the
 * persons' running custody timers, the case's 'person' process timers and (P4) the decision the
 * step carries out. Read with the step's platform facts (facts.ts) when the step can have custody
 * effects, so the effects cost no read of their own (issue 13).
 */
export type TCustodyContext = {
  occurredAt: Date; stage: string; defaultCentre: string | null; persons: string[]; open: TOpenMeasure[]; measured: Set<string>;
  timers: TTimerRow[]; personRule: TPersonRuleTimer[]; decision: string | null;
};

/** The context as one JSON value (an expression: facts.ts selects it beside the facts). */
export function custodyContextSql(o: { caseId: string; instanceId: string; actingAgencyId: string }) {
  return sql<unknown>`(SELECT json_build_object(
      'occurred_at', c.occurred_at, 'stage', c.stage, 'default_centre', ${defaultCentreSql(o.actingAgencyId)},
      'persons', coalesce((SELECT json_agg(p.id ORDER BY p.position) FROM case_persons p WHERE p.case_id = c.id), '[]'),
      'open', coalesce((SELECT json_agg(json_build_object('id', m.id, 'person_id', m.person_id, 'measure', m.measure, 'started_at', m.started_at, 'detention_centre_id', m.detention_centre_id) ORDER BY m.started_at)
                FROM person_measures m WHERE m.case_id = c.id AND m.ended_at IS NULL), '[]'),
      'measured', coalesce((SELECT json_agg(DISTINCT m.person_id) FROM person_measures m WHERE m.case_id = c.id), '[]'),
      'timers', coalesce((SELECT json_agg(t) FROM person_custody_timers t WHERE t.case_id = c.id AND t.status = 'running'), '[]'),
      'person_rule', coalesce((SELECT json_agg(json_build_object('id', pt.id, 'instance_id', pt.instance_id, 'timer_id', pt.timer_id, 'in_custody', pt.in_custody,
                'parts', pt.parts, 'started_on', pt.started_on, 'start_time', pt.start_time))
                FROM process_timers pt WHERE pt.case_id = c.id AND pt.status = 'running' AND pt.custody_rule = 'person'), '[]'),
      'decision', (SELECT e.action FROM process_events e WHERE e.instance_id = ${o.instanceId} AND e.action LIKE 'decide\\_%' ORDER BY e.id DESC LIMIT 1))
    FROM cases c WHERE c.id = ${o.caseId})`;
}

type TRawContext = {
  occurred_at: string; stage: string; default_centre: string | null; persons: string[];
  open: (Omit<TOpenMeasure, 'started_at'> & { started_at: string })[]; measured: string[];
  timers: (Omit<TTimerRow, 'due_instant' | 'ended_at' | 'created_at' | 'updated_at'> & { due_instant: string; ended_at: string | null; created_at: string; updated_at: string })[];
  person_rule: TPersonRuleTimer[]; decision: string | null;
};

export function custodyContextOf(raw: unknown): TCustodyContext {
  const r = raw as TRawContext | null;
  if (!r) throw new Error('custody context: case not found');
  const at = (x: string | null) => (x === null ? null : new Date(x));
  return {
    occurredAt: new Date(r.occurred_at), stage: r.stage, defaultCentre: r.default_centre, persons: r.persons,
    open: r.open.map((m) => ({ ...m, started_at: new Date(m.started_at) })), measured: new Set(r.measured),
    timers: r.timers.map((t) => ({
      ...t, due_instant: new Date(t.due_instant), ended_at: at(t.ended_at), created_at: new Date(t.created_at), updated_at: new Date(t.updated_at),
      extensions: t.extensions ?? [], explanation: t.explanation ?? [],
    })),
    personRule: r.person_rule, decision: r.decision,
  };
}

export async function loadCustodyContext(tx: TTx, o: { caseId: string; instanceId: string; actingAgencyId: string }): Promise<TCustodyContext> {
  const { rows: [row] } = await sql<{ ctx: unknown }>`SELECT ${custodyContextSql(o)} AS ctx`.execute(tx);
  return custodyContextOf(row?.ctx ?? null);
}

/**
 * What the step does to the persons' measures and custody timers, worked out in memory from the
 * context (each effect sees the ones before it): the rows to update and insert, the 拘留 day the P1
 * process timer runs from, and whether a person of the case is held afterwards. Nothing is written.
 */
export type TCustodyPlan = {
  measureUpdates: Map<string, Record<string, unknown>>;
  newMeasures: (TOpenMeasure & { case_id: string; legal_max_due: string | null; ended_at: Date | null; end_reason: string | null })[];
  timerUpdates: Map<string, Partial<TTimerRow>>;
  newTimers: TTimerRow[];
  /** CPL 91: the P1 process timer runs from the recorded detention day (CPL 91), not from the click */
  processTimer: { timerId: string; started_on: string; due: string; due_instant: string; explanation: unknown[] } | null;
  heldAfter: boolean;
  context: TCustodyContext;
};

/** The step's custody effects as a plan; null when it has none (no measure changed). */
export async function planCustodyEffects(tx: TTx, step: TCustodyStep, known?: TCustodyContext): Promise<TCustodyPlan | null> {
  const s = step;
  const effectsWith = (decision: string | null) => custodyEffectsOf({
    process: s.process, action: s.action, input: s.input, data: s.data, decision,
    timersStarted: [...s.timers.start, ...s.timers.restart].map((t) => ({ id: t.id, variant: t.variant, amount: t.amount, unit: t.unit, plus: t.plus })),
    timersExtended: s.timers.extend ?? [],
    timersRetracked: (s.timers.retrack ?? []).map((t) => ({ id: t.id, variant: t.variant, amount: t.amount, unit: t.unit, plus: t.plus })),
  });
  // P4 needs the decision carried out, from the context; every other step knows its effects without it
  const def = getProcess(s.process);
  if (!known && (s.process === 'measure_change' ? !(def && mayHaveCustodyEffects(def, s.action)) : effectsWith(null).length === 0)) return null;
  const c = known ?? await loadCustodyContext(tx, { caseId: s.caseId, instanceId: s.instanceId, actingAgencyId: s.actingAgencyId });
  const effects = effectsWith(s.process === 'measure_change' ? c.decision : null);
  if (effects.length === 0) return null;
  const plan = new CustodyWrites(c);
  const persons = c.persons;
  const calendar = await loadCalendar(tx as never);
  const named = String(s.input.personId ?? s.data.personId ?? '');
  if (named && !persons.includes(named)) throw invalid('personId', '不是本案的犯罪嫌疑人');

  const factAt = (field: 'detainedAt' | 'arrestedAt'): Date | null => {
    const raw = s.input[field];
    if (raw === undefined || raw === null || raw === '') return null;
    const at = typeof raw === 'string' ? parseFactInstant(raw) : null;
    if (!at) throw invalid(field, '格式应为 YYYY-MM-DDTHH:mm（北京时间）');
    const problem = checkFactDate(at, { now: s.now, occurredAt: c.occurredAt, fieldZh: FIELD_ZH[field] });
    if (problem) throw invalid(field, problem.zh.replace(FIELD_ZH[field], ''));
    return at;
  };

  for (const { target, effect } of effects) {
    const measureOf = (personId: string) => plan.open.filter((m) => m.person_id === personId).at(-1);
    const held = (personId: string) => { const m = measureOf(personId); return m ? isCustodial(m.measure as TPersonMeasureState) : false; };
    let who: string[];
    if (target === 'held') who = persons.filter(held);
    else if (named) who = [named];
    else if (persons.length === 1) who = [persons[0]!];
    else if (effect.kind === 'detain') {
      // several persons, none named: only the detentions already recorded on the persons can be meant
      const recorded = persons.filter((id) => measureOf(id)?.measure === 'detention');
      if (recorded.length === 0 || s.input.detainedAt) throw invalid('personId', '必填：本案有多名犯罪嫌疑人，请指明被拘留的人');
      who = recorded;
    }
    else who = persons.filter((id) => fitsUnnamed(effect, measureOf(id)?.measure));

    for (const personId of who) {
      await applyOne(tx, plan, {
        step: s, personId, effect, current: measureOf(personId) ?? null, everMeasured: c.measured.has(personId), calendar,
        caseStage: s.stageAfter ?? c.stage, factAt, defaultCentre: c.defaultCentre,
      });
    }
  }
  return plan.done();
}

/**
 * The plan's writes, added to the step's statement of writes (db/write-batch.ts). A person's
 * running custody timer that ends is updated before the one replacing it is inserted (the new row
 * waits on the update's count): the unique index of running timers sees one at a time.
 * `processTimerStarted`: the step's own insert of that process timer already carries the 拘留 day.
 */
export function addCustodyWrites(tx: TTx, batch: WriteBatch, plan: TCustodyPlan, opts: { instanceId: string; processTimerStarted: boolean }): void {
  // every row changed is changed as it was read (the case row is locked from the step's first
  // statement, processes/act.ts): a measure still open, a timer still running, else 409
  for (const [id, set] of plan.measureUpdates) {
    batch.add(sql`${tx.updateTable('person_measures').set(set).where('id', '=', id).where('ended_at', 'is', null).returning('id')}`, { expectRows: 1 });
  }
  if (plan.newMeasures.length) {
    batch.add(sql`${tx.insertInto('person_measures').values(plan.newMeasures.map((m) => ({
      id: m.id, person_id: m.person_id, case_id: m.case_id, measure: m.measure, started_at: m.started_at, ended_at: m.ended_at,
      end_reason: m.end_reason, legal_max_due: m.legal_max_due, detention_centre_id: m.detention_centre_id,
    })))}`);
  }
  const ended: string[] = [];
  for (const [id, set] of plan.timerUpdates) {
    const name = `custody_timer_${ended.length}`;
    const row = { ...set, ...(set.extensions ? { extensions: JSON.stringify(set.extensions) } : {}), ...(set.explanation ? { explanation: JSON.stringify(set.explanation) } : {}) };
    batch.add(sql`${tx.updateTable('person_custody_timers').set(row as never).where('id', '=', id).where('status', '=', 'running').returning(sql<number>`1`.as('one'))}`, { name, expectRows: 1 });
    ended.push(name);
  }
  if (plan.newTimers.length) {
    const after = ended.length ? sql`WHERE ${sql.join(ended.map((n) => sql`(SELECT count(*) FROM ${sql.raw(n)})`), sql` + `)} >= 0` : sql``;
    batch.add(sql`INSERT INTO person_custody_timers (id, person_id, case_id, measure_id, kind, zh, article, in_custody, started_on, due, due_instant, extensions, explanation, status, ended_at, end_reason, created_at, updated_at)
      SELECT id, person_id, case_id, measure_id, kind, zh, article, in_custody, started_on, due, due_instant, extensions, explanation, status, ended_at, end_reason, created_at, updated_at
      FROM jsonb_populate_recordset(NULL::person_custody_timers, ${JSON.stringify(plan.newTimers)}::jsonb) ${after}`);
  }
  const p = plan.processTimer;
  if (p && !opts.processTimerStarted) {
    batch.add(sql`${tx.updateTable('process_timers').set({ started_on: p.started_on, due: p.due, due_instant: new Date(p.due_instant), explanation: JSON.stringify(p.explanation) })
      .where('instance_id', '=', opts.instanceId).where('timer_id', '=', p.timerId).where('status', '=', 'running')}`);
  }
}

/**
 * Applies the step's custody effects at once (the demo seed, which writes each step row by row);
 * false when the step has none (no measure changed).
 */
export async function applyCustodyEffects(tx: TTx, step: TCustodyStep): Promise<boolean> {
  const plan = await planCustodyEffects(tx, step);
  if (!plan) return false;
  const batch = new WriteBatch();
  addCustodyWrites(tx, batch, plan, { instanceId: step.instanceId, processTimerStarted: false });
  await batch.flush(tx);
  return true;
}

/** The persons' measures and running timers as the step changes them, and the writes that make it so. */
class CustodyWrites {
  readonly open: (TOpenMeasure & { fresh?: TCustodyPlan['newMeasures'][number] })[];
  private readonly running = new Map<string, TTimerRow & { fresh?: boolean }>();
  private readonly measureUpdates = new Map<string, Record<string, unknown>>();
  private readonly newMeasures: TCustodyPlan['newMeasures'] = [];
  private readonly timerUpdates = new Map<string, Partial<TTimerRow>>();
  private readonly newTimers: TTimerRow[] = [];
  processTimer: TCustodyPlan['processTimer'] = null;

  constructor(private readonly c: TCustodyContext) {
    this.open = c.open.map((m) => ({ ...m }));
    for (const t of c.timers) this.running.set(t.person_id, { ...t });
  }

  timerOf(personId: string): TTimerRow | undefined {
    return this.running.get(personId);
  }

  updateMeasure(m: TOpenMeasure, set: { started_at?: Date; detention_centre_id?: string | null; legal_max_due?: string | null; ended_at?: Date; end_reason?: string }): void {
    const open = this.open.find((x) => x.id === m.id);
    if (open?.fresh) Object.assign(open.fresh, set);
    else this.measureUpdates.set(m.id, { ...this.measureUpdates.get(m.id), ...set });
    if (open) Object.assign(open, set);
  }

  endMeasure(m: TOpenMeasure, at: Date, reason: string): void {
    this.updateMeasure(m, { ended_at: at, end_reason: reason });
    const i = this.open.findIndex((x) => x.id === m.id);
    if (i >= 0) this.open.splice(i, 1);
  }

  insertMeasure(o: { personId: string; caseId: string; measure: string; at: Date; centre: string | null; legalMax: string | null }): string {
    const row = { id: randomUUID(), person_id: o.personId, case_id: o.caseId, measure: o.measure, started_at: o.at, detention_centre_id: o.centre, legal_max_due: o.legalMax, ended_at: null, end_reason: null };
    this.newMeasures.push(row);
    this.open.push({ id: row.id, person_id: row.person_id, measure: row.measure, started_at: row.started_at, detention_centre_id: row.detention_centre_id, fresh: row });
    return row.id;
  }

  updateTimer(row: TTimerRow, set: Partial<TTimerRow>): void {
    const r = this.running.get(row.person_id);
    if (!r || r.id !== row.id) return;
    Object.assign(r, set);
    if (!r.fresh) this.timerUpdates.set(r.id, { ...this.timerUpdates.get(r.id), ...set });
  }

  endTimer(personId: string, at: Date, reason: string): void {
    const r = this.running.get(personId);
    if (!r) return;
    this.updateTimer(r, { status: 'ended', ended_at: at, end_reason: reason, updated_at: at });
    this.running.delete(personId);
  }

  replaceTimer(o: TNewTimer): void {
    this.endTimer(o.personId, o.at, o.reason);
    const row = { ...newTimerRow(o), fresh: true };
    this.running.set(o.personId, row);
    this.newTimers.push(row);
  }

  done(): TCustodyPlan {
    return {
      measureUpdates: this.measureUpdates, newMeasures: this.newMeasures, timerUpdates: this.timerUpdates,
      // the insert's rows as stored (the in-memory mark is not a column)
      newTimers: this.newTimers.map(({ fresh: _fresh, ...r }: TTimerRow & { fresh?: boolean }) => r),
      processTimer: this.processTimer,
      heldAfter: this.open.some((m) => isCustodialMeasure(m.measure)),
      context: this.c,
    };
  }
}

type TNewTimer = { personId: string; caseId: string; measureId: string; deadline: TCustodyDeadline; at: Date; reason: string };

/** A person's new running custody timer as stored. */
function newTimerRow(o: TNewTimer): TTimerRow {
  const d = o.deadline;
  return {
    id: randomUUID(), person_id: o.personId, case_id: o.caseId, measure_id: o.measureId, kind: d.kind, zh: d.zh, article: d.article, in_custody: d.inCustody,
    started_on: d.startedOn, due: d.due, due_instant: new Date(d.dueInstant), extensions: [...d.extensions], explanation: [...d.explanation],
    status: 'running', ended_at: null, end_reason: null,
    // the step's time (the demo's simulated clock): 电子换押 compares it with the 换押 of the stage change
    created_at: o.at, updated_at: o.at,
  };
}

/** Without a named person, an effect reaches the persons whose current measure it can follow. */
function fitsUnnamed(effect: TCustodyEffect, measure: string | undefined): boolean {
  switch (effect.kind) {
    case 'arrest': return measure === 'detention' || measure === undefined || measure === 'bail' || measure === 'residential_surveillance';
    case 'extend': case 'confirm_expiry': return measure === 'arrest';
    case 'release': case 'non_custodial': case 'release_now': return measure === 'detention' || measure === 'arrest';
    case 'extend_detention': return measure === 'detention';
    default: return false;
  }
}

async function applyOne(tx: TTx, w: CustodyWrites, o: {
  step: TCustodyStep; personId: string; effect: TCustodyEffect; current: TOpenMeasure | null; everMeasured: boolean; calendar: TCalendar; caseStage: string;
  factAt: (field: 'detainedAt' | 'arrestedAt') => Date | null; defaultCentre: string | null;
}): Promise<void> {
  const { step: s, personId, effect, current, calendar } = o;
  // the person-level state machine (processes.md P4): e.g. no 拘留 of a person already arrested
  const next = ({ detain: 'detention', arrest: 'arrest', non_custodial: effect.kind === 'non_custodial' ? effect.measure : null } as Record<string, TPersonMeasureState | null | undefined>)[effect.kind];
  if (next) {
    const from: TPersonMeasureState = current ? current.measure as TPersonMeasureState : o.everMeasured ? 'released' : 'free';
    if (from !== next && !canApplyMeasure(from, next)) {
      throw new AppError('PROCESS_GUARD_FAILED', {
        message: `强制措施顺序无效：不能由“${personMeasureStateZh(from)}”变更为“${personMeasureStateZh(next)}”`,
        details: { personId, from, to: next },
      });
    }
  }
  const running = () => w.timerOf(personId);
  switch (effect.kind) {
    case 'detain': {
      const track = effect.track as TDetentionTrack;
      // the detention time entered now, or the one already on the person, or (none recorded) now
      const given = o.factAt('detainedAt');
      const at = given ?? (current?.measure === 'detention' ? current.started_at : s.now);
      const centre = await detentionCentreFor(tx, { named: s.input.detentionCentreId, actingAgencyId: s.actingAgencyId }, current?.measure === 'detention' ? current.detention_centre_id : null, o);
      const legalMax = detentionLegalMax(factDay(at), track, calendar);
      let measureId: string;
      if (current?.measure === 'detention') {
        measureId = current.id;
        w.updateMeasure(current, { started_at: at, detention_centre_id: centre, legal_max_due: legalMax });
      } else {
        if (current) w.endMeasure(current, at, '拘留');
        measureId = w.insertMeasure({ personId, caseId: s.caseId, measure: 'detention', at, centre, legalMax });
      }
      const deadline = startCustodyPeriod({ kind: 'detention_request', start: factDay(at), track, calendar });
      w.replaceTimer({ personId, caseId: s.caseId, measureId, deadline, at: s.now, reason: '拘留' });
      // the P1 process timer runs from the same recorded detention day (CPL 91), not from the click
      w.processTimer = { timerId: 'detention_to_request', started_on: deadline.startedOn, due: deadline.due, due_instant: deadline.dueInstant, explanation: deadline.explanation };
      return;
    }
    case 'arrest': {
      const at = o.factAt('arrestedAt') ?? s.now;
      if (current && at < current.started_at) throw new AppError('VALIDATION_FAILED', {
        message: '请求内容不符合要求：逮捕时间(input.arrestedAt)不能早于现行强制措施的开始时间',
        details: { issues: [{ path: 'input.arrestedAt', message: '不能早于现行强制措施的开始时间' }] },
      });
      const centre = current?.detention_centre_id ?? await detentionCentreFor(tx, { named: s.input.detentionCentreId, actingAgencyId: s.actingAgencyId }, null, o);
      if (current) w.endMeasure(current, at, '逮捕');
      const measureId = w.insertMeasure({ personId, caseId: s.caseId, measure: 'arrest', at, centre, legalMax: null });
      const kind: TCustodyPeriodKind = effect.period === 'trial' && !o.caseStage.startsWith('court') ? 'investigative' : effect.period;
      const deadline = startCustodyPeriod({ kind, start: factDay(at), calendar });
      w.replaceTimer({ personId, caseId: s.caseId, measureId, deadline, at: s.now, reason: '逮捕' });
      return;
    }
    case 'non_custodial': {
      if (current) w.endMeasure(current, s.now, effect.measure === 'bail' ? '变更为取保候审' : '变更为监视居住');
      const deadline = startCustodyPeriod({ kind: effect.measure, start: factDay(s.now), calendar });
      const measureId = w.insertMeasure({ personId, caseId: s.caseId, measure: effect.measure, at: s.now, centre: null, legalMax: deadline.due });
      w.replaceTimer({ personId, caseId: s.caseId, measureId, deadline, at: s.now, reason: '变更强制措施' });
      return;
    }
    case 'release': {
      if (current) w.endMeasure(current, s.now, `释放（${effect.article}）`);
      w.endTimer(personId, s.now, `释放（${effect.article}）`);
      return;
    }
    case 'stage': {
      if (!current) return;
      // retracked (CPL 172 速裁, CPL 220/225): the same stage from its own start, the length now chosen
      const row = effect.sameStart ? running() : undefined;
      const start = row && row.kind === effect.period ? (String(row.started_on) as TCivilDate) : factDay(s.now);
      const deadline = startCustodyPeriod({ kind: effect.period, start, calendar, length: effect.length ?? undefined, article: effect.article });
      w.replaceTimer({ personId, caseId: s.caseId, measureId: current.id, deadline, at: s.now, reason: '诉讼阶段变更' });
      return;
    }
    case 'confirm_expiry': {
      const row = running();
      const typed = s.input[effect.field];
      if (row && INVESTIGATIVE_KINDS.includes(row.kind as never) && typeof typed === 'string' && typed !== row.due) {
        throw new AppError('VALIDATION_FAILED', {
          message: `请求内容不符合要求：现羁押期限届满日(input.${effect.field})应为平台计算的 ${row.due}`,
          details: { issues: [{ path: `input.${effect.field}`, message: `应为平台计算的 ${row.due}` }] },
        });
      }
      return;
    }
    case 'extend_stage': {
      // CPL 172 / 208: the approved extension of the stage period is the held person's limit too
      const row = running();
      if (!row || row.kind !== effect.period) return;
      const r = extendDeadline({ previousDue: row.due as TCivilDate, amount: effect.amount, unit: effect.unit, inCustody: row.in_custody, calendar, article: effect.article });
      const explanation = [...((row.explanation as { code: string }[]) ?? []).filter((x) => x.code !== 'END_OF_DAY'), ...r.explanation];
      w.updateTimer(row, { due: r.due, due_instant: new Date(r.dueInstant), explanation, updated_at: s.now });
      return;
    }
    case 'extend_detention': {
      // CPL 91 ¶1–2: the days approved lengthen the request period and the 拘留 maximum alike
      const row = running();
      if (!row || !current || current.measure !== 'detention') return;
      const d = extendDetentionRequest(toDeadline(row), effect.days, calendar);
      if (!d) return;
      w.updateTimer(row, { due: d.due, due_instant: new Date(d.dueInstant), explanation: d.explanation, updated_at: s.now });
      w.updateMeasure(current, { legal_max_due: detentionLegalMax(factDay(current.started_at), 'standard', calendar, effect.days) });
      return;
    }
    case 'release_now': {
      // CPL 91 ¶3, 92: 不批准逮捕 → release at once; the person's custody limit is today until the receipt
      const row = running();
      if (!row || !current || !isCustodialMeasure(current.measure)) return;
      const d = releaseAtOnce(toDeadline(row), factDay(s.now));
      w.updateTimer(row, { due: d.due, due_instant: new Date(d.dueInstant), explanation: d.explanation, updated_at: s.now });
      return;
    }
    case 'extend': {
      const row = running();
      if (!row) return;
      const r = extendInvestigativeCustody(toDeadline(row), effect.tier as TExtensionTier, calendar);
      if (!r.ok) return;
      w.updateTimer(row, {
        due: r.deadline.due, due_instant: new Date(r.deadline.dueInstant), extensions: [...r.deadline.extensions],
        explanation: r.deadline.explanation, updated_at: s.now,
      });
      return;
    }
  }
}

/**
 * A measure entered on the case card at 立案 (a fact already on the person) starts its timer
 * there: 拘留 its CPL 91 standard request period, 取保候审/监视居住 their CPL 79 maximum.
 */
export async function startRecordedMeasure(tx: TTx, o: { caseId: string; personId: string; measureId: string; measure: string; startedAt: Date; actingAgencyId: string; now: Date }): Promise<void> {
  const kind = ({ detention: 'detention_request', bail: 'bail', residential_surveillance: 'residential_surveillance' } as const)[o.measure as 'detention'];
  if (!kind) return;
  const calendar = await loadCalendar(tx as never);
  if (o.measure === 'detention') {
    const centre = await detentionCentreFor(tx, { named: null, actingAgencyId: o.actingAgencyId }, null);
    await tx.updateTable('person_measures').set({ detention_centre_id: centre }).where('id', '=', o.measureId).execute();
  }
  const deadline = startCustodyPeriod({ kind, start: factDay(o.startedAt), calendar });
  await replaceTimer(tx, { personId: o.personId, caseId: o.caseId, measureId: o.measureId, deadline, at: o.now, reason: '立案登记' });
}

/**
 * A person's running custody timer, locked for a change made outside a process step (CPL 149
 * pause, CPL 160 recalculation). The case row first, as a step locks it (processes/act.ts): a step
 * that planned its custody effects from this timer has committed before it is read, and none plans
 * from it meanwhile.
 */
export async function lockRunningTimer(tx: TTx, caseId: string, personId: string) {
  await sql`SELECT 1 FROM cases WHERE id = ${caseId} FOR NO KEY UPDATE`.execute(tx);
  return tx.selectFrom('person_custody_timers').selectAll().where('person_id', '=', personId).where('status', '=', 'running').forUpdate().executeTakeFirst();
}

export function toDeadline(row: { kind: string; zh: string; article: string; in_custody: boolean; started_on: string; due: string; due_instant: Date; extensions: unknown; explanation: unknown }): TCustodyDeadline {
  return {
    kind: row.kind as TCustodyPeriodKind, zh: row.zh, article: row.article, inCustody: row.in_custody,
    startedOn: row.started_on as TCivilDate, due: row.due as TCivilDate, dueInstant: new Date(row.due_instant).toISOString(),
    extensions: (row.extensions as number[]) ?? [], explanation: (row.explanation as TCustodyDeadline['explanation']) ?? [],
  };
}

/**
 * The 看守所 holding the person: the one named in the step, else the one already recorded, else
 * the 看守所 under the detaining agency (朝阳区看守所 under 朝阳分局), else one of its region.
 */
async function detentionCentreFor(
  tx: TTx, s: { named: unknown; actingAgencyId: string }, recorded: string | null,
  /** the acting agency's default, when the caller read it already (`defaultCentreSql`) */
  known?: { defaultCentre: string | null },
): Promise<string | null> {
  const named = s.named;
  if (typeof named === 'string' && named) {
    // agencies come from the node's memory once warm (agency-cache.ts)
    const a = /^[0-9a-f-]{36}$/i.test(named) ? await agencyById(tx, named.toLowerCase()) : undefined;
    if (!a || a.type !== 'detention') throw invalid('detentionCentreId', '应为看守所');
    return a.id;
  }
  if (recorded) return recorded;
  if (known) return known.defaultCentre;
  const { rows: [found] } = await sql<{ id: string | null }>`SELECT ${defaultCentreSql(s.actingAgencyId)} AS id`.execute(tx);
  return found?.id ?? null;
}

/** The acting agency's own 看守所, else the first of its region (an expression). */
function defaultCentreSql(actingAgencyId: string) {
  return sql<string | null>`coalesce(
      (SELECT d.id FROM agencies d WHERE d.type = 'detention' AND d.parent_id = ${actingAgencyId} ORDER BY d.created_at LIMIT 1),
      (SELECT d.id FROM agencies d JOIN agencies a ON a.id = ${actingAgencyId} WHERE d.type = 'detention' AND d.region_code = a.region_code ORDER BY d.created_at LIMIT 1))`;
}

async function endTimer(tx: TTx, personId: string, at: Date, reason: string): Promise<void> {
  await tx.updateTable('person_custody_timers').set({ status: 'ended', ended_at: at, end_reason: reason, updated_at: at })
    .where('person_id', '=', personId).where('status', '=', 'running').execute();
}

async function replaceTimer(tx: TTx, o: TNewTimer): Promise<void> {
  await endTimer(tx, o.personId, o.at, o.reason);
  const row = newTimerRow(o);
  await tx.insertInto('person_custody_timers').values({ ...row, extensions: JSON.stringify(row.extensions), explanation: JSON.stringify(row.explanation) }).execute();
}
