/**
 * 线上线下对账 (single-track.md §3.3): for the caller's agency, the paper flows not yet
 * backfilled (overdue first) and the cases keyed twice among the cases it is party to — the same
 * person (身份证号) with the same charge, or the same agency case number (受案号/案号) — which is
 * what happens when a receiving agency keyed a paper file by hand and the online file arrives too.
 */
import type { z } from 'zod';
import type { ZDuplicateCases } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { flowQuery, flowView, ofAgency, type TFlowView } from './flow-view';

type TDuplicate = z.output<typeof ZDuplicateCases>;

export async function singleTrackReconciliation(db: TDb, ctx: TAuthedContext): Promise<{ notBackfilled: TFlowView[]; duplicates: TDuplicate[] }> {
  const agencyId = ctx.actor.agencyId;
  const now = new Date();
  const open = await flowQuery(db).where(ofAgency(agencyId)).where('f.backfilled_at', 'is', null).orderBy('f.backfill_due').limit(500).execute();
  const byResident = await sql<{ value: string; ids: string[] }>`
    SELECT p.resident_id || ' · ' || cc.charge_code AS value, array_agg(DISTINCT c.id) AS ids
      FROM case_parties cp
      JOIN cases c ON c.id = cp.case_id
      JOIN case_persons p ON p.case_id = c.id AND p.resident_id IS NOT NULL AND p.resident_id <> ''
      JOIN case_charges cc ON cc.case_id = c.id
     WHERE cp.agency_id = ${agencyId}
     GROUP BY p.resident_id, cc.charge_code
    HAVING count(DISTINCT c.id) > 1
     LIMIT 200`.execute(db);
  const byNumber = await sql<{ value: string; ids: string[] }>`
    SELECT n.number AS value, array_agg(DISTINCT c.id) AS ids
      FROM case_parties cp
      JOIN cases c ON c.id = cp.case_id
      CROSS JOIN LATERAL (VALUES (c.police_number), (c.procuratorate_number), (c.court_number)) AS n(number)
     WHERE cp.agency_id = ${agencyId} AND n.number IS NOT NULL AND n.number <> ''
     GROUP BY n.number
    HAVING count(DISTINCT c.id) > 1
     LIMIT 200`.execute(db);
  const ids = [...new Set([...byResident.rows, ...byNumber.rows].flatMap((r) => r.ids))];
  const cases = ids.length ? await db.selectFrom('cases').select(['id', 'title', 'created_at']).where('id', 'in', ids).execute() : [];
  const agency = await db.selectFrom('agencies').select(['id', 'name']).where('id', '=', agencyId).executeTakeFirstOrThrow();
  const group = (key: TDuplicate['key'], r: { value: string; ids: string[] }): TDuplicate => ({
    key, value: r.value, agency,
    cases: cases.filter((c) => r.ids.includes(c.id)).sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
      .map((c) => ({ id: c.id, title: c.title, createdAt: c.created_at.toISOString() })),
  });
  await writeAudit(db, ctx, { action: 'single_track.reconciled', details: { open: open.length, duplicates: byResident.rows.length + byNumber.rows.length } });
  return {
    notBackfilled: open.map((r) => flowView(r, now)),
    duplicates: [...byResident.rows.map((r) => group('resident_charge', r)), ...byNumber.rows.map((r) => group('number', r))],
  };
}

export async function listSingleTrackFlows(db: TDb, ctx: TAuthedContext, status: 'open' | 'backfilled' | 'all'): Promise<{ items: TFlowView[] }> {
  let q = flowQuery(db).where(ofAgency(ctx.actor.agencyId));
  if (status === 'open') q = q.where('f.backfilled_at', 'is', null);
  if (status === 'backfilled') q = q.where('f.backfilled_at', 'is not', null);
  const rows = await q.orderBy('f.registered_at', 'desc').limit(500).execute();
  const now = new Date();
  return { items: rows.map((r) => flowView(r, now)) };
}
