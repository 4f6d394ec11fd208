/**
 * The cases behind a figure of the whole-chain statistics: the cases that reached the milestone
 * in the period, region and agency — only those the caller may read (the gate's case scope), so a
 * supervisor sees every case of the figure and an agency the cases it is party to.
 */
import { caseScope } from '@xietong/core';
import type { TMilestone } from '@xietong/core/analytics';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { caseScopeWhere } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { resolveStatsScope, scopeWhere } from './stats-scope';

const CAP = 1000;

export async function listChainCases(db: TDb, ctx: TAuthedContext, q: {
  from?: string; to?: string; region?: string; agencyId?: string; milestone: TMilestone; figureAgencyId?: string; singleTrack?: 'true'; page: number; pageSize: number;
}) {
  const s = await resolveStatsScope(db, ctx.actor, q);
  let base = db.selectFrom('case_milestones as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .innerJoin('agencies as a', 'a.id', 'm.agency_id')
    .where('m.milestone', '=', q.milestone)
    .where(sql<boolean>`m.day >= ${s.from}::date AND m.day <= ${s.to}::date`)
    .where(scopeWhere(s, 'm.agency_id'))
    .where(caseScopeWhere(caseScope(ctx.actor)));
  if (q.figureAgencyId) base = base.where('m.agency_id', '=', q.figureAgencyId);
  if (q.singleTrack === 'true') base = base.where('m.single_track', '=', true);
  const [rows, counted] = await Promise.all([
    base.select(['m.case_id', 'c.title', 'c.police_number', 'c.procuratorate_number', 'c.court_number', 'm.at', 'a.name', 'm.single_track'])
      .orderBy('m.at', 'desc').orderBy('m.case_id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    db.selectFrom(base.select('m.case_id').limit(CAP + 1).as('x')).select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await writeAudit(db, ctx, { action: 'case.listed', details: { source: 'stats.chain', milestone: q.milestone, from: s.from, to: s.to, region: s.region, agencyId: s.agencyId, figureAgencyId: q.figureAgencyId ?? null } });
  const n = Number(counted.n);
  return {
    items: rows.map((r) => ({
      caseId: r.case_id, title: r.title, number: r.court_number ?? r.procuratorate_number ?? r.police_number,
      at: new Date(r.at).toISOString(), agencyName: r.name, singleTrack: r.single_track,
    })),
    total: Math.min(n, CAP), totalCapped: n > CAP,
  };
}
