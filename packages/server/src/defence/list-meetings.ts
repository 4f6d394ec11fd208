/** The 会见 bookings of a representation with their P14 state and the CPL 39 48-hour timer. */
import type { z } from 'zod';
import type { ZMeetingBooking } from '@xietong/core/api';
import { getProcess } from '@xietong/core/processes';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadOwnDefenceRequest } from './defence-view';

export type TMeetingView = z.output<typeof ZMeetingBooking>;

export async function loadMeetingViews(db: TDb, where: { instanceIds?: string[]; requestId?: string }): Promise<TMeetingView[]> {
  let q = db.selectFrom('defence_meetings as m').innerJoin('process_instances as i', 'i.id', 'm.instance_id')
    .innerJoin('case_persons as p', 'p.id', 'm.person_id').innerJoin('agencies as d', 'd.id', 'i.initiator_agency_id')
    .select(['m.instance_id', 'm.request_id', 'm.case_id', 'm.requested_at', 'p.name as person_name', 'd.id as centre_id', 'd.name as centre_name', 'i.state', 'i.data']);
  if (where.instanceIds) q = q.where('m.instance_id', 'in', where.instanceIds);
  if (where.requestId) q = q.where('m.request_id', '=', where.requestId);
  const rows = await q.orderBy('m.requested_at', 'desc').execute();
  if (!rows.length) return [];
  const [timers, events] = await Promise.all([
    db.selectFrom('process_timers').select(['instance_id', 'zh', 'due', 'due_instant', 'articles', 'status', 'created_at'])
      .where('instance_id', 'in', rows.map((r) => r.instance_id)).orderBy('created_at', 'desc').execute(),
    db.selectFrom('process_events').select(['instance_id', 'input']).where('instance_id', 'in', rows.map((r) => r.instance_id)).where('action', '=', 'arrange_meeting').execute(),
  ]);
  const def = getProcess('lawyer_meeting')!;
  return rows.map((r) => {
    const t = timers.find((x) => x.instance_id === r.instance_id && x.status === 'running') ?? timers.find((x) => x.instance_id === r.instance_id);
    const arranged = events.find((e) => e.instance_id === r.instance_id);
    const input = (typeof arranged?.input === 'string' ? JSON.parse(arranged.input) : arranged?.input) as { meetingAt?: string } | undefined;
    const data = r.data as { permissionRequired?: boolean };
    return {
      instanceId: r.instance_id, requestId: r.request_id, caseId: r.case_id, personName: r.person_name,
      detentionCentre: { id: r.centre_id, name: r.centre_name }, state: r.state, stateName: def.states[r.state]?.zh ?? r.state,
      permissionRequired: data.permissionRequired === true, requestedAt: r.requested_at.toISOString(),
      deadline: t ? { zh: t.zh, due: t.due, dueAt: t.due_instant ? new Date(t.due_instant as unknown as string).toISOString() : null, article: (t.articles as string[])[0] ?? 'CPL 39' } : null,
      meetingAt: input?.meetingAt ?? null,
    };
  });
}

export async function listMeetings(db: TDb, ctx: TAuthedContext, requestId: string): Promise<{ items: TMeetingView[] }> {
  const r = await loadOwnDefenceRequest(db, ctx, requestId);
  if (!r || (r.lawyer_id !== ctx.actor.userId && r.status !== 'confirmed' && r.status !== 'ended')) {
    await writeAudit(db, ctx, { action: 'defence.meeting_booked', outcome: 'denied', targetType: 'defence_request', targetId: requestId, details: { reason: 'list_not_party' } });
    throw new AppError('NOT_FOUND');
  }
  return { items: await loadMeetingViews(db, { requestId }) };
}
