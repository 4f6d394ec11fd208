/**
 * What a process transition does to the shared case card: the stage it is in, and the
 * receiving agency's own number on acceptance (受案号 / 案号), generated, never re-typed.
 */
import { agencyByIdOrThrow } from '../agencies/agency-cache';
import { sql, type RawBuilder } from 'kysely';
import type { TTx } from '../db/database';
import type { WriteBatch } from '../db/write-batch';
import { allocateInSql, allocatePlanned, courtNumberPlan, procuratorateNumberPlan } from '../cases/numbers';

/** (process, state reached) → case stage (core/cases AGENCY_STAGES). */
const STAGE_ON: Record<string, Record<string, string>> = {
  arrest: { SENT: 'procuratorate.arrest_review', APPROVED: 'police.investigating', REJECTED: 'police.investigating' },
  prosecution_transfer: {
    SENT: 'procuratorate.prosecution_review', SUPPLEMENTARY_INVESTIGATION: 'police.supplementary_investigation',
    RESUBMITTED: 'procuratorate.prosecution_review',
  },
  // a remanded case is back at first instance once the court receives it (CPL 239)
  public_prosecution: { SENT: 'court.first_instance', ACCEPTED: 'court.first_instance', APPEALED: 'court.second_instance', PROTESTED: 'court.second_instance' },
  second_instance: { REMANDED: 'court.first_instance' },
  judgment_execution: { DOCS_SENT: 'execution.executing' },
};

/** (process, action) → the number the acting agency assigns. */
const NUMBER_ON: Record<string, Record<string, 'bmsah-arrest' | 'bmsah-prosecution' | 'court-first' | 'court-second'>> = {
  arrest: { accept: 'bmsah-arrest' },
  prosecution_transfer: { accept: 'bmsah-prosecution' },
  public_prosecution: { accept: 'court-first' },
  second_instance: { accept: 'court-second' },
};

/** The case's stage once `process` reaches `to`, when that moves it. */
export function stageAfter(process: string, to: string): string | undefined {
  return STAGE_ON[process]?.[to];
}

export async function applyCaseEffects(
  tx: TTx, o: { caseId: string; process: string; action: string; to: string; actingAgencyId: string; now: Date; batch?: WriteBatch },
): Promise<void> {
  const stage = STAGE_ON[o.process]?.[o.to];
  const numberKind = NUMBER_ON[o.process]?.[o.action];
  const patch: { stage?: string; procuratorate_number?: string | RawBuilder<string>; court_number?: string | RawBuilder<string> } = {};
  if (stage) patch.stage = stage;
  let extra: string | RawBuilder<string> = '';
  if (numberKind) {
    const agency = await agencyByIdOrThrow(tx, o.actingAgencyId);
    const court = numberKind === 'court-first' || numberKind === 'court-second';
    const plan = court ? courtNumberPlan(agency, numberKind === 'court-first' ? '刑初' : '刑终', o.now) : procuratorateNumberPlan(agency, numberKind === 'bmsah-arrest' ? '刑捕受' : '刑诉受', o.now);
    // in the transition's one statement, the number is allocated last, just before COMMIT: the
    // agency's counter row (every acceptance of the year queues on it) is held the shortest time
    const inSql = o.batch ? allocateInSql(plan, 'case_number') : null;
    if (inSql) o.batch!.add(inSql.bump, { name: 'case_number' });
    const number = inSql ? inSql.number : await allocatePlanned(tx, plan);
    patch[court ? 'court_number' : 'procuratorate_number'] = number;
    extra = number;
  }
  const update = tx.updateTable('cases')
    .set((eb) => ({
      ...patch,
      // the new number joins the search text in the same statement (no read-then-write)
      ...(extra ? { search_text: sql<string>`search_text || ' ' || ${extra}` } : {}),
      updated_at: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', o.caseId);
  // in the transition's one statement of writes (db/write-batch.ts), or now
  if (o.batch) o.batch.add(sql`${update}`);
  else await update.execute();
}
