/**
 * 监督期限: every running statutory period in a supervisor's jurisdiction (core `supervisionReach`),
 * held persons' custody periods first, then each process's nearest running period (P7 立案监督 and
 * P9 侦查活动监督 reply periods among them), each group in due order.
 *
 * At province scale (issue 13/14) both parts are index walks that stop after a page: custody
 * periods walk `person_custody_held_due (due, id)` (0031) keeping those of cases a watched agency
 * is party to; process periods walk the three `(agency, next_due)` indexes of 0016 once per
 * watched agency (a city has tens of agencies) and merge. Pages are keyset (`after`: rank, due,
 * id); the badge counts stop at 1,000.
 */
import { deadlineStatus, daysRemaining, type TCivilDate } from '@xietong/core/deadlines';
import { getProcess, type TProcessSide } from '@xietong/core/processes';
import { decodeCursor, encodeCursor, supervisionReach, type TSupervisionCursor, type TSupervisionFilter } from '@xietong/core/supervision';
import type { ZSupervisedDeadline, ZSupervisionQuery } from '@xietong/core/api';
import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { todayInShanghai } from '../cases/get-case';
import { handlingType } from '../custody/list-custody';
import { CUSTODY_WARN_DAYS } from '../custody/custody-view';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { actorsInState } from '../processes/participants';

type TItem = z.output<typeof ZSupervisedDeadline>;
type TQuery = z.output<typeof ZSupervisionQuery>;

/** Badge counts stop counting here (the UI shows "1000+"). */
export const SUPERVISION_COUNT_CAP = 1000;

type TCaseCols = { case_id: string; title: string; stage: string; police_number: string | null; procuratorate_number: string | null; court_number: string | null };

function caseNumber(r: TCaseCols): string | null {
  const n = r.stage.startsWith('court') || r.stage.startsWith('execution') ? r.court_number : r.stage.startsWith('procuratorate') ? r.procuratorate_number : r.police_number;
  return n ?? r.police_number;
}

type TFilters = { ids: string[]; today: TCivilDate; status: TSupervisionFilter; process?: string | undefined; handlerId?: string | undefined };

/** Held persons' running custody periods of cases a watched agency is party to, after `cursor`, in (due, id) order. */
function custodySource(f: TFilters, cursor: TSupervisionCursor | null, lim: number): RawBuilder<{ id: string; due: string }> {
  const status = f.status === 'overdue' ? sql`t.due < ${f.today}::date AND t.paused_on IS NULL`
    : f.status === 'dueSoon' ? sql`t.due >= ${f.today}::date AND t.due <= ${f.today}::date + ${CUSTODY_WARN_DAYS}::int AND t.paused_on IS NULL`
    : sql`true`;
  const after = cursor ? sql`(t.due, t.id) > (${cursor.due}::date, ${cursor.id}::uuid)` : sql`true`;
  const handler = f.handlerId
    ? sql`EXISTS (SELECT 1 FROM process_instances hi JOIN process_actor_activity ha ON ha.instance_id = hi.id AND ha.user_id = ${f.handlerId} WHERE hi.case_id = t.case_id)`
    : sql`true`;
  return sql<{ id: string; due: string }>`SELECT t.id, t.due::text AS due FROM person_custody_timers t
    WHERE t.status = 'running' AND t.in_custody AND ${status} AND ${after} AND ${handler}
      AND EXISTS (SELECT 1 FROM case_parties cp WHERE cp.case_id = t.case_id AND cp.agency_id = ANY(${f.ids}::uuid[]))
    ORDER BY t.due, t.id LIMIT ${lim}`;
}

