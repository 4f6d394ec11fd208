/**
 * Act on a process instance (流程操作): gate → lock the instance → the engine decides →
 * one transaction writes the event, timers, documents, inbox, case card and audit row.
 * A stale version or a lost race answers 409; an Idempotency-Key replays the first answer.
 */
import { caseScope, ERRORS, scopeAllows, type TErrorCode } from '@xietong/core';
import type { z } from 'zod';
import type { ZActionRequest, ZProcessInstance } from '@xietong/core/api';
import { applyAction, followUpProcess, formatRef, getProcess, type TProcessInstance } from '@xietong/core/processes';
import { mayHaveCustodyEffects } from '@xietong/core/custody';
import { prepared, type TDb, type TTx } from '../db/database';
import { sql, type Selectable } from 'kysely';
import type { ProcessInstancesTable } from '../db/schema';
import { WriteBatch } from '../db/write-batch';
import { assertCaseReadable, CASE_FACTS_SQL, caseFactsOf } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import { isAnsweredLater, keyWithoutAnswer, replayOrRefuse, type TIdempotency } from '../http/idempotency';
import type { TAuthedContext } from '../http/route';
import { actingAs, resolveSuperiorAgency, sidesOf } from './participants';
import { recordTransition } from './record-transition';
import { docName, loadInstanceViews } from './view';
import { checkSendEvidence, sendStageOf } from './evidence-gate';
import type { TIssueDeps } from '../documents/issue-legal-document';
import { renderInBackground } from '../documents/render-issued-documents';
import { loadFactsAndIssued } from './facts';
import { startFollowUp } from './start-follow-up';
import { voidFollowUps } from './void-follow-ups';

type TRequest = z.output<typeof ZActionRequest>;

const PROBLEM_ZH = { required: '必填', type: '类型不符', enum: '取值无效', range: '超出范围', format: '格式不符', unknown: '不允许的字段' } as const;

/** Name the field or document that is missing, in Chinese (a user must know what to fix). */
function describeRefusal(def: NonNullable<ReturnType<typeof getProcess>>, action: string, r: { code: string; messageZh: string; details: Record<string, unknown> }): string {
  const base = r.messageZh || ERRORS[r.code as TErrorCode].zh;
  if (r.code !== 'PROCESS_INPUT_INVALID') return base;
  const t = def.transitions.find((x) => x.action === action);
  const errors = (r.details.errors as { field: string; problem: keyof typeof PROBLEM_ZH }[] | undefined) ?? [];
  const fields = errors.map((e) => `${t?.input?.find((f) => f.name === e.field)?.zh ?? e.field}(input.${e.field})${PROBLEM_ZH[e.problem] ?? e.problem}`);
  const docs = ((r.details.missingDocuments as string[] | undefined) ?? []).map((d) => `缺少文书「${docName(d)}」`);
  return [base, [...fields, ...docs].join('；')].filter(Boolean).join('：');
}
type TView = z.output<typeof ZProcessInstance>;

type TLockedRow = Selectable<ProcessInstancesTable> & { parties: { a: string; r: string }[]; lawyers: string[]; event_id: string; audit_id: string; locked_at: Date };

/**
 * 补录 of a flow that happened on paper (single-track/backfill-single-track-flow.ts): the step is
 * replayed at its real legal time (clocks run from it) and its event flagged; `then` writes the
 * register's side in the same transaction.
 */
export type TPaperReplay = { occurredAt: Date; then: (tx: TTx, eventId: string) => Promise<void> };

/** What the step itself wrote (the view is read after COMMIT and may show a later step): its event, state and version. */
export type TRecordedStep = { eventId?: string; state?: string; version?: number };

