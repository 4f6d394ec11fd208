/**
 * 督办: a supervisor sends the agency responsible for a period that ran out a P15 notice
 * (`supervision_notice`): the agency finds it in its 待办 and a 站内信, answers there, and the
 * answer flows back to the supervisor's 待办 (the engine, inbox, audit and ledger of every process).
 *
 * Who may: a supervisor whose jurisdiction watches the period (core `supervisionReach`); others
 * 403, a period outside the jurisdiction 404. The period must have run out (超期) and carry no open
 * 督办 already. The receiver is the agency responsible for it unless the supervisor names another
 * agency taking part in the case.
 */
import { deadlineStatus, type TCivilDate } from '@xietong/core/deadlines';
import { createInstance, getProcess } from '@xietong/core/processes';
import { deadlineWatched, mayRaiseNotice, supervisionReach } from '@xietong/core/supervision';
import type { ZProcessInstance, ZSendNoticeRequest } from '@xietong/core/api';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { todayInShanghai } from '../cases/get-case';
import { handlingType } from '../custody/list-custody';
import { CUSTODY_WARN_DAYS } from '../custody/custody-view';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { notify } from '../notifications/notify';
import { actorsInState } from '../processes/participants';
import { insertProcessInstance } from '../processes/start-process';
import { loadInstanceViews } from '../processes/view';

type TRequest = z.output<typeof ZSendNoticeRequest>;
type TParty = { id: string; name: string; type: string; region_code: string };

/** The period named, with the case's parties and the agency responsible for it; null when there is none running. */
async function loadPeriod(db: TDb, d: TRequest['deadline']): Promise<{ caseId: string; caseTitle: string; name: string; due: string; warnDays: number; paused: boolean; personName: string | null; responsible: string | null; parties: TParty[] } | null> {
  const parties = async (caseId: string) => (await sql<TParty>`SELECT a.id, a.name, a.type, a.region_code FROM case_parties cp JOIN agencies a ON a.id = cp.agency_id
    WHERE cp.case_id = ${caseId} ORDER BY cp.joined_at DESC`.execute(db)).rows;
  if (d.kind === 'custody') {
    const r = await db.selectFrom('person_custody_timers as t').innerJoin('cases as c', 'c.id', 't.case_id').innerJoin('case_persons as p', 'p.id', 't.person_id')
      .select(['t.case_id', 'c.title', 'c.stage', 't.zh', 't.due', 't.paused_on', 'p.name']).where('t.id', '=', d.id).where('t.status', '=', 'running').where('t.in_custody', '=', true)
      .executeTakeFirst();
    if (!r) return null;
    const ps = await parties(r.case_id);
    return {
      caseId: r.case_id, caseTitle: r.title, name: r.zh, due: String(r.due), warnDays: CUSTODY_WARN_DAYS, paused: r.paused_on !== null, personName: r.name,
      responsible: ps.find((p) => p.type === handlingType(r.stage))?.id ?? null, parties: ps,
    };
  }
  const r = await db.selectFrom('process_instances as i').innerJoin('cases as c', 'c.id', 'i.case_id')
    .select(['i.case_id', 'c.title', 'i.code', 'i.state', 'i.next_due', 'i.next_due_zh', 'i.next_warn_days', 'i.initiator_agency_id', 'i.receiver_agency_id', 'i.superior_agency_id'])
    .where('i.id', '=', d.id).where('i.next_due', 'is not', null).executeTakeFirst();
  if (!r) return null;
  const def = getProcess(r.code);
  const acting = def ? [...actorsInState(def, r.state).keys()] : [];
  const bySide = { initiator: r.initiator_agency_id, receiver: r.receiver_agency_id, superior: r.superior_agency_id };
  const side = (['receiver', 'superior', 'initiator'] as const).find((s) => acting.includes(s) && bySide[s]);
  const ps = await parties(r.case_id);
  // the instance's own agencies count for the jurisdiction even before they joined the case
  const own = (await sql<TParty>`SELECT id, name, type, region_code FROM agencies WHERE id = ANY(${Object.values(bySide).filter((x): x is string => !!x)}::uuid[])`.execute(db)).rows;
  return {
    caseId: r.case_id, caseTitle: r.title, name: r.next_due_zh ?? '', due: String(r.next_due), warnDays: r.next_warn_days ?? 3, paused: false, personName: null,
    responsible: side ? bySide[side] : null, parties: [...ps, ...own.filter((o) => !ps.some((p) => p.id === o.id))],
  };
}