/** Instances with a running period where a watched agency is initiator, receiver or superior, merged in (next_due, id) order. */
function processSource(f: TFilters, cursor: TSupervisionCursor | null, lim: number): RawBuilder<{ id: string; due: string }> {
  const conds = sql.join([
    sql`i.next_due IS NOT NULL`,
    f.status === 'overdue' ? sql`i.next_due < ${f.today}::date`
      : f.status === 'dueSoon' ? sql`i.next_due >= ${f.today}::date AND i.next_warn_on <= ${f.today}::date` : sql`true`,
    cursor ? sql`(i.next_due, i.id) > (${cursor.due}::date, ${cursor.id}::uuid)` : sql`true`,
    f.process ? sql`i.code = ${f.process}` : sql`true`,
    f.handlerId ? sql`(i.started_by = ${f.handlerId} OR EXISTS (SELECT 1 FROM process_actor_activity a WHERE a.user_id = ${f.handlerId} AND a.instance_id = i.id))` : sql`true`,
  ], sql` AND `);
  const side = (col: string) => sql`SELECT x.id, x.next_due FROM unnest(${f.ids}::uuid[]) w(id) CROSS JOIN LATERAL (
      SELECT i.id, i.next_due FROM process_instances i WHERE i.${sql.raw(col)} = w.id AND ${conds} ORDER BY i.next_due, i.id LIMIT ${lim}) x`;
  return sql<{ id: string; due: string }>`SELECT DISTINCT ON (u.next_due, u.id) u.id, u.next_due::text AS due FROM (
      ${side('initiator_agency_id')} UNION ALL ${side('receiver_agency_id')} UNION ALL ${side('superior_agency_id')}) u
    ORDER BY u.next_due, u.id LIMIT ${lim}`;
}

