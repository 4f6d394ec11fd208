import type { z } from 'zod';
import type { ZCaseDetail } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { assertCaseReadable } from '../access/gate';
import type { TAuthedContext } from '../http/route';

export async function getCaseDetail(db: TDb, id: string): Promise<z.output<typeof ZCaseDetail>> {
  const c = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const parties = await db.selectFrom('case_parties as p').innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .select(['p.agency_id', 'a.name', 'a.type', 'p.joined_at']).where('p.case_id', '=', id).orderBy('p.joined_at').execute();
  return {
    id: c.id, title: c.title, summary: c.summary, regionCode: c.region_code, createdByAgencyId: c.created_by_agency,
    createdAt: c.created_at.toISOString(), updatedAt: c.updated_at.toISOString(), version: c.version,
    parties: parties.map((p) => ({ agencyId: p.agency_id, agencyName: p.name, agencyType: p.type, joinedAt: p.joined_at.toISOString() })),
  };
}

/** Read a case through the gate; the read itself is audited (全程留痕). */
export async function readCase(db: TDb, ctx: TAuthedContext, id: string): Promise<z.output<typeof ZCaseDetail>> {
  await assertCaseReadable(db, ctx, id);
  const detail = await getCaseDetail(db, id);
  await writeAudit(db, ctx, { action: 'case.read', targetType: 'case', targetId: id, caseId: id });
  return detail;
}
