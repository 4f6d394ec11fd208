/**
 * The one gate every case read and write passes (STYLE.md §2.3). The rule is core's
 * (`caseScope`/`scopeAllows`); here it becomes SQL. Anything outside the caller's reach
 * is a 404, and the refused attempt is audited in its own transaction so it survives
 * the failed request.
 */
import { canWriteCase, caseScope, scopeAllows, type TActor, type TAuditAction, type TCaseAccessFacts, type TCaseScope } from '@xietong/core';
import { AGENCY_STAGES, type TAgencyStage } from '@xietong/core/cases';
import { representationLive } from '@xietong/core/defence';
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { TDb, TTx } from '../db/database';
import type { DB } from '../db/schema';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

/** 辩护 gives access while the case is handled (core `representationLive`): a confirmed request on a closed case reads nothing. */
const LIVE_DEFENCE_STAGES = (Object.keys(AGENCY_STAGES) as TAgencyStage[]).filter(representationLive);

/**
 * The case's access facts as one SQL fragment over `c` (cases): its parties with their regions
 * and the lawyers granted access, so the gate costs one round trip, or none of its own when a
 * caller's query (the instance head of a transition) selects it along.
 */
export const CASE_FACTS_SQL = sql<{ parties: { a: string; r: string }[]; lawyers: string[] }>`
  coalesce((SELECT json_agg(json_build_object('a', p.agency_id, 'r', a.region_code))
            FROM case_parties p JOIN agencies a ON a.id = p.agency_id WHERE p.case_id = c.id), '[]'::json) AS parties,
  coalesce((SELECT array_agg(l.id) FROM (
    SELECT g.user_id::text AS id FROM case_lawyer_grants g WHERE g.case_id = c.id
    UNION SELECT r.lawyer_id::text FROM defence_requests r
    WHERE r.case_id = c.id AND r.status = 'confirmed' AND c.stage = ANY(${LIVE_DEFENCE_STAGES})) l), '{}'::text[]) AS lawyers`;

export function caseFactsOf(row: { parties: { a: string; r: string }[]; lawyers: string[] }): TCaseAccessFacts {
  return { partyAgencyIds: row.parties.map((p) => p.a), partyRegionCodes: row.parties.map((p) => p.r), grantedLawyerIds: row.lawyers };
}

export async function loadCaseFacts(db: TDb | TTx, caseId: string): Promise<TCaseAccessFacts | null> {
  const { rows } = await sql<{ parties: { a: string; r: string }[]; lawyers: string[] }>`
    SELECT ${CASE_FACTS_SQL} FROM cases c WHERE c.id = ${caseId}`.execute(db);
  return rows[0] ? caseFactsOf(rows[0]) : null;
}

/** The SQL form of `caseScope`, for list queries over `cases as c`. */
export function caseScopeWhere(scope: TCaseScope) {
  return (eb: ExpressionBuilder<DB & { c: DB['cases'] }, 'c'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'none':
        return sql<SqlBool>`false`;
      case 'party':
        return eb.exists(eb.selectFrom('case_parties as cp').select(sql`1`.as('one'))
          .whereRef('cp.case_id', '=', 'c.id').where('cp.agency_id', '=', scope.agencyId));
      case 'jurisdiction':
        return eb.exists(eb.selectFrom('case_parties as cp').innerJoin('agencies as pa', 'pa.id', 'cp.agency_id')
          .select(sql`1`.as('one')).whereRef('cp.case_id', '=', 'c.id')
          .where((e) => e.or([e('cp.agency_id', '=', scope.agencyId), e('pa.region_code', 'like', `${scope.regionPrefix}%`)])));
      case 'lawyer':
        return eb.or([
          eb.exists(eb.selectFrom('case_lawyer_grants as g').select(sql`1`.as('one'))
            .whereRef('g.case_id', '=', 'c.id').where('g.user_id', '=', scope.userId)),
          eb.exists(eb.selectFrom('defence_requests as r').select(sql`1`.as('one'))
            .whereRef('r.case_id', '=', 'c.id').where('r.lawyer_id', '=', scope.userId).where('r.status', '=', 'confirmed')
            .where(sql<SqlBool>`c.stage = ANY(${LIVE_DEFENCE_STAGES})`)),
        ]);
    }
  };
}

async function refuse(db: TDb, ctx: TAuthedContext, caseId: string, action: TAuditAction, reason: string): Promise<never> {
  await writeAudit(db, ctx, { action, outcome: 'denied', targetType: 'case', targetId: caseId, caseId: null, details: { reason, caseId } });
  throw new AppError('NOT_FOUND');
}

/** Read access: 404 (and an audit row) when the case is not in the caller's reach. */
export async function assertCaseReadable(db: TDb, ctx: TAuthedContext, caseId: string, action: TAuditAction = 'case.read', known?: TCaseAccessFacts | null): Promise<TCaseAccessFacts> {
  // `known`: the facts the caller already selected with CASE_FACTS_SQL (null: no such case)
  const facts = known !== undefined ? known : await loadCaseFacts(db, caseId);
  if (!facts || !scopeAllows(caseScope(ctx.actor), facts)) return refuse(db, ctx, caseId, action, facts ? 'out_of_scope' : 'no_such_case');
  return facts;
}

/** Write access: invisible → 404; visible but read-only (supervisor, lawyer) → 403. */
export async function assertCaseWritable(db: TDb, ctx: TAuthedContext, caseId: string, action: TAuditAction): Promise<TCaseAccessFacts> {
  const facts = await assertCaseReadable(db, ctx, caseId, action);
  if (!canWriteCase(ctx.actor, facts)) {
    await writeAudit(db, ctx, { action, outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'read_only_role' } });
    throw new AppError('FORBIDDEN');
  }
  return facts;
}

export function actorIsParty(actor: TActor, facts: TCaseAccessFacts): boolean {
  return facts.partyAgencyIds.includes(actor.agencyId);
}
