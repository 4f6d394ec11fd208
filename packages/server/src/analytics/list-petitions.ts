/** 信访列表 and 信访趋势: the petitions the caller may see (core `petitionScope`). */
import { evaluateSurge, lastCompletePeriod, periodBounds, periodOf, PETITION_SUBJECTS, type TPetitionSubject } from '@xietong/core/analytics';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { petitionRows, petitionScopeWhere, petitionView } from './petition-view';
import { loadSurgeSettings } from './surge-settings';

export async function listPetitions(db: TDb, ctx: TAuthedContext, q: { page: number; pageSize: number; status?: string; chargeCode?: string; subject?: string }) {
  let base = petitionRows(db).where(petitionScopeWhere(ctx.actor));
  if (q.status) base = base.where('p.status', '=', q.status);
  if (q.chargeCode) base = base.where('p.charge_code', '=', q.chargeCode);
  if (q.subject) base = base.where('p.subject', '=', q.subject);
  const [rows, total] = await Promise.all([
    base.orderBy('p.received_on', 'desc').orderBy('p.created_at', 'desc').orderBy('p.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    db.selectFrom(base.clearSelect().select('p.id').limit(1000).as('x')).select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(petitionView), total: Number(total.n) };
}

export async function petitionTrends(db: TDb, ctx: TAuthedContext, q: { periods: number }, now = new Date()) {
  const p = await loadSurgeSettings(db, 'petitions');
  const last = lastCompletePeriod(civilDateInShanghai(now.getTime()), p.periodDays);
  const first = last - q.periods + 1;
  const rows = await db.selectFrom('petitions as p').innerJoin('agencies as ha', 'ha.id', 'p.handling_agency_id')
    .select(['p.charge_code', 'p.subject', sql<string>`p.received_on::text`.as('day'), sql<string>`count(*)`.as('n')])
    .where(petitionScopeWhere(ctx.actor))
    .where(sql<boolean>`p.received_on BETWEEN ${periodBounds(first, p.periodDays).from}::date AND ${periodBounds(last, p.periodDays).to}::date`)
    .groupBy(['p.charge_code', 'p.subject', sql`3`]).execute();
  const zero = () => Array.from({ length: q.periods }, () => 0);
  const byCharge = new Map<string, number[]>(), bySubject = new Map<string, number[]>();
  for (const r of rows) {
    const i = periodOf(r.day, p.periodDays) - first;
    if (r.charge_code) (byCharge.get(r.charge_code) ?? byCharge.set(r.charge_code, zero()).get(r.charge_code)!)[i]! += Number(r.n);
    (bySubject.get(r.subject) ?? bySubject.set(r.subject, zero()).get(r.subject)!)[i]! += Number(r.n);
  }
  return {
    periodDays: p.periodDays,
    periods: Array.from({ length: q.periods }, (_, i) => periodBounds(first + i, p.periodDays)),
    byCharge: [...byCharge].map(([code, counts]) => ({
      chargeCode: code, chargeName: getCharge(code as TChargeCode)?.zh ?? code, counts,
      // the same chart as the sweep: signalling in one of the last periods
      rising: evaluateSurge(counts, p).slice(-p.lookbackPeriods).some((x) => x.signal),
    })).sort((a, b) => b.counts.reduce((x, y) => x + y, 0) - a.counts.reduce((x, y) => x + y, 0)),
    bySubject: [...bySubject].map(([subject, counts]) => ({ subject: subject as TPetitionSubject, name: PETITION_SUBJECTS[subject as TPetitionSubject]?.zh ?? subject, counts })),
  };
}
