/**
 * The audit administrator (审计管理员) and supervisors (政法委/检察监督) query the trail by case,
 * user, agency and time: a platform audit administrator every row, an agency's audit
 * administrator their agency's, a supervisor the agencies of their jurisdiction. A system
 * administrator may not (三员 separation). The query itself is audited.
 *
 * Readable (issue 14): a case is found by its title or 案号 (the cases' search index), a person by
 * name; each row comes with the action's name, the case's title and number, and its details as
 * sentences (core `describeAudit`).
 */
import { auditActionLabel, auditReach, canReadAudit, describeAudit, type TAuditNames } from '@xietong/core';
import type { z } from 'zod';
import type { ZAuditQuery, ZAuditRow } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { likeContains } from '../db/like';
import { writeAudit } from './write-audit';

type TFilter = Omit<z.output<typeof ZAuditQuery>, 'page' | 'pageSize'>;
type TRow = z.output<typeof ZAuditRow>;

/** How many cases (matching the title / 案号) or people (matching the name) a search narrows to. */
const SEARCH_CAP = 1000;

/** A day is Beijing's whole day: `from` its start, `to` the start of the next. */
function instant(v: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(Date.parse(`${v}T00:00:00+08:00`) + (end ? 86400_000 : 0));
  return new Date(v);
}

/** The rows the caller may read matching the filter (refuses those who may not read the trail). */
export async function auditSelection(db: TDb, ctx: TAuthedContext, q: TFilter, action: 'audit.queried' | 'audit.exported') {
  const actor = ctx.actor;
  if (!canReadAudit(actor)) {
    await writeAudit(db, ctx, { action, outcome: 'denied' });
    throw new AppError('FORBIDDEN');
  }
  let query = db.selectFrom('audit_log as l');
  const reach = auditReach(actor);
  if (reach.kind === 'jurisdiction') {
    query = query.where('l.agency_id', 'in', db.selectFrom('agencies').select('id').where('region_code', 'like', `${reach.regionPrefix}%`));
  } else if (reach.kind !== 'all') {
    query = query.where('l.agency_id', '=', reach.kind === 'agency' ? reach.agencyId : actor.agencyId);
  }
  if (q.caseId) query = query.where('l.case_id', '=', q.caseId);
  if (q.userId) query = query.where('l.user_id', '=', q.userId);
  if (q.agencyId) query = query.where('l.agency_id', '=', q.agencyId);
  if (q.action) query = query.where('l.action', '=', q.action);
  if (q.outcome) query = query.where('l.outcome', '=', q.outcome);
  if (q.from) query = query.where('l.at', '>=', instant(q.from, false));
  if (q.to) query = query.where('l.at', '<', instant(q.to, true));
  if (q.q) {
    // the cases' character / pair index (0016; with scope keys since 0043, on case_search since 0052) finds titles and numbers; strpos confirms
    const t = q.q;
    const found = sql`SELECT case_id AS id FROM case_search WHERE case_search_keys(search_text, party_keys) @> search_query_grams(${t})
      AND strpos(lower(search_text), lower(${t})) > 0 LIMIT ${SEARCH_CAP}`;
    // a refused read names the case as its target only (the gate records no case for a case out of reach)
    query = query.where((eb) => eb.or([
      eb('l.case_id', 'in', sql<string>`(${found})`),
      eb.and([eb('l.target_type', '=', 'case'), eb('l.target_id', 'in', sql<string>`(SELECT id::text FROM (${found}) f)`)]),
    ]));
  }
  if (q.person) {
    const like = likeContains(q.person);
    query = query.where('l.user_id', 'in', sql<string>`(SELECT id FROM users WHERE display_name ILIKE ${like} OR username ILIKE ${like} LIMIT ${SEARCH_CAP})`);
  }
  return query;
}

/** Rows as the reader sees them: names instead of ids, details as sentences. */
export async function readableRows(db: TDb, rows: Selectable<DB['audit_log']>[]): Promise<TRow[]> {
  const detail = (r: (typeof rows)[number]) => (r.details && typeof r.details === 'object' ? r.details as Record<string, unknown> : {});
  const ids = (pick: (d: Record<string, unknown>) => unknown[]) =>
    [...new Set(rows.flatMap((r) => pick(detail(r))).filter((x): x is string => typeof x === 'string' && /^[0-9a-f-]{36}$/i.test(x)))];
  const caseOf = (r: (typeof rows)[number]) => r.case_id ?? (r.target_type === 'case' ? r.target_id : null);
  const caseIds = [...new Set([...rows.map(caseOf).filter((x): x is string => !!x && /^[0-9a-f-]{36}$/i.test(x)), ...ids((d) => [d.caseId])])];
  const agencyIds = ids((d) => [d.receiver, d.agencyId]);
  const userIds = ids((d) => [d.userId]);
  const [cases, agencies, users] = await Promise.all([
    caseIds.length ? db.selectFrom('cases').select(['id', 'title', 'stage', 'police_number', 'procuratorate_number', 'court_number']).where('id', 'in', caseIds).execute() : [],
    agencyIds.length ? db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', agencyIds).execute() : [],
    userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [],
  ]);
  const byCase = new Map(cases.map((c) => [c.id, c]));
  const names: TAuditNames = {
    cases: new Map(cases.map((c) => [c.id, c.title])), agencies: new Map(agencies.map((a) => [a.id, a.name])),
    users: new Map(users.map((u) => [u.id, u.display_name])),
  };
  return rows.map((r) => {
    const ref = caseOf(r);
    const c = ref ? byCase.get(ref) : undefined;
    // the number of the stage the case is at, else the first issued
    const number = c ? (c.stage.startsWith('court') || c.stage.startsWith('execution') ? c.court_number : c.stage.startsWith('procuratorate') ? c.procuratorate_number : null) ?? c.police_number ?? c.procuratorate_number ?? c.court_number : null;
    return {
      id: r.id, at: r.at.toISOString(), userId: r.user_id, username: r.username, displayName: r.display_name,
      agencyId: r.agency_id, agencyName: r.agency_name, roles: r.roles, action: r.action, targetType: r.target_type,
      targetId: r.target_id, caseId: r.case_id, outcome: r.outcome as 'ok' | 'denied' | 'failed', ip: r.ip,
      userAgent: r.user_agent, details: r.details,
      actionLabel: auditActionLabel(r.action), caseTitle: c?.title ?? null, caseNumber: number ?? null,
      description: describeAudit({ action: r.action, outcome: r.outcome, details: r.details }, names),
    };
  });
}

export async function queryAudit(
  db: TDb, ctx: TAuthedContext, q: z.output<typeof ZAuditQuery>,
): Promise<{ items: TRow[]; total: number }> {
  const { page, pageSize, ...filter } = q;
  const query = await auditSelection(db, ctx, filter, 'audit.queried');
  const [rows, count] = await Promise.all([
    query.selectAll('l').orderBy('l.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await writeAudit(db, ctx, { action: 'audit.queried', details: { filter: { ...q } } });
  return { total: Number(count.n), items: await readableRows(db, rows) };
}