async function cappedCount(db: TDb, source: RawBuilder<unknown>): Promise<{ n: number; capped: boolean }> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM (${source}) s`.execute(db);
  const n = Number(r.rows[0]!.n);
  return n > SUPERVISION_COUNT_CAP ? { n: SUPERVISION_COUNT_CAP, capped: true } : { n, capped: false };
}

/** The agencies a reach watches (agencies are few: a province has thousands). */
export async function watchedAgencies(db: TDb, reach: { regionPrefix: string; agencyId: string }): Promise<{ id: string; name: string; type: string; region_code: string }[]> {
  return db.selectFrom('agencies').select(['id', 'name', 'type', 'region_code'])
    .where((eb) => eb.or([eb('region_code', 'like', `${reach.regionPrefix}%`), eb('id', '=', reach.agencyId)])).execute();
}

export async function listSupervisedDeadlines(db: TDb, ctx: TAuthedContext, q: TQuery): Promise<{ items: TItem[]; next: string | null; counts: { overdue: number; dueSoon: number; custodyOverdue: number }; countsCapped: boolean }> {
  const reach = supervisionReach(ctx.actor);
  if (reach.kind === 'none') {
    await writeAudit(db, ctx, { action: 'supervision.listed', outcome: 'denied', details: { reason: 'not_a_supervisor' } });
    throw new AppError('FORBIDDEN', { message: '只有政法委或检察院的监督员可以查看监督期限' });
  }
  const watched = await watchedAgencies(db, reach);
  // an agency outside the jurisdiction filters to nothing (no hint that it exists)
  const ids = q.agencyId ? watched.filter((a) => a.id === q.agencyId).map((a) => a.id) : watched.map((a) => a.id);
  const today = todayInShanghai();
  const f: TFilters = { ids, today, status: q.status, process: q.process, handlerId: q.handlerId };
  const cursor = q.after ? decodeCursor(q.after) : null;
  const withCustody = q.kind !== 'process' && !q.process;
  const withProcess = q.kind !== 'custody';
  const lim = q.limit + 1;

  const picked: (TSupervisionCursor & { kind: 'custody' | 'process' })[] = [];
  if (withCustody && (!cursor || cursor.rank === 0)) {
    const r = await custodySource(f, cursor, lim).execute(db);
    picked.push(...r.rows.map((x) => ({ kind: 'custody' as const, rank: 0, due: x.due, id: x.id })));
  }
  if (withProcess && picked.length < lim) {
    const r = await processSource(f, cursor?.rank === 1 ? cursor : null, lim - picked.length).execute(db);
    picked.push(...r.rows.map((x) => ({ kind: 'process' as const, rank: 1, due: x.due, id: x.id })));
  }
  const page = picked.slice(0, q.limit);
  const next = picked.length > q.limit ? encodeCursor(page.at(-1)!) : null;

  const countOf = (status: TSupervisionFilter, kind: 'custody' | 'process') =>
    (kind === 'custody' ? withCustody : withProcess)
      ? cappedCount(db, (kind === 'custody' ? custodySource : processSource)({ ...f, status }, null, SUPERVISION_COUNT_CAP + 1))
      : Promise.resolve({ n: 0, capped: false });
  const [items, co, po, cs, ps] = await Promise.all([
    describeRows(db, page, today),
    countOf('overdue', 'custody'), countOf('overdue', 'process'), countOf('dueSoon', 'custody'), countOf('dueSoon', 'process'),
  ]);
  await writeAudit(db, ctx, { action: 'supervision.listed', details: { status: q.status, count: items.length, ...(q.agencyId ? { agencyId: q.agencyId } : {}) } });
  return {
    items, next,
    counts: { overdue: Math.min(SUPERVISION_COUNT_CAP, co.n + po.n), dueSoon: Math.min(SUPERVISION_COUNT_CAP, cs.n + ps.n), custodyOverdue: co.n },
    countsCapped: [co, po, cs, ps].some((c) => c.capped) || co.n + po.n > SUPERVISION_COUNT_CAP || cs.n + ps.n > SUPERVISION_COUNT_CAP,
  };
}

/** The page's rows as the list shows them: case, person or process, who must act, who handled it, an open 督办. */
async function describeRows(db: TDb, page: { kind: 'custody' | 'process'; id: string }[], today: TCivilDate): Promise<TItem[]> {
  const custodyIds = page.filter((p) => p.kind === 'custody').map((p) => p.id);
  const processIds = page.filter((p) => p.kind === 'process').map((p) => p.id);
  const [custody, instances, notices] = await Promise.all([
    custodyIds.length ? sql<TCaseCols & { id: string; due: string; zh: string; paused_on: string | null; person_id: string; person_name: string }>`
      SELECT t.id, t.due::text AS due, t.zh, t.paused_on::text AS paused_on, t.case_id, t.person_id, p.name AS person_name,
             c.title, c.stage, c.police_number, c.procuratorate_number, c.court_number
        FROM person_custody_timers t JOIN case_persons p ON p.id = t.person_id JOIN cases c ON c.id = t.case_id
       WHERE t.id = ANY(${custodyIds}::uuid[])`.execute(db) : { rows: [] },
    processIds.length ? sql<TCaseCols & { id: string; code: string; state: string; due: string; due_zh: string | null; warn_days: number | null; initiator_agency_id: string; receiver_agency_id: string; superior_agency_id: string | null; in_custody: boolean | null }>`
      SELECT i.id, i.case_id, i.code, i.state, i.next_due::text AS due, i.next_due_zh AS due_zh, i.next_warn_days AS warn_days,
             i.initiator_agency_id, i.receiver_agency_id, i.superior_agency_id, c.title, c.stage, c.police_number, c.procuratorate_number, c.court_number,
             (SELECT t.in_custody FROM process_timers t WHERE t.instance_id = i.id AND t.status = 'running' ORDER BY t.due LIMIT 1) AS in_custody
        FROM process_instances i JOIN cases c ON c.id = i.case_id WHERE i.id = ANY(${processIds}::uuid[])`.execute(db) : { rows: [] },
    page.length ? sql<{ id: string; d: string }>`SELECT id, data->>'deadlineId' AS d FROM process_instances
       WHERE code = 'supervision_notice' AND NOT terminal AND data->>'deadlineId' = ANY(${page.map((p) => p.id)}::text[])`.execute(db) : { rows: [] },
  ]);
  const caseIds = [...new Set([...custody.rows.map((r) => r.case_id), ...instances.rows.map((r) => r.case_id)])];
  const [parties, acts] = caseIds.length === 0 ? [[], []] : await Promise.all([
    db.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id')
      .select(['cp.case_id', 'a.id', 'a.name', 'a.type', 'cp.joined_at']).where('cp.case_id', 'in', caseIds).orderBy('cp.joined_at', 'desc').execute(),
    // the last person of each agency who acted on each case (the platform's own steps name nobody)
    sql<{ case_id: string; instance_id: string; actor_agency_id: string; actor_user_id: string; actor_name: string }>`
      SELECT DISTINCT ON (case_id, instance_id, actor_agency_id) case_id, instance_id, actor_agency_id, actor_user_id, actor_name
        FROM process_events WHERE case_id = ANY(${caseIds}::uuid[]) AND actor_user_id IS NOT NULL
       ORDER BY case_id, instance_id, actor_agency_id, id DESC`.execute(db).then((r) => r.rows),
  ]);
  const agencyIds = [...new Set(instances.rows.flatMap((r) => [r.initiator_agency_id, r.receiver_agency_id, r.superior_agency_id]).filter((x): x is string => !!x))];
  const names = new Map((agencyIds.length ? await db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', agencyIds).execute() : []).map((a) => [a.id, a.name]));
  const notice = new Map(notices.rows.map((n) => [n.d, n.id]));
  const lastActor = (caseId: string, agencyId: string, instanceId?: string) => {
    const e = acts.find((a) => a.case_id === caseId && a.actor_agency_id === agencyId && (!instanceId || a.instance_id === instanceId));
    return e ? { id: e.actor_user_id, name: e.actor_name } : null;
  };

  return page.map((p): TItem => {
    if (p.kind === 'custody') {
      const r = custody.rows.find((x) => x.id === p.id)!;
      const resp = parties.find((x) => x.case_id === r.case_id && x.type === handlingType(r.stage)) ?? null;
      const status = r.paused_on ? 'ok' : deadlineStatus({ due: r.due as TCivilDate, today, warnDays: CUSTODY_WARN_DAYS });
      return {
        kind: 'custody', id: r.id, caseId: r.case_id, caseTitle: r.title, caseNumber: caseNumber(r), process: null, processName: null,
        instanceId: null, stateName: null, personId: r.person_id, personName: r.person_name, deadlineName: r.zh, due: r.due,
        daysLeft: daysRemaining(r.due as TCivilDate, today), status, inCustody: true,
        responsibleAgency: resp ? { id: resp.id, name: resp.name } : null, handler: resp ? lastActor(r.case_id, resp.id) : null,
        openNoticeId: notice.get(r.id) ?? null,
      };
    }
    const r = instances.rows.find((x) => x.id === p.id)!;
    const def = getProcess(r.code);
    const bySide: Record<TProcessSide, string | null> = { initiator: r.initiator_agency_id, receiver: r.receiver_agency_id, superior: r.superior_agency_id };
    const acting = def ? [...actorsInState(def, r.state).keys()] : [];
    // who must act now: the receiver or superior before the initiator that waits for them
    const side = (['receiver', 'superior', 'initiator'] as const).find((s) => acting.includes(s) && bySide[s]);
    const respId = side ? bySide[side]! : null;
    return {
      kind: 'process', id: r.id, caseId: r.case_id, caseTitle: r.title, caseNumber: caseNumber(r), process: r.code,
      processName: def?.name.zh ?? r.code, instanceId: r.id, stateName: def?.states[r.state]?.zh ?? r.state, personId: null, personName: null,
      deadlineName: r.due_zh ?? '', due: r.due, daysLeft: daysRemaining(r.due as TCivilDate, today),
      status: deadlineStatus({ due: r.due as TCivilDate, today, warnDays: r.warn_days ?? 3 }), inCustody: r.in_custody === true,
      responsibleAgency: respId ? { id: respId, name: names.get(respId) ?? '' } : null,
      handler: respId ? lastActor(r.case_id, respId, r.id) : null, openNoticeId: notice.get(r.id) ?? null,
    };
  });
}
