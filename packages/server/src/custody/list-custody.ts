/**
 * 在押人员: the persons held (拘留, 逮捕) in the caller's reach, soonest custody deadline first,
 * with the 看守所 holding them, the agency handling the case at its stage and its handler.
 * A 看守所 sees the persons it holds (whether or not it is a party to their case); a case agency
 * sees the detainees of the cases in its reach (the gate's scope); anyone else sees nothing.
 */
import { caseScope } from '@xietong/core';
import type { z } from 'zod';
import type { ZCustodyItem } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { caseScopeWhere } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { todayInShanghai } from '../cases/get-case';
import { measureName } from '../cases/measures';
import { custodyDeadlineView } from './custody-view';

type TItem = z.output<typeof ZCustodyItem>;

/** The agency type handling a case at its stage (core AGENCY_STAGES codes start with it). */
export function handlingType(stage: string): string {
  const head = stage.split('.')[0] ?? '';
  return head === 'execution' ? 'court' : head;
}

export async function listCustody(db: TDb, ctx: TAuthedContext): Promise<{ items: TItem[]; total: number }> {
  const actor = ctx.actor;
  const rows = await db.selectFrom('person_measures as m')
    .innerJoin('case_persons as p', 'p.id', 'm.person_id')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .leftJoin('person_custody_timers as t', (j) => j.onRef('t.person_id', '=', 'm.person_id').on('t.status', '=', 'running'))
    .leftJoin('agencies as dc', 'dc.id', 'm.detention_centre_id')
    .select([
      'm.person_id', 'p.name as person_name', 'm.case_id', 'c.title', 'c.police_number', 'c.procuratorate_number', 'c.court_number', 'c.stage',
      'm.measure', 'm.started_at', 'm.detention_centre_id', 'dc.name as centre_name',
      't.kind', 't.zh', 't.article', 't.in_custody', 't.started_on', 't.due', 't.due_instant', 't.extensions', 't.explanation',
    ])
    .where('m.ended_at', 'is', null)
    .where('m.measure', 'in', ['detention', 'arrest'])
    .where((eb) => eb.or([eb('m.detention_centre_id', '=', actor.agencyId), caseScopeWhere(caseScope(actor))(eb as never)]))
    .orderBy(sql`t.due asc nulls last`).orderBy('p.name')
    .limit(500)
    .execute();

  // the agency handling each case now, and the last of its people who acted on the case
  const caseIds = [...new Set(rows.map((r) => r.case_id))];
  const [parties, acts] = caseIds.length === 0 ? [[], []] : await Promise.all([
    db.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id')
      .select(['cp.case_id', 'a.id', 'a.name', 'a.type', 'cp.joined_at']).where('cp.case_id', 'in', caseIds).orderBy('cp.joined_at', 'desc').execute(),
    db.selectFrom('process_events').select(['case_id', 'actor_agency_id', 'actor_user_id', 'actor_name', 'id'])
      .where('case_id', 'in', caseIds).orderBy('id', 'desc').execute(),
  ]);
  const today = todayInShanghai();
  const items = rows.map((r): TItem => {
    const responsible = parties.find((p) => p.case_id === r.case_id && p.type === handlingType(r.stage)) ?? null;
    // the platform's own events (生效 by the sweep) have no actor: they name no handler
    const last = responsible ? acts.find((e) => e.case_id === r.case_id && e.actor_agency_id === responsible.id && e.actor_user_id !== null) : undefined;
    const number = r.stage.startsWith('court') ? r.court_number : r.stage.startsWith('procuratorate') ? r.procuratorate_number : r.police_number;
    return {
      personId: r.person_id, personName: r.person_name, caseId: r.case_id, caseTitle: r.title, caseNumber: number ?? r.police_number,
      measure: r.measure, measureName: measureName(r.measure), since: new Date(r.started_at).toISOString(),
      detentionCentre: r.detention_centre_id ? { id: r.detention_centre_id, name: r.centre_name ?? '' } : null,
      responsibleAgency: responsible ? { id: responsible.id, name: responsible.name } : null,
      handler: last?.actor_user_id ? { id: last.actor_user_id, name: last.actor_name } : null,
      deadline: r.kind && r.due && r.due_instant && r.started_on
        ? custodyDeadlineView({
          kind: r.kind, zh: r.zh ?? '', article: r.article ?? '', in_custody: r.in_custody ?? true, started_on: r.started_on, due: r.due,
          due_instant: r.due_instant, extensions: r.extensions, explanation: r.explanation,
        }, today)
        : null,
    };
  });
  await writeAudit(db, ctx, { action: 'custody.listed', details: { count: items.length } });
  return { items, total: items.length };
}
