/**
 * 案件列表: the cases in the caller's reach (the gate's scope as SQL), searchable by number,
 * name, ID number, charge, stage, agency, date range and deadline status.
 */
import { caseScope } from '@xietong/core';
import { chargeCodesForTerm } from '@xietong/core/charges';
import type { z } from 'zod';
import type { ZCaseListQuery, ZCaseSummary } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { caseScopeWhere } from '../access/gate';
import { likeContains } from '../db/like';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { loadSummaries, todayInShanghai } from './get-case';

export async function listCases(
  db: TDb, ctx: TAuthedContext, query: z.output<typeof ZCaseListQuery>,
): Promise<{ items: z.output<typeof ZCaseSummary>[]; total: number }> {
  let q = db.selectFrom('cases as c').where(caseScopeWhere(caseScope(ctx.actor)));
  if (query.q) {
    const term = likeContains(query.q.trim());
    // a common name of a charge (醉驾, 非吸 …) also finds the cases charged with what it means
    const codes = chargeCodesForTerm(query.q);
    q = q.where((eb) => eb.or([
      eb('c.search_text', 'ilike', term),
      eb('c.procuratorate_number', 'ilike', term),
      eb('c.court_number', 'ilike', term),
      ...(codes.length ? [eb.exists(eb.selectFrom('case_charges as sc').select(sql`1`.as('one')).whereRef('sc.case_id', '=', 'c.id').where('sc.charge_code', 'in', codes))] : []),
    ]));
  }
  if (query.charge) q = q.where((eb) => eb.exists(eb.selectFrom('case_charges as cc').select(sql`1`.as('one')).whereRef('cc.case_id', '=', 'c.id').where('cc.charge_code', '=', query.charge!)));
  if (query.stage) q = q.where('c.stage', '=', query.stage);
  if (query.agencyId) q = q.where((eb) => eb.exists(eb.selectFrom('case_parties as p').select(sql`1`.as('one')).whereRef('p.case_id', '=', 'c.id').where('p.agency_id', '=', query.agencyId!)));
  if (query.from) q = q.where('c.occurred_at', '>=', new Date(`${query.from}T00:00:00+08:00`));
  if (query.to) q = q.where('c.occurred_at', '<', sql<Date>`${`${query.to}T00:00:00+08:00`}::timestamptz + interval '1 day'`);
  if (query.deadline) {
    const today = todayInShanghai();
    q = q.where((eb) => eb.exists(eb.selectFrom('process_timers as t').select(sql`1`.as('one')).whereRef('t.case_id', '=', 'c.id').where('t.status', '=', 'running')
      .where(query.deadline === 'overdue' ? sql<boolean>`t.due < ${today}::date` : sql<boolean>`t.due >= ${today}::date AND t.due <= ${today}::date + t.warn_days`)));
  }
  const [rows, n] = await Promise.all([
    q.select('c.id').orderBy('c.updated_at', 'desc').orderBy('c.id').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await writeAudit(db, ctx, { action: 'case.listed', details: { query: { ...query } } });
  return { total: Number(n.n), items: await loadSummaries(db, rows.map((r) => r.id), ctx.actor) };
}
