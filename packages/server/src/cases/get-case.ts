import { type TActor } from '@xietong/core';
import type { z } from 'zod';
import type { ZCaseDetail, ZCaseSummary } from '@xietong/core/api';
import { AGENCY_STAGES, maskResidentId, type TClassification, currentMeasureState, custodyStatus, personMeasureStateZh, personTitleForStage, type TAgencyStage, type TPersonMeasureState } from '@xietong/core/cases';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { civilDateInShanghai, deadlineStatus, type TCivilDate } from '@xietong/core/deadlines';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { assertCaseReadable } from '../access/gate';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { measureArticle, measureIsCustodial, measureName } from './measures';
import { CUSTODY_WARN_DAYS, custodyDeadlineView } from '../custody/custody-view';
import { clientPersonIdsByCase, isLawyer } from '../defence/lawyer-client';

type TSummary = z.output<typeof ZCaseSummary>;
const TITLES = { suspect: '犯罪嫌疑人', defendant: '被告人', convict: '罪犯' } as const;

export function todayInShanghai(): TCivilDate {
  return civilDateInShanghai(Date.now());
}

export function stageName(stage: string): string {
  return AGENCY_STAGES[stage as TAgencyStage]?.zh ?? stage;
}

/** Summaries for a page of cases, with five batched queries (no N+1). */
export async function loadSummaries(db: TDb, ids: string[], actor: TActor | null): Promise<TSummary[]> {
  if (ids.length === 0) return [];
  const [cases, charges, persons, timers, held] = await Promise.all([
    db.selectFrom('cases').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('case_charges').selectAll().where('case_id', 'in', ids).orderBy('position').execute(),
    db.selectFrom('case_persons').select(['case_id', 'name']).where('case_id', 'in', ids).orderBy('position').execute(),
    db.selectFrom('process_timers as t').innerJoin('process_instances as i', 'i.id', 't.instance_id')
      .select(['t.case_id', 't.zh', 't.due', 't.warn_days'])
      .where('t.case_id', 'in', ids).where('t.status', '=', 'running')
      .$if(actor !== null && !actor.roles.includes('supervisor'), (q) =>
        q.where((eb) => eb.or([eb('i.initiator_agency_id', '=', actor!.agencyId), eb('i.receiver_agency_id', '=', actor!.agencyId), eb('i.superior_agency_id', '=', actor!.agencyId)])))
      .orderBy('t.due').execute(),
    // a detained person's custody deadline is on every screen that shows the person (issue 17)
    db.selectFrom('person_custody_timers as t').innerJoin('case_persons as p', 'p.id', 't.person_id')
      .select(['t.case_id', 't.person_id', 'p.name', 't.zh', 't.due', 't.paused_on'])
      .where('t.case_id', 'in', ids).where('t.status', '=', 'running').where('t.in_custody', '=', true)
      .orderBy('p.position').execute(),
  ]);
  const today = todayInShanghai();
  const byId = new Map(cases.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    const t = timers.find((x) => x.case_id === id);
    return [{
      id: c.id, title: c.title, classification: c.classification as TClassification, regionCode: c.region_code, stage: c.stage, stageName: stageName(c.stage),
      charges: charges.filter((x) => x.case_id === id).map((x) => ({ code: x.charge_code, name: getCharge(x.charge_code as TChargeCode)?.zh ?? x.charge_code })),
      persons: persons.filter((p) => p.case_id === id).map((p) => p.name),
      numbers: { police: c.police_number, procuratorate: c.procuratorate_number, court: c.court_number },
      occurredAt: c.occurred_at.toISOString(), createdAt: c.created_at.toISOString(), updatedAt: c.updated_at.toISOString(), version: c.version,
      nextDeadline: t ? { zh: t.zh, due: t.due, status: deadlineStatus({ due: t.due as TCivilDate, today, warnDays: t.warn_days }) } : null,
      custody: held.filter((h) => h.case_id === id).map((h) => ({
        personId: h.person_id, name: h.name, zh: h.zh, due: h.due,
        // a paused period (CPL 149 精神病鉴定) cannot fall due while it is paused
        status: h.paused_on ? 'ok' as const : deadlineStatus({ due: h.due as TCivilDate, today, warnDays: CUSTODY_WARN_DAYS }),
      })),
    }];
  });
}

/**
 * The case card. Each person's 身份证号 is masked (220104********123X): the full number is read
 * one person at a time through readCasePerson, and that read is audited (等保 §8.1.4.11).
 */
