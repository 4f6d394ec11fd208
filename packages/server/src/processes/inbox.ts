/**
 * The inbox: 待办 (what my agency may act on now, for my roles), 已办 (what I acted on),
 * 已发 (flows my agency started), 临期/超期 (running statutory deadlines of my flows).
 */
import type { TActor } from '@xietong/core';
import type { z } from 'zod';
import type { ZInboxItem, ZInboxQuery } from '@xietong/core/api';
import { deadlineStatus, type TCivilDate } from '@xietong/core/deadlines';
import { getProcess } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { todayInShanghai } from '../cases/get-case';
import { likeContains } from '../db/like';

type TItem = z.output<typeof ZInboxItem>;

function mineWhere(actor: TActor) {
  return sql<boolean>`(i.initiator_agency_id = ${actor.agencyId} OR i.receiver_agency_id = ${actor.agencyId} OR i.superior_agency_id = ${actor.agencyId})`;
}

export async function loadInbox(db: TDb, actor: TActor, q: z.output<typeof ZInboxQuery>): Promise<{ items: TItem[]; total: number; counts: { todo: number; dueSoon: number; overdue: number } }> {
  const today = todayInShanghai();
  const offset = (q.page - 1) * q.pageSize;
  const term = q.q ? likeContains(q.q) : null;
  // base rows: instance + case + agencies + nearest running timer
  const base = db.selectFrom('process_instances as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .innerJoin('agencies as fa', 'fa.id', 'i.initiator_agency_id')
    .innerJoin('agencies as ta', 'ta.id', 'i.receiver_agency_id')
    .leftJoinLateral((eb) => eb.selectFrom('process_timers as t').select(['t.due', 't.zh', 't.warn_days'])
      .whereRef('t.instance_id', '=', 'i.id').where('t.status', '=', 'running').orderBy('t.due').limit(1).as('nt'), (j) => j.onTrue())
    .$if(!!q.process, (qb) => qb.where('i.code', '=', q.process!))
    .$if(!!term, (qb) => qb.where('c.search_text', 'ilike', term!));

  let rows;
  let total: number;
  const cols = ['i.id as instance_id', 'i.case_id', 'c.title', 'i.code', 'i.state', 'fa.name as from_name', 'ta.name as to_name', 'nt.due', 'nt.zh as timer_zh', 'nt.warn_days'] as const;
  if (q.box === 'todo') {
    const qb = base.innerJoin('inbox_items as x', 'x.instance_id', 'i.id')
      .where('x.done_at', 'is', null).where('x.agency_id', '=', actor.agencyId)
      .where(sql<boolean>`x.roles && ${sql.val(actor.roles)}::text[]`);
    rows = await qb.select([...cols, 'x.id as item_id', 'x.created_at as at'])
      .orderBy(q.sort === 'due' ? sql`nt.due NULLS LAST` : sql`x.created_at DESC`).limit(q.pageSize).offset(offset).execute();
    total = Number((await qb.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  } else if (q.box === 'done') {
    const qb = base.innerJoin(
      (eb) => eb.selectFrom('process_events').select(['instance_id', sql<Date>`max(at)`.as('at')]).where('actor_user_id', '=', actor.userId).where('action', '!=', 'start').groupBy('instance_id').as('e'),
      (j) => j.onRef('e.instance_id', '=', 'i.id'));
    rows = await qb.select([...cols, 'i.id as item_id', 'e.at']).orderBy(q.sort === 'due' ? sql`nt.due NULLS LAST` : sql`e.at DESC`).limit(q.pageSize).offset(offset).execute();
    total = Number((await qb.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  } else if (q.box === 'sent') {
    const qb = base.where('i.initiator_agency_id', '=', actor.agencyId);
    rows = await qb.select([...cols, 'i.id as item_id', 'i.updated_at as at']).orderBy(q.sort === 'due' ? sql`nt.due NULLS LAST` : sql`i.updated_at DESC`).limit(q.pageSize).offset(offset).execute();
    total = Number((await qb.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  } else {
    const qb = base.where(mineWhere(actor)).where(sql<boolean>`nt.due IS NOT NULL AND nt.due <= ${today}::date + nt.warn_days`);
    rows = await qb.select([...cols, 'i.id as item_id', 'i.updated_at as at']).orderBy(sql`nt.due`).limit(q.pageSize).offset(offset).execute();
    total = Number((await qb.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  }

  const counts = await db.selectFrom('process_instances as i')
    .leftJoinLateral((eb) => eb.selectFrom('process_timers as t').select(['t.due', 't.warn_days'])
      .whereRef('t.instance_id', '=', 'i.id').where('t.status', '=', 'running').orderBy('t.due').limit(1).as('nt'), (j) => j.onTrue())
    .where(mineWhere(actor))
    .select([
      sql<string>`count(*) FILTER (WHERE nt.due < ${today}::date)`.as('overdue'),
      sql<string>`count(*) FILTER (WHERE nt.due >= ${today}::date AND nt.due <= ${today}::date + nt.warn_days)`.as('due_soon'),
    ]).executeTakeFirstOrThrow();
  const todo = await db.selectFrom('inbox_items').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agency_id', '=', actor.agencyId).where('done_at', 'is', null).where(sql<boolean>`roles && ${sql.val(actor.roles)}::text[]`).executeTakeFirstOrThrow();

  return {
    total,
    counts: { todo: Number(todo.n), dueSoon: Number(counts.due_soon), overdue: Number(counts.overdue) },
    items: rows.map((r) => {
      const def = getProcess(r.code);
      return {
        id: String(r.item_id), box: q.box, instanceId: r.instance_id, caseId: r.case_id, caseTitle: r.title, process: r.code,
        processName: def?.name.zh ?? r.code, state: r.state, stateName: def?.states[r.state]?.zh ?? r.state,
        fromAgency: r.from_name, toAgency: r.to_name, at: new Date(r.at as Date).toISOString(), due: r.due ?? null,
        deadlineStatus: r.due ? deadlineStatus({ due: r.due as TCivilDate, today, warnDays: r.warn_days ?? 3 }) : null,
        deadlineName: r.timer_zh ?? null,
      };
    }),
  };
}
