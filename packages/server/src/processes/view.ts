/**
 * The HTTP view of process instances and events (what the workbench renders), built with
 * batched queries.
 */
import type { TActor } from '@xietong/core';
import type { z } from 'zod';
import type { ZProcessEventView, ZProcessInstance, ZTimer } from '@xietong/core/api';
import { deadlineStatus, type TCivilDate } from '@xietong/core/deadlines';
import { DOCUMENT_TYPES, formatRef, getProcess, listAvailableActions, type TProcessInstance } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { prepared, type TDb, type TTx } from '../db/database';
import type { ProcessTimersTable } from '../db/schema';
import { todayInShanghai } from '../cases/get-case';
import { actingAs, sidesOf } from './participants';
import { loadPlatformFacts } from './facts';
import { waitingFor } from './waiting-for';
import { sendStageOf } from './evidence-gate';

type TEventView = z.output<typeof ZProcessEventView>;
type TInstanceView = z.output<typeof ZProcessInstance>;

export function docName(code: string): string {
  return (DOCUMENT_TYPES as Record<string, { zh: string }>)[code]?.zh ?? code;
}

type TEventRow = {
  id: string; instance_id: string; case_id: string; process: string; action: string; from_state: string; to_state: string; at: Date;
  actor_user_id: string | null; actor_name: string; actor_agency_id: string; actor_agency_name: string; actor_role: string;
  input: unknown; documents: unknown; timers_started: unknown; timers_stopped: unknown; articles: unknown;
};
type TDocRow = { event_id: string; doc_type: string; number: string | null; legacy_number: string | null; document_id: string | null; case_id: string; issued_at: Date };

export async function loadEvents(db: TDb | TTx, where: { caseId?: string; instanceIds?: string[] }): Promise<TEventView[]> {
  let q = db.selectFrom('process_events').selectAll();
  if (where.caseId) q = q.where('case_id', '=', where.caseId);
  if (where.instanceIds) {
    if (where.instanceIds.length === 0) return [];
    q = q.where('instance_id', 'in', where.instanceIds);
  }
  const rows = await q.orderBy('id').execute();
  const caseIds = [...new Set(rows.map((r) => r.case_id))];
  // every document issued in these cases: the event's own, and the earlier ones a step refers to
  const docs = rows.length
    ? await db.selectFrom('process_documents').select(['event_id', 'doc_type', 'number', 'legacy_number', 'document_id', 'case_id', 'issued_at'])
      .where('case_id', 'in', caseIds).orderBy('issued_at').orderBy('id').execute()
    : [];
  return eventViews(rows, docs);
}

/** Events (in id order) with the documents of their cases (in issue order) as the workbench shows them. */
function eventViews(rows: readonly TEventRow[], docs: readonly TDocRow[]): TEventView[] {
  const referred = (caseId: string, type: string, at: Date) => {
    const want = type === 'indictment_copy' ? 'indictment' : type;
    return docs.filter((d) => d.case_id === caseId && d.doc_type === want && d.issued_at <= at).at(-1);
  };
  return rows.map((r) => {
    const def = getProcess(r.process);
    const t = def?.transitions.find((x) => x.action === r.action);
    const evDocs = docs.filter((d) => d.event_id === r.id);
    const listed = (r.documents as string[]).filter((d) => !evDocs.some((x) => x.doc_type === d));
    return {
      id: r.id, instanceId: r.instance_id, process: r.process, processName: def?.name.zh ?? r.process,
      action: r.action, actionLabel: r.action === 'start' ? '发起流程' : (t?.label.zh ?? r.action),
      from: r.from_state, fromName: def?.states[r.from_state]?.zh ?? r.from_state,
      to: r.to_state, toName: def?.states[r.to_state]?.zh ?? r.to_state,
      at: r.at.toISOString(),
      actor: { userId: r.actor_user_id, name: r.actor_name, agencyId: r.actor_agency_id, agencyName: r.actor_agency_name, role: r.actor_role },
      input: r.input as Record<string, unknown>,
      documents: [
        ...evDocs.map((d) => ({ type: d.doc_type, name: docName(d.doc_type), number: d.number ?? d.legacy_number, documentId: d.document_id, issued: true })),
        ...listed.map((d) => {
          const ref = referred(r.case_id, d, r.at);
          return { type: d, name: docName(d), number: ref ? (ref.number ?? ref.legacy_number) : null, documentId: ref?.document_id ?? null, issued: false };
        }),
      ],
      timersStarted: r.timers_started as { zh: string; due: string }[],
      timersStopped: r.timers_stopped as string[],
      articles: r.articles as string[],
    };
  });
}

/** A timestamptz inside json as pg would hand it to JS: milliseconds, the rest cut off. */
const JSON_MS = (col: string) => sql.raw(`floor(extract(epoch FROM ${col}) * 1000)::bigint`);

