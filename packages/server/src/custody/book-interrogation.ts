/**
 * `POST /api/cases/:caseId/persons/:personId/interrogations`: an investigator, prosecutor or judge
 * of the case books a 提讯 slot at the 看守所 holding the person. Gate (404 outside the caller's
 * reach), role, the person held (拘留/逮捕 with a 看守所), then one transaction that locks the
 * person's bookings, checks the slot (core) and writes the booking and its audit row (ledger).
 */
import { hasRole } from '@xietong/core';
import { checkInterrogationSlot, INTERROGATION_BOOKER_ROLES, INTERROGATION_BOOKERS, parseFactInstant } from '@xietong/core/custody';
import type { z } from 'zod';
import type { ZBookInterrogationRequest } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { interrogationView, selectInterrogations, type TInterrogationView } from './interrogation-view';

export async function bookInterrogation(
  db: TDb, ctx: TAuthedContext, caseId: string, personId: string, body: z.output<typeof ZBookInterrogationRequest>,
): Promise<TInterrogationView> {
  await assertCaseWritable(db, ctx, caseId, 'custody.interrogation_booked');
  const actor = ctx.actor;
  if (!INTERROGATION_BOOKERS.includes(actor.agencyType) || !hasRole(actor, ...INTERROGATION_BOOKER_ROLES)) {
    await writeAudit(db, ctx, { action: 'custody.interrogation_booked', outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'role_or_agency', personId } });
    throw new AppError('FORBIDDEN', { message: '只有办案机关（公安、检察院、法院）的承办人或审批人可以预约提讯' });
  }
  const startsAt = parseFactInstant(body.startsAt);
  if (!startsAt) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：提讯时间(body.startsAt)不是有效的时间', details: { issues: [{ path: 'body.startsAt', message: '不是有效的时间' }] } });
  }
  return db.transaction().execute(async (tx) => {
    // the person's open measure names the 看守所; lock it so two bookings of one person queue
    const person = await tx.selectFrom('case_persons').select('id').where('id', '=', personId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();
    if (!person) throw new AppError('NOT_FOUND');
    const held = await tx.selectFrom('person_measures').select(['detention_centre_id']).where('person_id', '=', personId)
      .where('ended_at', 'is', null).where('measure', 'in', ['detention', 'arrest']).orderBy('started_at', 'desc').executeTakeFirst();
    if (!held?.detention_centre_id) {
      throw new AppError('PROCESS_GUARD_FAILED', { message: '该人员未被羁押在看守所，不能预约提讯', details: { reason: 'not_held', personId } });
    }
    const others = await tx.selectFrom('interrogation_bookings').select(['id', 'starts_at', 'ends_at', 'status']).where('person_id', '=', personId).execute();
    const now = new Date();
    const problem = checkInterrogationSlot({
      startsAt, minutes: body.minutes, now, others: others.map((o) => ({ id: o.id, startsAt: new Date(o.starts_at), endsAt: new Date(o.ends_at), status: o.status })),
    });
    if (problem?.reason === 'overlap') throw new AppError('ALREADY_EXISTS', { message: problem.zh, details: { reason: problem.reason, conflictId: problem.conflictId } });
    if (problem) throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：${problem.zh}`, details: { issues: [{ path: problem.reason === 'length' ? 'body.minutes' : 'body.startsAt', message: problem.zh }] } });
    const row = await tx.insertInto('interrogation_bookings').values({
      case_id: caseId, person_id: personId, detention_centre_id: held.detention_centre_id, agency_id: actor.agencyId,
      booked_by: actor.userId, booked_by_name: actor.displayName, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + body.minutes * 60_000),
      mode: body.mode, purpose: body.purpose,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: 'custody.interrogation_booked', targetType: 'case', targetId: caseId, caseId,
      details: { bookingId: row.id, personId, detentionCentreId: held.detention_centre_id, startsAt: startsAt.toISOString(), minutes: body.minutes, mode: body.mode },
    });
    return interrogationView(await selectInterrogations(tx).where('b.id', '=', row.id).executeTakeFirstOrThrow());
  });
}
