/**
 * Create a case (立案): the shared case card with persons, coercive measures and charges.
 * The creating agency becomes its first party; every agency the case later flows to joins
 * as a party and reads the same record (一家录入, 多家共享) — it never re-types it.
 */
import { hasRole } from '@xietong/core';
import { caseClassification, classificationAllowed, CLASSIFICATIONS, DEFAULT_CLASSIFICATION, type TClassification, type TCreateCaseRequest } from '@xietong/core/cases';
import { getCharge } from '@xietong/core/charges';
import type { z } from 'zod';
import type { ZCaseDetail } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { getCaseDetail } from './get-case';
import { measureLegalMaxDue } from './measures';
import { allocatePoliceNumber } from './numbers';
import { checkFactDate } from '@xietong/core/custody';
import { startRecordedMeasure } from '../custody/apply-custody-effects';

const CREATORS = ['police', 'procuratorate'] as const;

export async function createCase(
  db: TDb, ctx: TAuthedContext, input: TCreateCaseRequest, opts: { maxClassification?: TClassification } = {},
): Promise<z.output<typeof ZCaseDetail>> {
  const actor = ctx.actor;
  if (!hasRole(actor, 'handler', 'clerk') || !(CREATORS as readonly string[]).includes(actor.agencyType)) {
    await writeAudit(db, ctx, { action: 'case.created', outcome: 'denied', details: { reason: 'role_or_agency' } });
    throw new AppError('FORBIDDEN', { message: '只有公安机关、检察院的承办人或内勤可以新建案件' });
  }
  // Only what the platform is configured to hold flows through it (涉密案件不上平台): a 密级 above
  // XIETONG_MAX_CLASSIFICATION (default 内部) is refused, and 涉密 counts as at least 秘密.
  const classification = caseClassification(input);
  const max = opts.maxClassification ?? DEFAULT_CLASSIFICATION;
  if (!classificationAllowed(classification, max)) {
    await writeAudit(db, ctx, { action: 'case.created', outcome: 'denied', details: { reason: 'classification', classification, platformMax: max } });
    throw new AppError('CASE_CLASSIFIED', {
      message: `涉密案件不得通过本平台流转：案件密级为“${CLASSIFICATIONS[classification].zh}”，本平台最高允许“${CLASSIFICATIONS[max].zh}”`,
      details: { classification, platformMax: max },
    });
  }
  // fact dates: a measure cannot start in the future nor before the offence (案发时间)
  const now = new Date();
  for (const [i, p] of input.persons.entries()) {
    for (const [j, m] of p.measures.entries()) {
      const problem = checkFactDate(new Date(m.startedAt), { now, occurredAt: new Date(input.occurredAt), fieldZh: '强制措施开始时间' });
      if (problem) {
        const path = `body.persons.${i}.measures.${j}.startedAt`;
        throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：${path} ${problem.zh}`, details: { issues: [{ path, message: problem.zh }] } });
      }
    }
  }
  const id = await db.transaction().execute(async (tx) => {
    const agency = await tx.selectFrom('agencies').select(['id', 'unit_code', 'region_code', 'short_name']).where('id', '=', actor.agencyId).executeTakeFirstOrThrow();
    const occurredAt = new Date(input.occurredAt);
    const policeNumber = actor.agencyType === 'police' ? await allocatePoliceNumber(tx, agency, new Date()) : null;
    const search = [input.title, policeNumber, ...input.persons.flatMap((p) => [p.name, p.residentId]), ...input.charges.map((c) => getCharge(c).zh)]
      .filter(Boolean).join(' ');
    const c = await tx
      .insertInto('cases')
      .values({
        title: input.title, summary: input.summary, region_code: input.regionCode, created_by_agency: actor.agencyId,
        created_by: actor.userId, occurred_at: occurredAt, stage: actor.agencyType === 'police' ? 'police.investigating' : 'procuratorate.prosecution_review',
        police_number: policeNumber, procuratorate_number: null, court_number: null, search_text: search, classification,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('case_parties').values({ case_id: c.id, agency_id: actor.agencyId }).execute();
    if (input.charges.length) {
      await tx.insertInto('case_charges').values(input.charges.map((code, i) => ({ case_id: c.id, charge_code: code, position: i }))).execute();
    }
    for (const [i, p] of input.persons.entries()) {
      const person = await tx.insertInto('case_persons')
        .values({ case_id: c.id, position: i, name: p.name, resident_id: p.residentId, sex: p.sex, birth_date: p.birthDate })
        .returning('id').executeTakeFirstOrThrow();
      for (const [j, m] of p.measures.entries()) {
        const next = p.measures[j + 1];
        const row = await tx.insertInto('person_measures').values({
          person_id: person.id, case_id: c.id, measure: m.measure, started_at: new Date(m.startedAt),
          ended_at: next ? new Date(next.startedAt) : null, legal_max_due: measureLegalMaxDue(m.measure, new Date(m.startedAt)),
        }).returning('id').executeTakeFirstOrThrow();
        if (!next) await startRecordedMeasure(tx, { caseId: c.id, personId: person.id, measureId: row.id, measure: m.measure, startedAt: new Date(m.startedAt), actingAgencyId: actor.agencyId, now });
      }
    }
    await writeAudit(tx, ctx, { action: 'case.created', targetType: 'case', targetId: c.id, caseId: c.id, details: { title: input.title, policeNumber, classification } });
    return c.id;
  });
  return getCaseDetail(db, id, ctx.actor);
}
