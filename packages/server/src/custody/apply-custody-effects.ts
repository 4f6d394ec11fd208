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
import type { TTimerEffects } from '@xietong/core/processes';
import { sql } from 'kysely';
import { agencyById } from '../agencies/agency-cache';
import type { TTx } from '../db/database';
import { loadCalendar } from '../deadlines/calendar-store';
import { AppError } from '../http/app-error';

export type TCustodyStep = {
  caseId: string;
  instanceId: string;
  process: string;
  action: string;
  input: Record<string, unknown>;
  /** the instance data after the step (persisted fields, e.g. P1's personId); read when not given */
  data?: Record<string, unknown>;
  timers: TTimerEffects;
  actingAgencyId: string;
  now: Date;
  /** called before the first read (the caller's batched writes must be visible to it) */
  beforeRead?: () => Promise<void>;
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

/** Applies the step's custody effects; false when the step has none (no measure changed). */
export async function applyCustodyEffects(tx: TTx, step: TCustodyStep): Promise<boolean> {
  if (!step.data || step.process === 'measure_change') await step.beforeRead?.();
  const s = { ...step, data: step.data ?? await instanceData(tx, step.instanceId) };
  const decision = s.process === 'measure_change'
    ? (await tx.selectFrom('process_events').select('action').where('instance_id', '=', s.instanceId)
      .where('action', 'like', 'decide\\_%').orderBy('id', 'desc').executeTakeFirst())?.action ?? null
    : null;
  const effects = custodyEffectsOf({
    process: s.process, action: s.action, input: s.input, data: s.data, decision,
    timersStarted: [...s.timers.start, ...s.timers.restart].map((t) => ({ id: t.id, variant: t.variant, amount: t.amount, unit: t.unit, plus: t.plus })),
    timersExtended: s.timers.extend ?? [],
    timersRetracked: (s.timers.retrack ?? []).map((t) => ({ id: t.id, variant: t.variant, amount: t.amount, unit: t.unit, plus: t.plus })),
  });
  if (effects.length === 0) return false;
  await step.beforeRead?.();
  // the case, its persons, their open measures, who was ever measured and the acting agency's 看守所: one round trip (issue 13:
  // a numbered step holds its 文号 counter row until COMMIT, so every statement here is others' wait)
  const { rows: [c] } = await sql<{ occurred_at: Date; stage: string; persons: string[]; open: (Omit<TOpenMeasure, 'started_at'> & { started_at: string })[]; measured: string[]; default_centre: string | null }>`
    SELECT c.occurred_at, c.stage, ${defaultCentreSql(s.actingAgencyId)} AS default_centre,
      coalesce((SELECT json_agg(p.id ORDER BY p.position) FROM case_persons p WHERE p.case_id = c.id), '[]') AS persons,
      coalesce((SELECT json_agg(json_build_object('id', m.id, 'person_id', m.person_id, 'measure', m.measure, 'started_at', m.started_at, 'detention_centre_id', m.detention_centre_id) ORDER BY m.started_at)
                FROM person_measures m WHERE m.case_id = c.id AND m.ended_at IS NULL), '[]') AS open,
      coalesce((SELECT json_agg(DISTINCT m.person_id) FROM person_measures m WHERE m.case_id = c.id), '[]') AS measured
    FROM cases c WHERE c.id = ${s.caseId}`.execute(tx);
  if (!c) throw new Error(`case ${s.caseId} not found`);
  const persons = c.persons.map((id) => ({ id }));
  const open: TOpenMeasure[] = c.open.map((m) => ({ ...m, started_at: new Date(m.started_at) }));
  const measured = new Set(c.measured);
  const calendar = await loadCalendar(tx as never);
  const named = String(s.input.personId ?? s.data.personId ?? '');
  if (named && !persons.some((p) => p.id === named)) throw invalid('personId', '不是本案的犯罪嫌疑人');

  const factAt = (field: 'detainedAt' | 'arrestedAt'): Date | null => {
    const raw = s.input[field];
    if (raw === undefined || raw === null || raw === '') return null;
    const at = typeof raw === 'string' ? parseFactInstant(raw) : null;
    if (!at) throw invalid(field, '格式应为 YYYY-MM-DDTHH:mm（北京时间）');
    const problem = checkFactDate(at, { now: s.now, occurredAt: c.occurred_at, fieldZh: FIELD_ZH[field] });
    if (problem) throw invalid(field, problem.zh.replace(FIELD_ZH[field], ''));
    return at;
  };

  for (const { target, effect } of effects) {
    const measureOf = (personId: string) => open.filter((m) => m.person_id === personId).at(-1);
    const held = (personId: string) => { const m = measureOf(personId); return m ? isCustodial(m.measure as TPersonMeasureState) : false; };
    let who: string[];
    if (target === 'held') who = persons.map((p) => p.id).filter(held);
    else if (named) who = [named];
    else if (persons.length === 1) who = [persons[0]!.id];
    else if (effect.kind === 'detain') {
      // several persons, none named: only the detentions already recorded on the persons can be meant
      const recorded = persons.map((p) => p.id).filter((id) => measureOf(id)?.measure === 'detention');
      if (recorded.length === 0 || s.input.detainedAt) throw invalid('personId', '必填：本案有多名犯罪嫌疑人，请指明被拘留的人');
      who = recorded;
    }
    else who = persons.map((p) => p.id).filter((id) => fitsUnnamed(effect, measureOf(id)?.measure));

    for (const personId of who) {
      await applyOne(tx, { step: s, personId, effect, current: measureOf(personId) ?? null, everMeasured: measured.has(personId), calendar, caseStage: c.stage, factAt, defaultCentre: c.default_centre });
    }
  }
  return true;
}

async function instanceData(tx: TTx, instanceId: string): Promise<Record<string, unknown>> {
  const row = await tx.selectFrom('process_instances').select('data').where('id', '=', instanceId).executeTakeFirst();
  return (row?.data as Record<string, unknown> | undefined) ?? {};
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

async function applyOne(tx: TTx, o: {
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
        await tx.updateTable('person_measures').set({ started_at: at, detention_centre_id: centre, legal_max_due: legalMax }).where('id', '=', current.id).execute();
      } else {
        if (current) await endMeasure(tx, current.id, at, '拘留');
        measureId = await insertMeasure(tx, { personId, caseId: s.caseId, measure: 'detention', at, centre, legalMax });
      }
      const deadline = startCustodyPeriod({ kind: 'detention_request', start: factDay(at), track, calendar });
      await replaceTimer(tx, { personId, caseId: s.caseId, measureId, deadline, at: s.now, reason: '拘留' });
      // the P1 process timer runs from the same recorded detention day (CPL 91), not from the click
      await tx.updateTable('process_timers').set({
        started_on: deadline.startedOn, due: deadline.due, due_instant: new Date(deadline.dueInstant), explanation: JSON.stringify(deadline.explanation),
      }).where('instance_id', '=', s.instanceId).where('timer_id', '=', 'detention_to_request').where('status', '=', 'running').execute();
      return;
    }
    case 'arrest': {
      const at = o.factAt('arrestedAt') ?? s.now;
      if (current && at < current.started_at) throw new AppError('VALIDATION_FAILED', {
        message: '请求内容不符合要求：逮捕时间(input.arrestedAt)不能早于现行强制措施的开始时间',
        details: { issues: [{ path: 'input.arrestedAt', message: '不能早于现行强制措施的开始时间' }] },
      });
      const centre = current?.detention_centre_id ?? await detentionCentreFor(tx, { named: s.input.detentionCentreId, actingAgencyId: s.actingAgencyId }, null, o);
      if (current) await endMeasure(tx, current.id, at, '逮捕');
      const measureId = await insertMeasure(tx, { personId, caseId: s.caseId, measure: 'arrest', at, centre, legalMax: null });
      const kind: TCustodyPeriodKind = effect.period === 'trial' && !o.caseStage.startsWith('court') ? 'investigative' : effect.period;
      const deadline = startCustodyPeriod({ kind, start: factDay(at), calendar });
      await replaceTimer(tx, { personId, caseId: s.caseId, measureId, deadline, at: s.now, reason: '逮捕' });
      return;
    }
    case 'non_custodial': {
      if (current) await endMeasure(tx, current.id, s.now, effect.measure === 'bail' ? '变更为取保候审' : '变更为监视居住');
      const deadline = startCustodyPeriod({ kind: effect.measure, start: factDay(s.now), calendar });
      const measureId = await insertMeasure(tx, { personId, caseId: s.caseId, measure: effect.measure, at: s.now, centre: null, legalMax: deadline.due });
      await replaceTimer(tx, { personId, caseId: s.caseId, measureId, deadline, at: s.now, reason: '变更强制措施' });
      return;
    }
    case 'release': {
      if (current) await endMeasure(tx, current.id, s.now, `释放（${effect.article}）`);
      await endTimer(tx, personId, s.now, `释放（${effect.article}）`);
      return;
    }
    case 'stage': {
      if (!current) return;
      // retracked (CPL 172 速裁, CPL 220/225): the same stage from its own start, the length now chosen
      const running = effect.sameStart
        ? await tx.selectFrom('person_custody_timers').select(['kind', 'started_on']).where('person_id', '=', personId).where('status', '=', 'running').executeTakeFirst()
        : undefined;
      const start = running && running.kind === effect.period ? (String(running.started_on) as TCivilDate) : factDay(s.now);
      const deadline = startCustodyPeriod({ kind: effect.period, start, calendar, length: effect.length ?? undefined, article: effect.article });
      await replaceTimer(tx, { personId, caseId: s.caseId, measureId: current.id, deadline, at: s.now, reason: '诉讼阶段变更' });
      return;
    }
    case 'confirm_expiry': {
      const row = await tx.selectFrom('person_custody_timers').select(['kind', 'due']).where('person_id', '=', personId).where('status', '=', 'running').executeTakeFirst();
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
      const row = await tx.selectFrom('person_custody_timers').selectAll().where('person_id', '=', personId).where('status', '=', 'running').executeTakeFirst();
      if (!row || row.kind !== effect.period) return;
      const r = extendDeadline({ previousDue: row.due as TCivilDate, amount: effect.amount, unit: effect.unit, inCustody: row.in_custody, calendar, article: effect.article });
      const explanation = [...((row.explanation as { code: string }[]) ?? []).filter((x) => x.code !== 'END_OF_DAY'), ...r.explanation];
      await tx.updateTable('person_custody_timers').set({ due: r.due, due_instant: new Date(r.dueInstant), explanation: JSON.stringify(explanation), updated_at: s.now })
        .where('id', '=', row.id).execute();
      return;
    }
    case 'extend_detention': {
      // CPL 91 ¶1–2: the days approved lengthen the request period and the 拘留 maximum alike
      const row = await tx.selectFrom('person_custody_timers').selectAll().where('person_id', '=', personId).where('status', '=', 'running').executeTakeFirst();
      if (!row || !current || current.measure !== 'detention') return;
      const d = extendDetentionRequest(toDeadline(row), effect.days, calendar);
      if (!d) return;
      await tx.updateTable('person_custody_timers').set({
        due: d.due, due_instant: new Date(d.dueInstant), explanation: JSON.stringify(d.explanation), updated_at: s.now,
      }).where('id', '=', row.id).execute();
      await tx.updateTable('person_measures').set({ legal_max_due: detentionLegalMax(factDay(current.started_at), 'standard', calendar, effect.days) })
        .where('id', '=', current.id).execute();
      return;
    }
    case 'release_now': {
      // CPL 91 ¶3, 92: 不批准逮捕 → release at once; the person's custody limit is today until the receipt
      const row = await tx.selectFrom('person_custody_timers').selectAll().where('person_id', '=', personId).where('status', '=', 'running').executeTakeFirst();
      if (!row || !current || !isCustodialMeasure(current.measure)) return;
      const d = releaseAtOnce(toDeadline(row), factDay(s.now));
      await tx.updateTable('person_custody_timers').set({
        due: d.due, due_instant: new Date(d.dueInstant), explanation: JSON.stringify(d.explanation), updated_at: s.now,
      }).where('id', '=', row.id).execute();
      return;
    }
    case 'extend': {
      const row = await tx.selectFrom('person_custody_timers').selectAll().where('person_id', '=', personId).where('status', '=', 'running').executeTakeFirst();
      if (!row) return;
      const r = extendInvestigativeCustody(toDeadline(row), effect.tier as TExtensionTier, calendar);
      if (!r.ok) return;
      await tx.updateTable('person_custody_timers').set({
        due: r.deadline.due, due_instant: new Date(r.deadline.dueInstant), extensions: JSON.stringify(r.deadline.extensions),
        explanation: JSON.stringify(r.deadline.explanation), updated_at: s.now,
      }).where('id', '=', row.id).execute();
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

async function insertMeasure(tx: TTx, o: { personId: string; caseId: string; measure: string; at: Date; centre: string | null; legalMax: string | null }): Promise<string> {
  const r = await tx.insertInto('person_measures').values({
    person_id: o.personId, case_id: o.caseId, measure: o.measure, started_at: o.at, ended_at: null, legal_max_due: o.legalMax,
    detention_centre_id: o.centre,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

async function endMeasure(tx: TTx, id: string, at: Date, reason: string): Promise<void> {
  await tx.updateTable('person_measures').set({ ended_at: at, end_reason: reason }).where('id', '=', id).where('ended_at', 'is', null).execute();
}

async function endTimer(tx: TTx, personId: string, at: Date, reason: string): Promise<void> {
  await tx.updateTable('person_custody_timers').set({ status: 'ended', ended_at: at, end_reason: reason, updated_at: at })
    .where('person_id', '=', personId).where('status', '=', 'running').execute();
}

async function replaceTimer(tx: TTx, o: { personId: string; caseId: string; measureId: string; deadline: TCustodyDeadline; at: Date; reason: string }): Promise<void> {
  await endTimer(tx, o.personId, o.at, o.reason);
  const d = o.deadline;
  await tx.insertInto('person_custody_timers').values({
    person_id: o.personId, case_id: o.caseId, measure_id: o.measureId, kind: d.kind, zh: d.zh, article: d.article, in_custody: d.inCustody,
    started_on: d.startedOn, due: d.due, due_instant: new Date(d.dueInstant), extensions: JSON.stringify(d.extensions),
    explanation: JSON.stringify(d.explanation), ended_at: null, end_reason: null,
    // the step's time (the demo's simulated clock): 电子换押 compares it with the 换押 of the stage change
    created_at: o.at, updated_at: o.at,
  }).execute();
}
