/**
 * 案件列表: the cases in the caller's reach (the gate's scope as SQL), searchable by number,
 * name, ID number, charge, stage, agency, date range and deadline status.
 */
import { caseScope, type TCaseScope } from '@xietong/core';
import { chargeCodesForTerm } from '@xietong/core/charges';
import type { z } from 'zod';
import type { ZCaseListQuery, ZCaseSummary } from '@xietong/core/api';
import { sql, type RawBuilder } from 'kysely';
import type { TDb } from '../db/database';
import { caseScopeWhere } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { loadSummaries, todayInShanghai } from './get-case';
import { clientPersonIdsByCase, isLawyer } from '../defence/lawyer-client';

/** The case list's total stops counting here (the UI shows "1000+"). */
export const CASE_COUNT_CAP = 1000;

/**
 * The scope keys (0043) a case in `scope` carries, one of which the search asks for: the party
 * agency, or the jurisdiction's region prefix (2, 4 or 6 digits); none narrows for a lawyer.
 */
export function searchScopeKeys(scope: TCaseScope): (string | null)[] {
  switch (scope.kind) {
    case 'party':
      return [`a:${scope.agencyId}`];
    case 'jurisdiction':
      return [`a:${scope.agencyId}`, ...([2, 4, 6].includes(scope.regionPrefix.length) ? [`r:${scope.regionPrefix}`] : [null])];
    default:
      return [null];
  }
}

export async function listCases(
  db: TDb, ctx: TAuthedContext, query: z.output<typeof ZCaseListQuery>,
): Promise<{ items: z.output<typeof ZCaseSummary>[]; total: number; totalCapped: boolean }> {
  let q = db.selectFrom('cases as c').where(caseScopeWhere(caseScope(ctx.actor)));
  if (query.q) {
    // search_text holds title, numbers (受案号/案号 appended when issued), names, ID numbers and
    // charges. A GIN index on case_search (0052: off the case row every step updates) holds each
    // case's characters, character pairs and scope keys (0043): the query asks for the term's
    // grams AND the caller's scope key, so "张 in my agency's cases" intersects two posting lists,
    // and the planner either takes those few candidates or, when the term is common within the
    // scope, walks the recency index and stops after a page; strpos confirms. A charge's common
    // name (醉驾, 非吸 …) also asks a second, small index for its charge key AND the scope key
    // (0053), checked per row as a plain array test. The scope predicate above stays the
    // authority (the keys only narrow).
    const t = query.q.trim();
    const scopeKeys = searchScopeKeys(caseScope(ctx.actor));
    const any = (one: (key: RawBuilder<unknown>) => RawBuilder<boolean>) => scopeKeys
      .map((key) => one(key ? sql`ARRAY[${key}]::text[]` : sql`'{}'::text[]`))
      .reduce((x, y) => sql<boolean>`${x} OR ${y}`);
    // PostgreSQL evaluates these in the order written (inside an OR it does not reorder by cost):
    // the cheap tests first — the charge keys (an array test), then strpos — so the grams of a
    // case's text are recomputed only for a case that contains the term
    const matches = [
      ...chargeCodesForTerm(t).map((code) => sql<boolean>`(${any((key) => sql<boolean>`(s.party_keys || s.charge_keys) @> (ARRAY[${`c:${code}`}]::text[] || ${key})`)})`),
      sql<boolean>`(strpos(lower(s.search_text), lower(${t})) > 0 AND (${any((key) => sql<boolean>`case_search_keys(s.search_text, s.party_keys) @> (search_query_grams(${t}) || ${key})`)}))`,
    ];
    q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id AND (${sql.join(matches, sql` OR `)}))`);
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
  // the total is counted up to CASE_COUNT_CAP rows (the UI shows "1000+"), beside the page
  const [rows, n] = await Promise.all([
    (query.sort === 'deadline'
      // process_instances.next_due is the instance's nearest running timer, kept by a trigger (0016);
      // only the flows the caller's agency takes part in, as the row's 最近期限 shows (loadSummaries)
      ? q.select(['c.id', sql<string | null>`(SELECT min(pi.next_due) FROM process_instances pi WHERE pi.case_id = c.id ${
        ctx.actor.roles.includes('supervisor') ? sql`` : sql`AND ${ctx.actor.agencyId}::uuid IN (pi.initiator_agency_id, pi.receiver_agency_id, pi.superior_agency_id)`})`.as('next_due')])
        .orderBy(sql`next_due asc nulls last`).orderBy('c.updated_at', 'desc').orderBy('c.id')
      : q.select('c.id').orderBy('c.updated_at', 'desc').orderBy('c.id')
    ).limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    db.selectFrom(q.select(sql`1`.as('one')).limit(CASE_COUNT_CAP + 1).as('s')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    writeAudit(db, ctx, { action: 'case.listed', details: { query: { ...query } } }),
  ]);
  const total = Number(n.n);
  let items = await loadSummaries(db, rows.map((r) => r.id), ctx.actor);
  if (isLawyer(ctx)) {
    // 辩护人: each row names the lawyer's client only
    const clients = await clientPersonIdsByCase(db, ctx.actor.userId, items.map((i) => i.id));
    items = items.map((i) => ({ ...i, persons: clients.has(i.id) ? [clients.get(i.id)!.name] : [] }));
  }
  return { total: Math.min(total, CASE_COUNT_CAP), totalCapped: total > CASE_COUNT_CAP, items };
}
