/**
 * The one gate every case read and write passes (STYLE.md §2.3). The rule is core's
 * (`caseScope`/`scopeAllows`); here it becomes SQL. Anything outside the caller's reach
 * is a 404, and the refused attempt is audited in its own transaction so it survives
 * the failed request.
 */
import { canWriteCase, caseScope, scopeAllows, type TActor, type TAuditAction, type TCaseAccessFacts, type TCaseScope } from '@xietong/core';
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { TDb, TTx } from '../db/database';
import type { DB } from '../db/schema';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

export async function loadCaseFacts(db: TDb | TTx, caseId: string): Promise<TCaseAccessFacts | null> {
  const c = await db.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
  if (!c) return null;
  const parties = await db
    .selectFrom('case_parties as p').innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .select(['p.agency_id', 'a.region_code']).where('p.case_id', '=', caseId).execute();
  const lawyers = await db.selectFrom('case_lawyer_grants').select('user_id').where('case_id', '=', caseId).execute();
  return {
    partyAgencyIds: parties.map((p) => p.agency_id),
    partyRegionCodes: parties.map((p) => p.region_code),
    grantedLawyerIds: lawyers.map((l) => l.user_id),
  };
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
        return eb.exists(eb.selectFrom('case_lawyer_grants as g').select(sql`1`.as('one'))
          .whereRef('g.case_id', '=', 'c.id').where('g.user_id', '=', scope.userId));
    }
  };
}

async function refuse(db: TDb, ctx: TAuthedContext, caseId: string, action: TAuditAction, reason: string): Promise<never> {
  await writeAudit(db, ctx, { action, outcome: 'denied', targetType: 'case', targetId: caseId, caseId: null, details: { reason, caseId } });
  throw new AppError('NOT_FOUND');
}

/** Read access: 404 (and an audit row) when the case is not in the caller's reach. */
export async function assertCaseReadable(db: TDb, ctx: TAuthedContext, caseId: string, action: TAuditAction = 'case.read'): Promise<TCaseAccessFacts> {
  const facts = await loadCaseFacts(db, caseId);
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
