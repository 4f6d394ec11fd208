/**
 * 申请辩护: a lawyer applies to represent a suspect (委托, CPL 34/39), or a 司法局 assigns one
 * (法律援助, CPL 35) the same way. The client is found by 身份证号 within the case the lawyer
 * named (a case number or the handling agency); the request goes to the agency handling the
 * case now. Whether anything matched is never told to the lawyer: the answer is the same for
 * "no such case" and "not yours", and only a confirmation reveals the case.
 */
import { hasRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZCreateDefenceRequest } from '@xietong/core/api';
import type { TAgencyStage } from '@xietong/core/cases';
import { handlingAgencyType } from '@xietong/core/defence';
import { sql } from 'kysely';
import { writeAudit } from '../audit/write-audit';
import type { TDb, TTx } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDefenceView, type TDefenceRequestView } from './defence-view';
import { isLawyer } from './lawyer-client';

type TInput = z.output<typeof ZCreateDefenceRequest>;

async function findClient(tx: TTx, input: TInput): Promise<{ caseId: string; personId: string; agencyId: string } | null> {
  const n = input.caseNumber ?? null;
  const candidates = await tx.selectFrom('case_persons as p').innerJoin('cases as c', 'c.id', 'p.case_id')
    .select(['p.id as person_id', 'c.id as case_id', 'c.stage'])
    .where('p.resident_id', '=', input.clientResidentId)
    .$if(n !== null, (q) => q.where((eb) => eb.or([eb('c.police_number', '=', n!), eb('c.procuratorate_number', '=', n!), eb('c.court_number', '=', n!)])))
    .$if(input.agencyId !== undefined, (q) => q.where((eb) => eb.exists(eb.selectFrom('case_parties as cp').select(sql`1`.as('one'))
      .whereRef('cp.case_id', '=', 'c.id').where('cp.agency_id', '=', input.agencyId!))))
    .orderBy('c.updated_at', 'desc').limit(5).execute();
  for (const c of candidates) {
    const type = handlingAgencyType(c.stage as TAgencyStage);
    if (!type) continue;
    const handler = await tx.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id')
      .select('a.id').where('cp.case_id', '=', c.case_id).where('a.type', '=', type)
      .orderBy(sql`(a.id = ${input.agencyId ?? null})`, 'desc').orderBy('cp.joined_at', 'desc').executeTakeFirst();
    if (handler) return { caseId: c.case_id, personId: c.person_id, agencyId: handler.id };
  }
  return null;
}

export async function createDefenceRequest(db: TDb, ctx: TAuthedContext, input: TInput): Promise<TDefenceRequestView> {
  const a = ctx.actor;
  let lawyerId: string;
  let assignedBy: string | null = null;
  if (isLawyer(ctx)) {
    if (input.kind !== 'retained' || (input.lawyerId && input.lawyerId !== a.userId)) {
      throw new AppError('FORBIDDEN', { message: '法律援助须由司法局指派；律师只能以本人名义申请委托辩护' });
    }
    lawyerId = a.userId;
  } else if (a.agencyType === 'justice' && hasRole(a, 'handler', 'approver', 'clerk')) {
    if (input.kind !== 'legal_aid' || !input.lawyerId) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：司法局指派法律援助须选择律师（body.lawyerId）', details: { issues: [{ path: 'body.lawyerId', message: '请选择指派的律师' }] } });
    }
    lawyerId = input.lawyerId;
    assignedBy = a.agencyId;
  } else {
    await writeAudit(db, ctx, { action: 'defence.requested', outcome: 'denied', details: { reason: 'role' } });
    throw new AppError('FORBIDDEN', { message: '只有律师（委托辩护）或司法局（指派法律援助）可以申请辩护' });
  }
  const lawyer = await db.selectFrom('users as u').innerJoin('agencies as f', 'f.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.licence_no', 'u.licence_verified_at', 'u.disabled', 'f.id as firm_id', 'f.type'])
    .where('u.id', '=', lawyerId).executeTakeFirst();
  if (!lawyer || lawyer.type !== 'lawfirm' || lawyer.disabled) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.lawyerId 不是在册律师', details: { issues: [{ path: 'body.lawyerId', message: '不是在册律师' }] } });
  }
  if (!lawyer.licence_no || !lawyer.licence_verified_at) {
    await writeAudit(db, ctx, { action: 'defence.requested', outcome: 'denied', targetType: 'user', targetId: lawyerId, details: { reason: 'licence_not_verified' } });
    throw new AppError('LAWYER_NOT_VERIFIED');
  }
  if (input.agencyId) {
    const ag = await db.selectFrom('agencies').select('type').where('id', '=', input.agencyId).executeTakeFirst();
    if (!ag || !['police', 'procuratorate', 'court'].includes(ag.type)) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.agencyId 应为公安机关、检察院或法院', details: { issues: [{ path: 'body.agencyId', message: '应为办案机关' }] } });
    }
  }
  const id = await db.transaction().execute(async (tx) => {
    const match = await findClient(tx, input);
    const row = await tx.insertInto('defence_requests').values({
      kind: input.kind, lawyer_id: lawyer.id, lawyer_name: lawyer.display_name, licence_no: lawyer.licence_no!, lawfirm_id: lawyer.firm_id,
      assigned_by_agency: assignedBy, client_name: input.clientName, client_resident_id: input.clientResidentId,
      given_case_number: input.caseNumber ?? null, given_agency_id: input.agencyId ?? null,
      case_id: match?.caseId ?? null, person_id: match?.personId ?? null, agency_id: match?.agencyId ?? input.agencyId ?? null,
      created_by: a.userId,
    }).returning('id').executeTakeFirstOrThrow();
    // the match is on the trail for the agencies, never in the lawyer's answer
    await writeAudit(tx, ctx, {
      action: 'defence.requested', targetType: 'defence_request', targetId: row.id, caseId: match?.caseId ?? null,
      details: { kind: input.kind, lawyerId: lawyer.id, clientName: input.clientName, matched: match !== null },
    });
    return row.id;
  });
  return loadDefenceView(db, ctx, id);
}