export async function getCaseDetail(db: TDb, id: string, actor: TActor | null, opts: { fullResidentIdOf?: string } = {}): Promise<z.output<typeof ZCaseDetail>> {
  const [summary] = await loadSummaries(db, [id], actor);
  const c = await db.selectFrom('cases').select(['summary', 'created_by_agency', 'stage']).where('id', '=', id).executeTakeFirstOrThrow();
  const [parties, people, measures, custody, centres] = await Promise.all([
    db.selectFrom('case_parties as p').innerJoin('agencies as a', 'a.id', 'p.agency_id')
      .select(['p.agency_id', 'a.name', 'a.type', 'p.joined_at']).where('p.case_id', '=', id).orderBy('p.joined_at').execute(),
    db.selectFrom('case_persons').selectAll().where('case_id', '=', id).orderBy('position').execute(),
    db.selectFrom('person_measures').selectAll().where('case_id', '=', id).orderBy('started_at').execute(),
    db.selectFrom('person_custody_timers').selectAll().where('case_id', '=', id).where('status', '=', 'running').execute(),
    db.selectFrom('person_measures as m').innerJoin('agencies as a', 'a.id', 'm.detention_centre_id')
      .select(['a.id', 'a.name']).distinct().where('m.case_id', '=', id).execute(),
  ]);
  const today = todayInShanghai();
  const centreName = new Map(centres.map((a) => [a.id, a.name]));
  const title = TITLES[personTitleForStage(c.stage as TAgencyStage)] ?? '犯罪嫌疑人';
  return {
    ...summary!,
    summary: c.summary,
    createdByAgencyId: c.created_by_agency,
    parties: parties.map((p) => ({ agencyId: p.agency_id, agencyName: p.name, agencyType: p.type, joinedAt: p.joined_at.toISOString() })),
    people: people.map((p) => {
      const ms = measures.filter((m) => m.person_id === p.id);
      // the open measure; 'released' once the last one has ended (释放), 'free' with none
      const open = ms.filter((m) => !m.ended_at).at(-1);
      const state: TPersonMeasureState = open ? currentMeasureState([{ measure: open.measure as TPersonMeasureState }]) : ms.length ? 'released' : 'free';
      const timer = custody.find((t) => t.person_id === p.id);
      return {
        id: p.id, name: p.name, title, sex: p.sex, birthDate: p.birth_date,
        residentId: p.resident_id && opts.fullResidentIdOf !== p.id ? maskResidentId(p.resident_id) : p.resident_id,
        custodyStatus: personMeasureStateZh(state), inCustody: custodyStatus(state) === 'in_custody', currentMeasure: state,
        custodyDeadline: timer ? custodyDeadlineView(timer, today) : null,
        measures: ms.map((m) => ({
          id: m.id, measure: m.measure, measureName: measureName(m.measure), startedAt: new Date(m.started_at).toISOString(),
          endedAt: m.ended_at ? new Date(m.ended_at).toISOString() : null, custodial: measureIsCustodial(m.measure),
          legalMaxDue: m.legal_max_due, article: measureArticle(m.measure), endReason: m.end_reason,
          detentionCentre: m.detention_centre_id ? { id: m.detention_centre_id, name: centreName.get(m.detention_centre_id) ?? '' } : null,
        })),
      };
    }),
  };
}

/** Read a case through the gate; the read itself is audited (全程留痕). */
export async function readCase(db: TDb, ctx: TAuthedContext, id: string): Promise<z.output<typeof ZCaseDetail>> {
  await assertCaseReadable(db, ctx, id);
  const detail = await forLawyer(db, ctx, await getCaseDetail(db, id, ctx.actor));
  await writeAudit(db, ctx, { action: 'case.read', targetType: 'case', targetId: id, caseId: id });
  return detail;
}

/** One person with the full 身份证号, for a user who may read the case; the read is audited. */
export async function readCasePerson(db: TDb, ctx: TAuthedContext, caseId: string, personId: string): Promise<z.output<typeof ZCaseDetail>['people'][number]> {
  await assertCaseReadable(db, ctx, caseId);
  const detail = await forLawyer(db, ctx, await getCaseDetail(db, caseId, ctx.actor, { fullResidentIdOf: personId }));
  const person = detail.people.find((p) => p.id === personId);
  if (!person) throw new AppError('NOT_FOUND');
  await writeAudit(db, ctx, { action: 'case.person_viewed', targetType: 'case_person', targetId: personId, caseId, details: { name: person.name } });
  return person;
}

/** 辩护人: the client's part of the card only; co-suspects stay out of the lawyer's view. */
async function forLawyer<T extends { id: string; persons: string[]; people: { id: string; name: string }[] }>(db: TDb, ctx: TAuthedContext, detail: T): Promise<T> {
  if (!isLawyer(ctx)) return detail;
  const client = (await clientPersonIdsByCase(db, ctx.actor.userId, [detail.id])).get(detail.id);
  return { ...detail, persons: client ? [client.name] : [], people: detail.people.filter((p) => p.id === client?.id) };
}
