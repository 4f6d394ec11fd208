/**
 * Which figures a caller may ask for: supervisors (政法委, 检察监督) and the platform administrator
 * any region and agency inside their jurisdiction; everyone else their own agency's figures only.
 * A region or agency outside that reach is a 404, like a case outside it.
 */
import { hasRole, isPlatformSystemAdministrator, isSecurityOrAuditAdministratorOnly, jurisdictionPrefix, type TActor } from '@xietong/core';
import { sql, type RawBuilder } from 'kysely';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import { todayInShanghai } from '../cases/get-case';

export type TStatsScope = { from: string; to: string; region: string | null; regionPrefix: string; agencyId: string | null };

/** 220000 → 22, 220100 → 2201, 220104 → 220104 */
export function regionPrefixOf(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function statsAreWide(actor: TActor): boolean {
  // the security and audit administrators (三员) see no cases and no statistics of others, wherever they sit
  if (isSecurityOrAuditAdministratorOnly(actor)) return false;
  return isPlatformSystemAdministrator(actor) || hasRole(actor, 'supervisor') || actor.agencyType === 'plc';
}

export async function resolveStatsScope(db: TDb, actor: TActor, q: { from?: string; to?: string; region?: string; agencyId?: string }): Promise<TStatsScope> {
  const to = q.to ?? todayInShanghai();
  const from = q.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  if (from > to) throw new AppError('VALIDATION_FAILED', { message: '统计期间的开始日期不能晚于结束日期', details: { issues: [{ path: 'from', message: '开始日期晚于结束日期' }] } });
  if (!statsAreWide(actor)) {
    if (q.agencyId && q.agencyId !== actor.agencyId) throw new AppError('NOT_FOUND');
    return { from, to, region: null, regionPrefix: jurisdictionPrefix(actor.agencyLevel, actor.regionCode), agencyId: actor.agencyId };
  }
  const own = isPlatformSystemAdministrator(actor) ? '' : jurisdictionPrefix(actor.agencyLevel, actor.regionCode);
  let regionPrefix = own;
  if (q.region) {
    const p = regionPrefixOf(q.region);
    // a region inside the jurisdiction (or the jurisdiction itself, named by a wider code's prefix)
    if (!p.startsWith(own) && !own.startsWith(p)) throw new AppError('NOT_FOUND');
    regionPrefix = p.length > own.length ? p : own;
  }
  if (q.agencyId) {
    const a = await db.selectFrom('agencies').select('region_code').where('id', '=', q.agencyId).executeTakeFirst();
    if (!a || !a.region_code.startsWith(regionPrefix)) throw new AppError('NOT_FOUND');
  }
  return { from, to, region: q.region ?? null, regionPrefix, agencyId: q.agencyId ?? null };
}

/** The scope as a predicate over an agency alias `a` and a rollup alias's agency column. */
export function scopeWhere(s: TStatsScope, agencyColumn: string): RawBuilder<boolean> {
  return s.agencyId
    ? sql<boolean>`${sql.ref(agencyColumn)} = ${s.agencyId}`
    : sql<boolean>`a.region_code LIKE ${s.regionPrefix + '%'}`;
}