export async function actOnProcess(
  db: TDb, ctx: TAuthedContext, instanceId: string, req: TRequest, issue: TIssueDeps, idem: TIdempotency = null, paper?: TPaperReplay, recorded?: TRecordedStep,
): Promise<TView> {
  const actor = ctx.actor;

  const outcome = await db.transaction().execute(async (tx) => {
    // One round trip: serialise actions on one instance (the second of two racing approvals
    // waits here, then finds the state changed and is refused with 409), the gate's facts, and
    // the ids of the event and audit rows, so each is written with its ledger entry in the
    // transition's one statement of writes. The case row is locked too, FIRST (every step updates it
    // in its statement of writes anyway): steps on one case take turns from here, so what the next
    // statement reads of the case (the persons' custody its effects work from, the documents issued)
    // is what the step before it committed; and a step waiting for the case holds no instance row
    // that the one holding it may still lock (void-follow-ups.ts, a timer trigger's next_due).
    // Whatever locks both takes the case first (finality-sweep.ts, custody/change-custody-period.ts).
    const { rows: [row] } = await sql<TLockedRow>`
      SELECT ${prepared} i.*, ${CASE_FACTS_SQL}, nextval('process_events_id_seq')::text AS event_id, nextval('audit_log_id_seq')::text AS audit_id,
             clock_timestamp() AS locked_at
      FROM process_instances i JOIN cases c ON c.id = i.case_id WHERE i.id = ${instanceId} FOR NO KEY UPDATE OF c FOR UPDATE OF i`.execute(tx);
    if (!row) throw new AppError('NOT_FOUND');
    // the step's time is when it got the instance (re-read after a wait): steps of one instance are in
    // time order; a paper flow's 补录 takes the real legal time instead, and keeps the entry time beside it
    const now = paper?.occurredAt ?? row.locked_at;
    const caseFacts = caseFactsOf(row);
    // outside the caller's reach: nothing written here; the gate audits the refusal on its own
    if (!scopeAllows(caseScope(actor), caseFacts)) return { refusal: null, denied: { caseId: row.case_id, caseFacts } };
    const def = getProcess(row.code);
    if (!def) throw new AppError('NOT_FOUND');
    const participants = { initiator: row.initiator_agency_id, receiver: row.receiver_agency_id, superior: row.superior_agency_id };
    // Documents: those attached now, those the step issues (the platform generates them), and
    // those already issued earlier in the case (for `required`).
    // …and, for a send gated by the 证据指引 (evidence-gate.ts), the case's evidence, and the request's
    // Idempotency-Key, in the same round trip (after the instance lock, which queues every copy of the request)
    const gated = sendStageOf(def.code, req.action) !== undefined;
    // …and, for a step that can change a person's custody (拘留, 逮捕, stage periods), what its custody effects work from
    const custody = mayHaveCustodyEffects(def, req.action);
    const loaded = await loadFactsAndIssued(tx, [{ id: instanceId, caseId: row.case_id, receiverId: participants.receiver }], actor.userId, {
      ...(gated ? { evidenceOf: row.case_id } : {}), ...(idem ? { key: { userId: idem.userId, key: idem.key } } : {}),
      ...(custody ? { custody: { caseId: row.case_id, instanceId, actingAgencyId: actor.agencyId } } : {}),
    });
    // a retried request whose first copy committed replays here, before any state check (no 409)
    replayOrRefuse(idem, loaded.priorKey);
    // voided by the platform (void-follow-ups.ts): what it would carry out never took effect
    const voided = (row.data as { voided?: { reason?: string } }).voided;
    if (voided) throw new AppError('PROCESS_STATE_CONFLICT', { message: `该流程已作废，不能再操作：${voided.reason ?? ''}`, details: { voided } });
    const instance: TProcessInstance = { code: row.code, state: row.state, version: row.version, counters: row.counters as Record<string, number>, data: row.data as Record<string, unknown> };
    const candidates = def.transitions.filter((t) => t.action === req.action);
    const t = candidates.find((c) => c.from.includes(row.state) && actingAs(c, actor, participants)) ?? candidates.find((c) => actingAs(c, actor, participants));
    const as = t ? actingAs(t, actor, participants) : null;
    const side = as?.side ?? sidesOf(actor.agencyId, participants)[0] ?? 'receiver';
    const role = as?.role ?? actor.roles[0]!;
    const facts = loaded.facts.get(instanceId);
    const issued = [...(loaded.issued.get(row.case_id) ?? [])];
    // the court's 起诉书副本 is a copy of the 起诉书 the procuratorate issued, not a new document
    if (issued.includes('indictment')) issued.push('indictment_copy');
    const produced = t?.documents?.produces ?? [];
    const documents = [...new Set([...req.documents, ...produced, ...issued])];
    const result = applyAction(def, instance, {
      action: req.action, actor: { agencyType: actor.agencyType, role, side }, input: req.input, documents, now, facts,
      ...(req.expectedVersion !== undefined ? { expectedVersion: req.expectedVersion } : {}),
    });
    if (!result.ok) return { refusal: { ...result, def, caseId: row.case_id }, denied: null };
    // 移交: the flow moves on to the agency the actor named (e.g. 看守所 → 监狱, 监狱法 15).
    const fired = def.transitions.find((x) => x.action === req.action && x.from.includes(row.state));
    if (fired?.handOver) {
      const toId = String(result.event.input[fired.handOver.inputField] ?? '');
      const to = /^[0-9a-f-]{36}$/i.test(toId) ? await tx.selectFrom('agencies').select(['id', 'type']).where('id', '=', toId).executeTakeFirst() : undefined;
      const by = fired.handOver.byInput;
      const allowed = by ? by.agencyTypes[String(result.event.input[by.field] ?? '')] ?? [] : fired.handOver.agencyTypes;
      if (to && by && !allowed.includes(to.type as never)) {
        throw new AppError('PROCESS_GUARD_FAILED', {
          message: by.zh, details: { guard: 'handover_agency_type', field: fired.handOver.inputField, agencyType: to.type, allowed, [by.field]: result.event.input[by.field] ?? null },
        });
      }
      if (!to || !fired.handOver.agencyTypes.includes(to.type as never)) {
        throw new AppError('PROCESS_INPUT_INVALID', {
          message: `「${fired.label.zh}」缺少必要信息或文书：${fired.input?.find((f) => f.name === fired.handOver!.inputField)?.zh ?? ''}(input.${fired.handOver.inputField})应为${fired.handOver.agencyTypes.join('、')}类机关`,
          details: { errors: [{ field: fired.handOver.inputField, problem: 'enum' }] },
        });
      }
      participants.receiver = to.id;
      await tx.updateTable('process_instances').set({ receiver_agency_id: to.id }).where('id', '=', instanceId).execute();
    }
    // the superior may depend on data the step just recorded (P8: tier 2–3 go to 省级检)
    if (def.superior) {
      const sup = await resolveSuperiorAgency(tx, def, { ...instance, data: result.data }, participants.receiver, participants.initiator);
      if (sup !== participants.superior) {
        participants.superior = sup;
        await tx.updateTable('process_instances').set({ superior_agency_id: sup }).where('id', '=', instanceId).execute();
      }
    }
    await checkSendEvidence(tx, db, ctx, { caseId: row.case_id, process: def.code, action: req.action, overrideReason: req.evidenceOverrideReason, preloaded: loaded.evidence });
    // the transition's writes go out as one statement (db/write-batch.ts), flushed below
    const batch = new WriteBatch().attach(tx);
    batch.add(sql`${tx.updateTable('process_instances')
      .set({ state: result.to, version: result.version, counters: JSON.stringify(result.counters), data: JSON.stringify(result.data), terminal: def.states[result.to]?.terminal === true, updated_at: now })
      .where('id', '=', instanceId).where('version', '=', row.version).returning('id')}`, { expectRows: 1 });
    // issued now: produced + chosen optional; referred to (issued before, sent along): required
    const attachedDocs = [...new Set([...produced, ...(t?.documents?.optional ?? []).filter((d) => req.documents.includes(d)), ...(t?.documents?.required ?? [])])];
    const { eventId, issued: issuedDocuments } = await recordTransition(tx, ctx, {
      def, instanceId, caseId: row.case_id, action: req.action, from: result.from, to: result.to, version: result.version,
      side, role, input: result.event.input as Record<string, unknown>, documents: attachedDocs, timers: result.timers,
      articles: result.event.articles.map(formatRef), participants, now, data: result.data,
      ids: { event: row.event_id, audit: row.audit_id }, batch, enteredAt: row.locked_at, ...(facts ? { personHeld: facts.personHeld } : {}), ...(paper ? { paper: true as const } : {}),
      ...(loaded.custody ? { custody: loaded.custody } : {}), parties: new Set(row.parties.map((x) => x.a)),
    });
    // the key commits with the change, without an answer (the view is read after COMMIT, below)
    if (idem) batch.add(keyWithoutAnswer(idem));
    const nextData = fired?.voidsProcess ? Object.fromEntries(Object.entries(result.data).filter(([k]) => k !== 'effectiveOn')) : result.data;
    const next = fired ? followUpProcess(fired, nextData) : null;
    // the statement of writes is the transaction's last (no 补录 register, no follow-up to void or
    // open): it carries the COMMIT, and the counter rows it locks are free once the server commits
    const last = !paper && !fired?.voidsProcess && !next;
    await batch.flushAndDetach(tx, { commit: last });
    if (paper) await paper.then(tx, eventId);
    // CPL 105 ¶3: what rested on the state this step undoes (交付执行 of a judgment that never took effect)
    if (fired?.voidsProcess) {
      await voidFollowUps(tx, ctx, {
        code: fired.voidsProcess, fromId: instanceId, caseId: row.case_id, byAction: req.action, byEventId: null, now,
        reasonZh: `${fired.label.zh}：判决未发生法律效力，依据该判决开启的流程作废`, articles: result.event.articles.map(formatRef),
      });
    }
    // the follow-up's initiator: the acting agency, or the one on the named side (抗诉 → the first-instance court sends the file, CPL 232)
    const opener = fired?.startsProcessBy ? (participants[fired.startsProcessBy] ?? actor.agencyId) : actor.agencyId;
    if (next) await startFollowUp(tx, { code: next, caseId: row.case_id, from: { ...instance, state: result.to, data: nextData }, fromId: instanceId, agencyId: opener, facts, now });
    if (recorded) Object.assign(recorded, { eventId, state: result.to, version: result.version });
    return { refusal: null, denied: null, issuedDocuments };
  }).catch((e: unknown) => {
    // a retry whose first copy committed (a step's key carries no answer): the instance as it is now
    if (isAnsweredLater(e)) return { refusal: null, denied: null, issuedDocuments: undefined };
    throw e;
  });

  if (outcome.denied) {
    await assertCaseReadable(db, ctx, outcome.denied.caseId, 'process.transition', outcome.denied.caseFacts);
    throw new AppError('NOT_FOUND');
  }
  const refusal = outcome.refusal;
  if (refusal) {
    await writeAudit(db, ctx, {
      action: 'process.transition', outcome: 'denied', targetType: 'process_instance', targetId: instanceId, caseId: refusal.caseId,
      details: { process: refusal.def.code, action: req.action, code: refusal.code },
    });
    throw new AppError(refusal.code as TErrorCode, { message: describeRefusal(refusal.def, req.action, refusal), details: refusal.details });
  }
  // The answer is read after COMMIT: the rows the step locked (the 文号 counter a busy agency's steps
  // all queue on) are free once the statement of writes commits, not after two more reads. It is
  // the instance as the caller sees it now; a retry under the same key gets the same, as it is then.
  const [view] = await loadInstanceViews(db, [instanceId], actor);
  if (!view) throw new AppError('NOT_FOUND');
  // the signed PDFs of the documents the step issued, rendered now that no lock is held, after the
  // answer (render-issued-documents.ts: a fetch meanwhile waits for it, a crash leaves it to the sweep)
  if (outcome.issuedDocuments?.length) renderInBackground(db, issue, outcome.issuedDocuments);
  return view;
}
