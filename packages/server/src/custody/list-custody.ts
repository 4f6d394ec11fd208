/**
 * 在押人员: the persons held (拘留, 逮捕) in the caller's reach, soonest custody deadline first,
 * with the 看守所 holding them, the agency handling the case at its stage and its handler.
 * A 看守所 sees the persons it holds (whether or not it is a party to their case); a case agency
 * sees the detainees of the cases in its reach (the gate's scope); anyone else sees nothing.
 */
import { caseScope } from '@xietong/core';
import { custodyTransferStatus } from '@xietong/core/custody';
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
import { interrogationView, selectInterrogations } from './interrogation-view';

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
  const personIds = [...new Set(rows.map((r) => r.person_id))];
  const [parties, acts, history, transfers, bookings] = caseIds.length === 0 ? [[], [], [], [], []] : await Promise.all([
    db.selectFrom('case_parties as cp').innerJoin('agencies as a', 'a.id', 'cp.agency_id')
      .select(['cp.case_id', 'a.id', 'a.name', 'a.type', 'cp.joined_at']).where('cp.case_id', 'in', caseIds).orderBy('cp.joined_at', 'desc').execute(),
    db.selectFrom('process_events as e').leftJoin('agencies as a', 'a.id', 'e.actor_agency_id')
      .select(['e.case_id', 'e.actor_agency_id', 'e.actor_user_id', 'e.actor_name', 'e.actor_side', 'e.id', 'a.name as agency_name', 'a.type as agency_type'])
      .where('e.case_id', 'in', caseIds).orderBy('e.id', 'desc').execute(),
    // 电子换押 (P16): each person's custody stages and the 换押 of their cases
    db.selectFrom('person_custody_timers').select(['person_id', 'kind', 'created_at']).where('person_id', 'in', personIds).orderBy('created_at').orderBy('ended_at', (ob) => ob.asc().nullsLast()).execute(),
    db.selectFrom('process_instances').select(['id', 'case_id', 'state', 'data', 'created_at'])
      .where('case_id', 'in', caseIds).where('code', '=', 'custody_transfer').orderBy('created_at').execute(),
    // 提讯 booked from today on, as both sides see them
    selectInterrogations(db).where('b.person_id', 'in', personIds).where('b.status', 'in', ['requested', 'confirmed'])
      .where('b.ends_at', '>=', sql<Date>`date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`).orderBy('b.starts_at').execute(),
  ]);
  const transferOf = (caseId: string, personId: string, onePerson: boolean) => {
    // a 换押 naming no person concerns the one person of the case
    const mine = transfers.filter((t) => t.case_id === caseId && ((t.data as Record<string, unknown>).personId ? (t.data as Record<string, unknown>).personId === personId : onePerson));
    const status = custodyTransferStatus(
      history.filter((h) => h.person_id === personId).map((h) => ({ kind: h.kind, createdAt: new Date(h.created_at) })),
      mine.map((t) => ({ transferKind: String((t.data as Record<string, unknown>).transferKind ?? '') || null, state: t.state, createdAt: new Date(t.created_at) })),
    );
    return { status, instanceId: mine.at(-1)?.id ?? null };
  };
  const personsPerCase = caseIds.length === 0 ? [] : await db.selectFrom('case_persons').select(['case_id']).select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', 'in', caseIds).groupBy('case_id').execute();
  const onePerson = new Set(personsPerCase.filter((c) => Number(c.n) === 1).map((c) => c.case_id));
  const today = todayInShanghai();
  const items = rows.map((r): TItem => {
    // the agency of the stage's type that last acted on the case as a party of the flow, not as the
    // superior deciding one step of it (a 上一级检察院 approving a CPL 156 extension does not take the
    // 审查起诉 over: found in review); else the last of that type to join the case
    const handling = acts.find((e) => e.case_id === r.case_id && e.agency_type === handlingType(r.stage) && e.actor_side !== 'superior' && e.actor_agency_id);
    const responsible = handling ? { id: handling.actor_agency_id!, name: handling.agency_name ?? '' }
      : parties.find((p) => p.case_id === r.case_id && p.type === handlingType(r.stage)) ?? null;
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
      custodyTransfer: transferOf(r.case_id, r.person_id, onePerson.has(r.case_id)),
      interrogations: bookings.filter((b) => b.person_id === r.person_id).map(interrogationView),
    };
  });
  await writeAudit(db, ctx, { action: 'custody.listed', details: { count: items.length } });
  return { items, total: items.length };
}
