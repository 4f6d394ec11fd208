/** The agency handling a case now: the party of the type that owns the case's stage (core `handlingAgencyType`). */
import type { TAgencyStage } from '@xietong/core/cases';
import { handlingAgencyType } from '@xietong/core/defence';
import type { TDb, TTx } from '../db/database';

export async function handlingAgencyOf(db: TDb | TTx, caseId: string, stage: TAgencyStage): Promise<string | null> {
  const type = handlingAgencyType(stage);
  if (!type) return null;
  const row = await db.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id')
    .select('a.id').where('cp.case_id', '=', caseId).where('a.type', '=', type).orderBy('cp.joined_at', 'desc').executeTakeFirst();
  return row?.id ?? null;
}