export async function sendSupervisionNotice(db: TDb, ctx: TAuthedContext, req: TRequest): Promise<z.output<typeof ZProcessInstance>> {
  const actor = ctx.actor;
  const reach = supervisionReach(actor);
  if (reach.kind === 'none') {
    await writeAudit(db, ctx, { action: 'supervision.notice_sent', outcome: 'denied', details: { reason: 'not_a_supervisor', deadline: req.deadline } });
    throw new AppError('FORBIDDEN', { message: '只有政法委或检察院的监督员可以督办' });
  }
  const period = await loadPeriod(db, req.deadline);
  if (!period || !deadlineWatched(reach, period.parties.map((p) => ({ id: p.id, regionCode: p.region_code })))) {
    await writeAudit(db, ctx, { action: 'supervision.notice_sent', outcome: 'denied', details: { reason: period ? 'out_of_jurisdiction' : 'no_such_period', deadline: req.deadline } });
    throw new AppError('NOT_FOUND', { message: '没有找到该期限，或不在本机关监督范围内' });
  }
  const status = deadlineStatus({ due: period.due as TCivilDate, today: todayInShanghai(), warnDays: period.warnDays });
  // a paused period (CPL 149) is not running out
  if (period.paused || !mayRaiseNotice(status)) {
    throw new AppError('SUPERVISION_NOT_OVERDUE', { message: `「${period.name}」的最后一日为 ${period.due}，尚未超期，不能督办`, details: { due: period.due, status } });
  }
  const def = getProcess('supervision_notice')!;
  const receiverId = req.receiverAgencyId ?? period.responsible;
  const receiver = period.parties.find((p) => p.id === receiverId);
  if (!receiver || !def.receiver.agencyTypes.includes(receiver.type as never)) {
    throw new AppError('VALIDATION_FAILED', {
      message: receiverId ? '请求内容不符合要求：body.receiverAgencyId 应为参与该案件、负有办理职责的机关' : '请求内容不符合要求：无法确定负责该期限的机关，请指定 receiverAgencyId',
      details: { issues: [{ path: 'body.receiverAgencyId', message: '应为参与该案件的办案机关' }] },
    });
  }
  const data = {
    deadlineKind: req.deadline.kind, deadlineId: req.deadline.id, deadlineName: period.name, due: period.due,
    ...(period.personName ? { personName: period.personName } : {}), reason: req.reason,
  };
  const { instance, timers } = createInstance(def, { data });
  const now = new Date();
  return db.transaction().execute(async (tx) => {
    // one open 督办 per period: a second supervisor's click finds the first (lock the period's notices)
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`supervision_notice:${req.deadline.id}`}))`.execute(tx);
    const open = await tx.selectFrom('process_instances').select('id').where('code', '=', 'supervision_notice').where('terminal', '=', false)
      .where(sql`data->>'deadlineId'`, '=', req.deadline.id).executeTakeFirst();
    if (open) throw new AppError('ALREADY_EXISTS', { message: `该期限已有未办结的督办，请在该督办中再次督办`, details: { instanceId: open.id } });
    const id = await insertProcessInstance(tx, actor, { def, instance, timers, caseId: period.caseId, receiverId: receiver.id, superior: null, data, now });
    await writeAudit(tx, ctx, {
      action: 'supervision.notice_sent', targetType: 'process_instance', targetId: id, caseId: period.caseId,
      details: { deadline: req.deadline, receiver: receiver.id, due: period.due },
    });
    const who = period.personName ? `${period.personName}的` : '';
    await notify(tx, {
      agencyId: receiver.id, kind: 'supervision_notice', caseId: period.caseId, link: `/cases/${period.caseId}`, source: { type: 'process_instance', id },
      title: { zh: `督办：${period.caseTitle}，${who}「${period.name}」已于 ${period.due} 届满`, en: `Supervision notice: ${period.caseTitle}, the period "${period.name}" ran out on ${period.due}` },
      body: { zh: req.reason, en: req.reason },
    });
    const [view] = await loadInstanceViews(tx, [id], actor);
    return view!;
  });
}