export async function loadInstanceViews(db: TDb | TTx, ids: string[], actor: TActor | null): Promise<TInstanceView[]> {
  if (ids.length === 0) return [];
  // issue 13: the rows, their participants' names, timers, events and the case's documents in
  // one statement; the platform facts (facts.ts) in a second
  type TJsonEvent = Omit<TEventRow, 'at'> & { at: number };
  type TJsonDoc = Omit<TDocRow, 'issued_at'> & { id: string; issued_at: number };
  const rows = await db.selectFrom('process_instances as i').innerJoin('cases as c', 'c.id', 'i.case_id')
      // a fixed text for one instance (a transition's answer, GET /process-instances/:id): prepared once per connection
      .$if(ids.length === 1, (q) => q.modifyFront(prepared))
      .selectAll('i').select('c.title as case_title')
      .select(sql<{ id: string; name: string; type: string }[]>`(SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'type', a.type))
        FROM agencies a WHERE a.id IN (i.initiator_agency_id, i.receiver_agency_id, i.superior_agency_id))`.as('agencies'))
      .select(sql<Selectable<ProcessTimersTable>[]>`(SELECT coalesce(json_agg(to_jsonb(t) ORDER BY t.created_at), '[]'::json) FROM process_timers t WHERE t.instance_id = i.id)`.as('timers'))
      .select(sql<TJsonEvent[]>`(SELECT coalesce(json_agg(to_jsonb(e) || jsonb_build_object('id', e.id::text, 'at', ${JSON_MS('e.at')}) ORDER BY e.id), '[]'::json)
        FROM process_events e WHERE e.instance_id = i.id)`.as('events'))
      .select(sql<TJsonDoc[]>`(SELECT coalesce(json_agg(json_build_object('id', d.id, 'event_id', d.event_id::text, 'doc_type', d.doc_type, 'number', d.number,
          'legacy_number', d.legacy_number, 'document_id', d.document_id, 'case_id', d.case_id, 'issued_at', ${JSON_MS('d.issued_at')}) ORDER BY d.issued_at, d.id), '[]'::json)
        FROM process_documents d WHERE d.case_id = i.case_id)`.as('docs'))
      .where('i.id', 'in', ids).execute();
  const facts = await loadPlatformFacts(db, rows.map((r) => ({ id: r.id, caseId: r.case_id, receiverId: r.receiver_agency_id })), actor?.userId);
  const agencies = [...new Map(rows.flatMap((r) => r.agencies ?? []).map((a) => [a.id, a])).values()];
  const timers = rows.flatMap((r) => r.timers);
  const docs = [...new Map(rows.flatMap((r) => r.docs).map((d) => [d.id, { ...d, issued_at: new Date(Number(d.issued_at)) }])).values()]
    .sort((x, y) => x.issued_at.getTime() - y.issued_at.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const events = eventViews(rows.flatMap((r) => r.events.map((e) => ({ ...e, at: new Date(Number(e.at)) }))).sort((x, y) => Number(BigInt(x.id) - BigInt(y.id))), docs);
  const name = (id: string) => agencies.find((a) => a.id === id)?.name ?? '';
  const agencyMap = new Map(agencies.map((a) => [a.id, { name: a.name, type: a.type }]));
  const today = todayInShanghai();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((r) => {
    const def = getProcess(r.code)!;
    const p = { initiator: r.initiator_agency_id, receiver: r.receiver_agency_id, superior: r.superior_agency_id };
    const inst: TProcessInstance = { code: r.code, state: r.state, version: r.version, counters: r.counters as Record<string, number>, data: r.data as Record<string, unknown> };
    const mySides = actor ? sidesOf(actor.agencyId, p) : [];
    const actions = actor
      ? def.transitions
          .filter((t) => t.from.includes(r.state) && (!r.terminal || (t.reopensTerminal && def.states[r.state]?.terminal)) && actingAs(t, actor, p))
          .map((t) => {
            const as = actingAs(t, actor, p)!;
            return listAvailableActions(def, inst, { agencyType: actor.agencyType, role: as.role, side: as.side }, facts.get(r.id)).find((a) => a.action === t.action);
          })
          .filter((a): a is NonNullable<typeof a> => !!a)
      : [];
    return {
      id: r.id, caseId: r.case_id, caseTitle: r.case_title, code: r.code, name: def.name.zh, state: r.state,
      stateName: def.states[r.state]?.zh ?? r.state, terminal: r.terminal, version: r.version,
      counters: inst.counters as Record<string, number>, data: inst.data as Record<string, unknown>,
      initiator: { agencyId: r.initiator_agency_id, agencyName: name(r.initiator_agency_id) },
      receiver: { agencyId: r.receiver_agency_id, agencyName: name(r.receiver_agency_id) },
      superior: r.superior_agency_id ? { agencyId: r.superior_agency_id, agencyName: name(r.superior_agency_id) } : null,
      mySide: mySides[0] ?? null,
      availableActions: actions.map((a) => ({
        action: a.action, to: a.to, label: { zh: a.label.zh, en: a.label.en },
        input: a.input.map((f) => ({ name: f.name, type: f.type, required: f.required, zh: f.zh, en: f.en,
          ...(f.values ? { values: Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, { zh: v.zh, en: v.en }])) } : {}),
          ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}) })),
        documents: { required: [...a.documents.required], produces: [...a.documents.produces], optional: [...a.documents.optional] },
        articles: a.articles.map(formatRef),
        ...(a.blocked ? { blocked: { code: a.blocked.code, zh: a.blocked.zh, en: a.blocked.en } } : {}),
        warnings: a.warnings.map((w) => ({ code: w.code, zh: w.zh, en: w.en, articles: w.articles.map(formatRef) })),
        ...(sendStageOf(r.code, a.action) ? { evidenceStage: sendStageOf(r.code, a.action) } : {}),
      })),
      waitingFor: waitingFor(def, r.state, p, agencyMap),
      timers: timers.filter((t) => t.instance_id === r.id).map((t): z.output<typeof ZTimer> => ({
        id: t.id, timerId: t.timer_id, zh: t.zh, en: t.en, startedOn: t.started_on, due: t.due,
        dueInstant: new Date(t.due_instant).toISOString(), inCustody: t.in_custody,
        status: t.status as 'running' | 'stopped' | 'restarted' | 'paused', pausedOn: t.paused_on ? String(t.paused_on) : null,
        deadlineStatus: deadlineStatus({ due: t.due as TCivilDate, today, warnDays: t.warn_days }),
        articles: t.articles as string[], explanation: t.explanation as z.output<typeof ZTimer>['explanation'],
      })),
      events: events.filter((e) => e.instanceId === r.id),
      createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    };
  });
}
