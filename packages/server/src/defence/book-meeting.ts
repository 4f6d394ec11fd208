/**
 * 预约会见: a lawyer with a confirmed representation books a meeting with the detained client.
 * The booking is a P14 律师会见申请 in the 看守所's draft (its 待办), holding the lawyer's papers,
 * the time of the request (the CPL 39 48 hours run from it) and whether CPL 39 ¶3 permission
 * applies (危害国家安全 / 恐怖活动 during 侦查, computed from the charges and the stage). The
 * 看守所 registers it (register_booking), the 办案机关 is the receiver and is told.
 */
import type { z } from 'zod';
import type { ZBookMeetingRequest } from '@xietong/core/api';
import type { TAgencyStage } from '@xietong/core/cases';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { meetingNeedsPermission } from '@xietong/core/defence';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { createInstance, formatRef, getProcess } from '@xietong/core/processes';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { recordEventRow } from '../processes/event-row';
import { openTodos } from '../processes/record-transition';
import { handlingAgencyOf } from './handling-agency';
import { loadMeetingViews, type TMeetingView } from './list-meetings';

/** Beijing wall time YYYY-MM-DDTHH:mm of an instant. */
function beijingWallTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

export async function bookMeeting(db: TDb, ctx: TAuthedContext, requestId: string, input: z.output<typeof ZBookMeetingRequest>): Promise<TMeetingView> {
  const a = ctx.actor;
  const r = await db.selectFrom('defence_requests as r').innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.case_id', 'r.person_id', 'r.lawyer_id', 'r.lawyer_name', 'r.licence_no', 'r.kind', 'r.status', 'c.stage'])
    .where('r.id', '=', requestId).executeTakeFirst();
  if (!r || r.lawyer_id !== a.userId || r.status !== 'confirmed' || !r.case_id || !r.person_id) {
    // not theirs, or not (or no longer) a representation: as absent as a case outside their reach
    await writeAudit(db, ctx, { action: 'defence.meeting_booked', outcome: 'denied', targetType: 'defence_request', targetId: requestId, details: { reason: 'not_confirmed' } });
    throw new AppError('NOT_FOUND');
  }
  const caseId = r.case_id;
  const personId = r.person_id;
  const stage = r.stage as TAgencyStage;
  const [held, charges, receiver] = await Promise.all([
    db.selectFrom('person_measures').select(['detention_centre_id']).where('person_id', '=', personId).where('ended_at', 'is', null)
      .where('detention_centre_id', 'is not', null).orderBy('started_at', 'desc').executeTakeFirst(),
    db.selectFrom('case_charges').select('charge_code').where('case_id', '=', caseId).execute(),
    handlingAgencyOf(db, caseId, stage),
  ]);
  if (!held?.detention_centre_id) throw new AppError('CLIENT_NOT_DETAINED');
  if (!receiver) throw new AppError('NOT_FOUND');
  const centreId = held.detention_centre_id;
  const now = new Date();
  const requestedAt = input.requestedAt ?? beijingWallTime(now);
  const requestedInstant = new Date(`${requestedAt}:00+08:00`);
  if (Number.isNaN(requestedInstant.getTime()) || requestedInstant.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.requestedAt 不能晚于当前时间', details: { issues: [{ path: 'body.requestedAt', message: '不能是将来的时间' }] } });
  }
  const articles = charges.map((c) => getCharge(c.charge_code as TChargeCode)?.article).filter((x): x is string => !!x);
  const permissionRequired = meetingNeedsPermission(stage, articles);
  const def = getProcess('lawyer_meeting')!;
  const data = {
    bookedOnline: true, permissionRequired, requestedAt, personId, defenceRequestId: r.id,
    lawyerName: r.lawyer_name, lawyerLicenceNo: r.licence_no, mandate: r.kind === 'legal_aid' ? 'legal_aid_letter' : 'power_of_attorney',
  };
  const { instance } = createInstance(def, { data });
  const instanceId = await db.transaction().execute(async (tx) => {
    // the 看守所 keeps the register: it joins the case as the instance's initiator
    await tx.insertInto('case_parties').values({ case_id: caseId, agency_id: centreId }).onConflict((oc) => oc.doNothing()).execute();
    const row = await tx.insertInto('process_instances').values({
      case_id: caseId, code: def.code, state: instance.state, version: instance.version, counters: JSON.stringify(instance.counters),
      data: JSON.stringify(instance.data), initiator_agency_id: centreId, receiver_agency_id: receiver,
      superior_agency_id: null, started_by: a.userId, terminal: false,
    }).returning('id').executeTakeFirstOrThrow();
    const firm = await tx.selectFrom('agencies').select('name').where('id', '=', a.agencyId).executeTakeFirstOrThrow();
    const evId = await recordEventRow(tx, {
      instance_id: row.id, case_id: caseId, process: def.code, action: 'start', from_state: instance.state, to_state: instance.state,
      version: instance.version, actor_user_id: a.userId, actor_name: a.displayName, actor_agency_id: a.agencyId,
      actor_agency_name: firm.name, actor_role: 'lawyer', actor_side: 'initiator', input: JSON.stringify(data),
      documents: '[]', timers_started: '[]', timers_stopped: '[]', articles: JSON.stringify(def.articles.map(formatRef)), at: now,
    });
    await openTodos(tx, def, instance.state, { initiator: centreId, receiver, superior: null }, { instanceId: row.id, caseId, eventId: evId });
    await tx.insertInto('defence_meetings').values({ instance_id: row.id, request_id: r.id, case_id: caseId, person_id: personId, lawyer_id: a.userId, requested_at: requestedInstant }).execute();
    await writeAudit(tx, ctx, {
      action: 'defence.meeting_booked', targetType: 'process_instance', targetId: row.id, caseId,
      details: { defenceRequestId: r.id, detentionCentre: centreId, requestedAt, permissionRequired, on: civilDateInShanghai(requestedInstant.getTime()) },
    });
    return row.id;
  });
  const [view] = await loadMeetingViews(db, { instanceIds: [instanceId] });
  return view!;
}
