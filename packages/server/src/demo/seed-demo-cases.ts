/**
 * Demo cases for the Changchun-like pilot: ~900 cases of the seven pilot charges spread
 * over the last four months, at every stage, so the inbox, deadlines and flow statistics
 * look like the pilot's reports (a few hundred flows from police, fewer from the
 * procuratorate, a handful at court).
 *
 * Histories are back-dated, so they cannot go through the HTTP actions (which stamp "now");
 * instead each step runs through the same pure engine (`applyAction` with a simulated
 * clock) and the same row writers, and every event is recorded in the ledger like a live one.
 */
import { seedDemoSingleTrack } from './demo-single-track';
import { seedDemoDefence } from './seed-demo-defence';
import { generateResidentId, seededRandom } from '@xietong/core/cases';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { civilDateInShanghai, type TCivilDate } from '@xietong/core/deadlines';
import { applyAction, createInstance, dayAfter, followUpProcess, formatRef, getProcess, type TProcessDefinition, type TProcessInstance, type TProcessSide } from '@xietong/core/processes';
import type { TDb, TTx } from '../db/database';
import { allocatePoliceNumber } from '../cases/numbers';
import { measureLegalMaxDue } from '../cases/measures';
import { applyCaseEffects } from '../processes/case-effects';
import { openTodos } from '../processes/record-transition';
import { issueStepDocuments } from '../processes/issue-step-documents';
import { issueDepsFor, type TIssueDeps } from '../documents/issue-legal-document';
import type { TAuthedContext } from '../http/route';
import { applyCustodyEffects, startRecordedMeasure } from '../custody/apply-custody-effects';
import { loadCalendar } from '../deadlines/calendar-store';
import { computeDue } from '../processes/timers';
import { recordEventRow } from '../processes/event-row';
import { demoUsername } from './demo-agencies';
import { startFollowUp } from '../processes/start-follow-up';
import { demoFacts } from './demo-facts';
import { seedDemoSupervision } from './seed-demo-supervision';
import { seedDemoAnalytics } from './seed-demo-analytics';

const DAY = 86400_000;
const CHARGE_WEIGHTS: [TChargeCode, number][] = [
  ['dangerous_driving', 40], ['theft', 20], ['intentional_injury', 10], ['fraud', 10], ['traffic_accident', 8], ['picking_quarrels', 8], ['illegal_deposit_taking', 4],
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红亮建国志文斌宁'.split('');

type TUser = { id: string; username: string; name: string; agencyId: string; agencyName: string; role: string };

/**
 * Rendering and signing a PDF per issued document costs about 0.25 s on the 2-core demo host
 * (200 cases: 752 documents; 6 s numbered only, 18 s with the 52 of the last 7 days rendered):
 * rendering all ~3,400 of the 900 cases would add ~14 minutes to a first start. The demo renders
 * the documents of the last `RENDER_RECENT_DAYS` days and only numbers older history (same
 * series and format, process_documents without a PDF).
 */
const RENDER_RECENT_DAYS = Number(process.env.XIETONG_DEMO_RENDER_DAYS ?? 3);
export type TParty = { agencyId: string; users: Record<string, TUser> };

async function party(db: TDb, key: string): Promise<TParty | null> {
  const rows = await db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.agency_id', 'a.name', 'u.roles', 'u.username'])
    .where('u.username', 'in', ['handler', 'approver', 'clerk'].map((r) => demoUsername(key, r as never))).execute();
  if (!rows.length) return null;
  const users: Record<string, TUser> = {};
  for (const r of rows) users[r.roles[0]!] = { id: r.id, username: r.username, name: r.display_name, agencyId: r.agency_id, agencyName: r.name, role: r.roles[0]! };
  return { agencyId: rows[0]!.agency_id, users };
}

type TStep = { action: string; input?: Record<string, unknown>; days: number };

/** Required fields the demo script does not set get a plausible value (first option, a note). */
function fillInput(fields: readonly { name: string; type: string; required: boolean; values?: Record<string, unknown>; min?: number }[], given: Record<string, unknown>, when: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.required || f.name in given) continue;
    // a date the step reports on is in the past (e.g. the last day of the appeal window, CPL 230);
    // a hearing is fixed ahead, after the CPL 187 lead times (indictment copy 10 days, notices 3 days)
    out[f.name] = f.type === 'enum' ? Object.keys(f.values ?? {})[0] : f.type === 'text' ? '（演示）依法办理'
      : f.name === 'hearingDate' ? civilDateInShanghai(when + 12 * DAY)
      : f.type === 'date' ? civilDateInShanghai(when - DAY) : f.type === 'integer' ? (f.min ?? 1) : true;
  }
  return { ...out, ...given };
}

/** Run a process for a case with a simulated clock; stops at the first step after `until`. */
export async function runProcess(
  tx: TTx, o: { caseId: string; def: TProcessDefinition; initiator: TParty; receiver: TParty; superior: TParty | null; start: number; steps: TStep[]; until: number; issue: TIssueDeps | null; handOverTo?: TParty },
): Promise<{ lastAt: number; state: string }> {
  const calendar = await loadCalendar(tx as never);
  const { def } = o;
  const created = createInstance(def);
  let inst: TProcessInstance = created.instance;
  const participants = { initiator: o.initiator.agencyId, receiver: o.receiver.agencyId, superior: o.superior?.agencyId ?? null };
  const row = await tx.insertInto('process_instances').values({
    case_id: o.caseId, code: def.code, state: inst.state, version: inst.version, counters: '{}', data: '{}',
    initiator_agency_id: participants.initiator, receiver_agency_id: participants.receiver, superior_agency_id: participants.superior,
    started_by: o.initiator.users.handler!.id, terminal: false, created_at: new Date(o.start), updated_at: new Date(o.start),
  }).returning('id').executeTakeFirstOrThrow();
  const timers: { id: string; timerId: string; due: string }[] = [];
  let at = o.start;
  let lastEvent: string | null = null;
  const startTimer = async (t: Parameters<typeof computeDue>[0], when: number) => {
    const start = (t.startOn as TCivilDate | null) ?? civilDateInShanghai(when);
    const r = computeDue(t, start, calendar);
    const tr = await tx.insertInto('process_timers').values({
      instance_id: row.id, case_id: o.caseId, timer_id: t.id, zh: t.zh, en: t.en, started_on: start, due: r.due, due_instant: r.dueInstant,
      in_custody: t.inCustody, warn_days: t.warnDays, articles: JSON.stringify(t.articles.map(formatRef)), explanation: JSON.stringify(r.explanation),
      created_at: new Date(when),
    }).returning('id').executeTakeFirstOrThrow();
    timers.push({ id: tr.id, timerId: t.id, due: r.due });
    return { zh: t.zh, due: r.due };
  };
  for (const t of created.timers.start) await startTimer(t, at);
  let receiver = o.receiver;
  for (const s of o.steps) {
    const when = at + s.days * DAY + Math.floor(((s.days * 7919) % 5) * 3600_000);
    if (when > o.until) break;
    const t = def.transitions.find((x) => x.action === s.action && x.from.includes(inst.state));
    if (!t) throw new Error(`demo: ${def.code} has no ${s.action} from ${inst.state}`);
    const side = (typeof t.actor.side === 'string' ? [t.actor.side] : t.actor.side)[0] as TProcessSide;
    const p = side === 'initiator' ? o.initiator : side === 'receiver' ? receiver : o.superior!;
    const role = t.actor.roles.find((r) => p.users[r]) ?? 'handler';
    const user = p.users[role]!;
    const ag = await tx.selectFrom('agencies').select(['type', 'level', 'region_code']).where('id', '=', p.agencyId).executeTakeFirstOrThrow();
    const agencyType = ag.type;
    const docs = [...(t.documents?.required ?? []), ...(t.documents?.produces ?? [])];
    // the receiving agency's level (简易 and 速裁 only at a 基层法院, CPL 214, 222) when it acts
    const facts = { timerDue: Object.fromEntries(timers.map((x) => [x.timerId, x.due])), ...(side === 'receiver' ? { receiverLevel: ag.level as 'province' | 'city' | 'district' } : {}) };
    const r = applyAction(def, inst, { action: s.action, actor: { agencyType: agencyType as never, role: role as never, side }, input: fillInput(t.input ?? [], s.input ?? {}, when), documents: docs, now: new Date(when), facts });
    if (!r.ok && t.firesWhenOver) break; // a window stretched by holidays: not yet effective at `when`
    if (!r.ok) throw new Error(`demo: ${def.code} ${s.action}: ${r.code} ${JSON.stringify(r.details)}`);
    // timers
    const stopIds = new Set([...r.timers.stop, ...r.timers.restart.map((x) => x.id), ...r.timers.start.map((x) => x.id)]);
    const stopped = timers.filter((x) => stopIds.has(x.timerId));
    if (stopped.length) {
      await tx.updateTable('process_timers').set({ status: 'stopped', stopped_at: new Date(when) }).where('id', 'in', stopped.map((x) => x.id)).where('status', '=', 'running').execute();
    }
    const started = [];
    for (const x of [...r.timers.start, ...r.timers.restart]) started.push(await startTimer(x, when));
    const ev = await recordEventRow(tx, {
      instance_id: row.id, case_id: o.caseId, process: def.code, action: s.action, from_state: r.from, to_state: r.to, version: r.version,
      actor_user_id: user.id, actor_name: user.name, actor_agency_id: user.agencyId, actor_agency_name: user.agencyName, actor_role: role,
      actor_side: side, input: JSON.stringify(r.event.input), documents: JSON.stringify(t.documents?.produces ?? []),
      timers_started: JSON.stringify(started), timers_stopped: JSON.stringify([...stopIds]), articles: JSON.stringify(r.event.articles.map(formatRef)), at: new Date(when),
    });
    lastEvent = ev;
    const ctx: TAuthedContext = {
      ip: null, userAgent: 'xietong seed-demo',
      actor: { userId: user.id, username: user.username, displayName: user.name, agencyId: user.agencyId, agencyType: ag.type as never, agencyLevel: ag.level as never, regionCode: ag.region_code, roles: [role as never], platformAdmin: false },
    };
    await issueStepDocuments(tx, ctx, o.issue && when >= o.until - RENDER_RECENT_DAYS * DAY ? o.issue : null, {
      transition: t, staysInDraft: def.states[r.to]?.kind === 'draft', process: def.code, caseId: o.caseId, instanceId: row.id, eventId: ev, side, participants, docs: t.documents?.produces ?? [], input: r.event.input as Record<string, unknown>, at: new Date(when),
    });
    await applyCaseEffects(tx, { caseId: o.caseId, process: def.code, action: s.action, to: r.to, actingAgencyId: user.agencyId, now: new Date(when) });
    await applyCustodyEffects(tx, { caseId: o.caseId, instanceId: row.id, process: def.code, action: s.action, input: r.event.input as Record<string, unknown>, data: r.data, timers: r.timers, actingAgencyId: user.agencyId, now: new Date(when) });
    inst = { code: inst.code, state: r.to, version: r.version, counters: r.counters, data: r.data };
    at = when;
    // the flow moves on to the agency the step names (换押 → 看守所), which joins the case
    if (t.handOver && o.handOverTo) {
      receiver = o.handOverTo;
      participants.receiver = receiver.agencyId;
      await tx.insertInto('case_parties').values({ case_id: o.caseId, agency_id: receiver.agencyId }).onConflict((oc) => oc.doNothing()).execute();
    }
    // 生效 opens 交付执行 for the court (CPL 264), as the finality sweep does live
    const next = followUpProcess(t, r.data);
    if (next) {
      await startFollowUp(tx, { code: next, caseId: o.caseId, from: inst, fromId: row.id, agencyId: user.agencyId, facts, now: new Date(when) });
      const last = facts.timerDue.appeal_window;
      if (last) inst = { ...inst, data: { ...inst.data, effectiveOn: dayAfter(last) } };
    }
  }
  await tx.updateTable('process_instances').set({
    state: inst.state, version: inst.version, counters: JSON.stringify(inst.counters), data: JSON.stringify(inst.data),
    terminal: def.states[inst.state]?.terminal === true, updated_at: new Date(at), receiver_agency_id: participants.receiver,
  }).where('id', '=', row.id).execute();
  await openTodos(tx, def, inst.state, participants, { instanceId: row.id, caseId: o.caseId, eventId: lastEvent });
  return { lastAt: at, state: inst.state };
}

/**
 * The share of cases whose held persons the seed leaves past their custody limit, so the 看守所
 * list shows the 超期 alert on a few (CPL 91, 156); real agencies decide before the limit.
 */
const KEEP_OVERDUE = 0.04;

type TChangeSide = 'police' | 'procuratorate' | 'court';

/**
 * P4 变更强制措施 to 取保候审 for every person held in the case, decided by the agency handling the
 * case (CPL 67, 79) and executed by the police (CPL 67 †): through the same engine and custody
 * effects as a live change.
 */
async function changeToBail(
  tx: TTx, o: { caseId: string; stage: TChangeSide; police: TParty; proc: TParty; court: TParty; at: number; now: number; issue: TIssueDeps | null; personIds?: string[] },
): Promise<void> {
  const held = o.personIds ?? (await tx.selectFrom('person_measures').select('person_id').where('case_id', '=', o.caseId)
    .where('ended_at', 'is', null).where('measure', 'in', ['detention', 'arrest']).execute()).map((r) => r.person_id);
  const def = getProcess('measure_change')!;
  const decider = o.stage === 'court' ? o.court : o.stage === 'procuratorate' ? o.proc : o.police;
  const receiver = o.stage === 'police' ? o.proc : o.police;
  for (const [j, personId] of held.entries()) {
    await runProcess(tx, {
      caseId: o.caseId, def, initiator: decider, receiver, superior: null, start: o.at + j * 600_000, until: o.now, issue: o.issue,
      steps: [{ action: 'decide_bail', input: { personId }, days: 0 }, { action: o.stage === 'police' ? 'record_execution' : 'execute', days: 0 }],
    });
  }
}

/**
 * A case the seed stops in the past must not leave its persons held past their limit: a person
 * whose running custody timer has expired by today was changed to 取保候审 a few days before it
 * expired (or right after the case's last step, when that came later), except in the few cases
 * `keep` leaves over the limit.
 */
async function settleStalledCustody(
  tx: TTx, o: { caseId: string; police: TParty; proc: TParty; court: TParty; now: number; issue: TIssueDeps | null; keep: boolean },
): Promise<void> {
  if (o.keep) return;
  const today = civilDateInShanghai(o.now);
  const expired = await tx.selectFrom('person_measures as m')
    .innerJoin('person_custody_timers as t', (j) => j.onRef('t.person_id', '=', 'm.person_id').on('t.status', '=', 'running'))
    .select(['m.person_id', 't.due_instant']).where('m.case_id', '=', o.caseId).where('m.ended_at', 'is', null)
    .where('m.measure', 'in', ['detention', 'arrest']).where('t.due', '<', today).orderBy('t.due_instant').execute();
  if (expired.length === 0) return;
  const c = await tx.selectFrom('cases').select('stage').where('id', '=', o.caseId).executeTakeFirstOrThrow();
  const last = await tx.selectFrom('process_events').select((eb) => eb.fn.max('at').as('at')).where('case_id', '=', o.caseId).executeTakeFirst();
  const lastAt = last?.at ? new Date(last.at as never).getTime() : 0;
  const first = new Date(expired[0]!.due_instant as never).getTime();
  const at = Math.min(o.now - DAY, Math.max(lastAt + 3600_000, first - 3 * DAY));
  // during 审查批捕 the police remain the 办案机关 and decide the change (CPL 96)
  const head = c.stage === 'procuratorate.arrest_review' ? 'police' : c.stage.split('.')[0];
  const stage: TChangeSide = head === 'court' || head === 'execution' ? 'court' : head === 'procuratorate' ? 'procuratorate' : 'police';
  await changeToBail(tx, { ...o, stage, at, personIds: expired.map((e) => e.person_id) });
}

export async function seedDemoCases(
  db: TDb, log: (m: string) => void = () => {}, count = Number(process.env.XIETONG_DEMO_CASES ?? 900), dataDir: string | null = null,
): Promise<number> {
  const issue = dataDir ? issueDepsFor(dataDir) : null;
  const existing = await db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  const keys = ['cy-police', 'cc-police', 'cy-proc', 'cc-proc', 'jl-proc', 'cy-court', 'cc-court', 'cy-detention', 'cc-prison', 'cy-correction'] as const;
  const parties: Record<string, TParty | null> = {};
  for (const k of keys) parties[k] = await party(db, k);
  if (!parties['cy-police'] || !parties['cy-proc'] || !parties['cy-court']) return 0;
  const rand = seededRandom(20200601);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const weighted = () => {
    let x = rand() * 100;
    for (const [c, w] of CHARGE_WEIGHTS) if ((x -= w) < 0) return c;
    return 'theft' as TChargeCode;
  };
  const now = Date.now();
  // a separate stream, so the cases and their flows stay those of the seed before (e2e screenshots)
  const outcome = seededRandom(20261130);
  const windowStart = now - 120 * DAY;
  const t0 = Date.now();
  const arrest = getProcess('arrest')!, transfer = getProcess('prosecution_transfer')!, prosecution = getProcess('public_prosecution')!;
  for (let i = 0; i < count; i++) {
    const city = rand() < 0.3;
    const police = parties[city ? 'cc-police' : 'cy-police'] ?? parties['cy-police']!;
    const proc = parties[city ? 'cc-proc' : 'cy-proc'] ?? parties['cy-proc']!;
    const court = parties[city ? 'cc-court' : 'cy-court'] ?? parties['cy-court']!;
    const charge = weighted();
    const occurred = windowStart + Math.floor(rand() * 118 * DAY);
    const created = occurred + Math.floor(rand() * 2 * DAY);
    const persons = rand() < 0.15 ? 2 : 1;
    const drunk = charge === 'dangerous_driving';
    await db.transaction().execute(async (tx) => {
      const agency = await tx.selectFrom('agencies').select(['id', 'unit_code', 'region_code', 'short_name']).where('id', '=', police.agencyId).executeTakeFirstOrThrow();
      const number = await allocatePoliceNumber(tx, agency, new Date(created));
      const names = Array.from({ length: persons }, () => `${pick(SURNAMES)}${rand() < 0.5 ? '某' : ''}${pick(GIVEN)}`);
      const title = `${names[0]}${persons > 1 ? '等' : ''}${getCharge(charge).zh.replace(/罪$/, '')}案`;
      const ids = names.map((_, j) => generateResidentId(i * 7 + j + 1, { regionCode: '220104' }));
      const c = await tx.insertInto('cases').values({
        title, summary: demoFacts({ index: i, charge, names, occurredAt: occurred }),
        region_code: '220104', created_by_agency: police.agencyId, created_by: police.users.handler!.id,
        occurred_at: new Date(occurred), stage: 'police.investigating', police_number: number, procuratorate_number: null, court_number: null,
        search_text: [title, number, ...names, ...ids, getCharge(charge).zh].join(' '), created_at: new Date(created), updated_at: new Date(created),
      }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('case_parties').values({ case_id: c.id, agency_id: police.agencyId, joined_at: new Date(created) }).execute();
      await tx.insertInto('case_charges').values({ case_id: c.id, charge_code: charge, position: 0 }).execute();
      const detained = !drunk && rand() < 0.7;
      for (const [j, name] of names.entries()) {
        const p = await tx.insertInto('case_persons').values({ case_id: c.id, position: j, name, resident_id: ids[j]!, sex: Number(ids[j]![16]) % 2 ? 'male' : 'female', birth_date: `${ids[j]!.slice(6, 10)}-${ids[j]!.slice(10, 12)}-${ids[j]!.slice(12, 14)}` }).returning('id').executeTakeFirstOrThrow();
        const measure = detained ? 'detention' : 'bail';
        const m = await tx.insertInto('person_measures').values({ person_id: p.id, case_id: c.id, measure, started_at: new Date(created), ended_at: null, legal_max_due: measureLegalMaxDue(measure, new Date(created)) }).returning('id').executeTakeFirstOrThrow();
        await startRecordedMeasure(tx, { caseId: c.id, personId: p.id, measureId: m.id, measure, startedAt: new Date(created), actingAgencyId: police.agencyId, now: new Date(created) });
      }
      let at = created;
      // 提请批准逮捕 for most detained suspects (CPL 87–91)
      if (detained && rand() < 0.85) {
        const approve = rand() < 0.82;
        const r = await runProcess(tx, {
          caseId: c.id, def: arrest, initiator: police, receiver: proc, superior: parties['cc-proc'] ?? null, start: at, until: now, issue,
          steps: [
            { action: 'record_detention', input: {}, days: 0 }, { action: 'submit', input: { custody: 'detained' }, days: 2 },
            { action: 'accept', days: 1 }, { action: 'start_review', days: 0 },
            { action: 'submit_opinion', input: { proposedDecision: approve ? 'approve' : 'reject', opinionReasons: approve ? '有证据证明有犯罪事实，可能判处徒刑以上刑罚，有逮捕必要' : '证据不足' }, days: 2 },
            approve ? { action: 'approve', days: 2 } : { action: 'reject', input: { reason: '证据不足，不符合逮捕条件', ground: 'insufficient_evidence' }, days: 3 },
            approve ? { action: 'execute_arrest', days: 1 } : { action: 'return_rejection_receipt', days: 2 },
            // CPL 93, 94: family notice and interrogation the same day, then the 执行回执 (程序规定 138)
            ...(approve ? [{ action: 'confirm_arrest_steps', days: 0 }, { action: 'return_execution_receipt', days: 0 }] : [{ action: 'accept_refusal', days: 1 }]),
          ],
        });
        at = r.lastAt;
      } else if (detained && created + DAY < now) {
        // not requested: 公安 changes 拘留 to 取保候审 within the CPL 91 three days (P4, CPL 67, 79)
        await changeToBail(tx, { caseId: c.id, stage: 'police', police, proc, court, at: created + DAY, now, issue });
      }
      // 移送审查起诉 once the investigation is done (CPL 162)
      if (rand() < 0.6) {
        const start = at + (drunk ? 8 : 20 + Math.floor(rand() * 25)) * DAY;
        if (start < now) {
          const fate = rand();
          const steps: TStep[] = [
            { action: 'submit', days: 0 }, { action: 'accept', days: 1 }, { action: 'start_review', days: 1 },
            ...(fate < 0.12 ? [{ action: 'submit_opinion', input: { proposedDecision: 'return_for_supplementary_investigation', opinionReasons: '部分事实证据不足，需补充侦查' }, days: 12 }, { action: 'return_for_supplementary_investigation', input: { reason: '需补充证据' }, days: 3 }, { action: 'resubmit_after_supplementary', days: 20 }, { action: 'resume_review', days: 1 }] : []),
            { action: 'submit_opinion', input: { proposedDecision: fate > 0.93 ? 'not_prosecute' : 'indict', opinionReasons: fate > 0.93 ? '犯罪情节轻微，依法可不起诉' : '事实清楚，证据确实充分' }, days: 6 + Math.floor(rand() * 10) },
            ...(fate > 0.93
              ? [{ action: 'decide_not_to_prosecute', input: { decisionKind: 'discretionary', reason: '犯罪情节轻微' }, days: 12 }, { action: 'serve_non_prosecution_decision', days: 1 }, { action: 'accept_decision', days: 20 }]
              : [{ action: 'indict', days: 3 + Math.floor(rand() * 6) }]),
          ];
          const r = await runProcess(tx, { caseId: c.id, def: transfer, initiator: police, receiver: proc, superior: parties['cc-proc'] ?? null, start, until: now, steps, issue });
          // 提起公诉 to the court (CPL 176); a 危险驾驶 case at the 基层法院 is tried in the 简易程序 with the
          // defendant's consent (CPL 214) — the 中级法院 tries in the ordinary procedure only
          if (r.state === 'INDICTED' && rand() < 0.35 && r.lastAt + DAY < now) {
            await runProcess(tx, {
              caseId: c.id, def: prosecution, initiator: proc, receiver: court, superior: null, start: r.lastAt + DAY, until: now, issue,
              steps: [{ action: 'submit', days: 0 }, { action: 'accept', days: 2 }, ...(drunk && !city ? [{ action: 'decide_procedure', input: { trialTrack: 'summary', defendantConsent: true }, days: 0 }] : []), { action: 'schedule_hearing', days: 3 }, { action: 'open_trial', days: 12 }, { action: 'pronounce_judgment', input: { verdict: rand() < 0.3 ? 'guilty_suspended' : 'guilty', pronouncement: 'in_court' }, days: 2 },
                { action: 'serve_judgment', days: 2 }, { action: 'record_effective', days: 20 }],
            });
          }
        }
      }
      await settleStalledCustody(tx, { caseId: c.id, police, proc, court, now, issue, keep: outcome() < KEEP_OVERDUE });
    });
    if ((i + 1) % 100 === 0) log(`demo cases: ${i + 1}/${count}`);
  }
  log(`demo: ${count} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await (await import('./seed-demo-custody-logistics')).seedDemoCustodyLogistics(db, issue, log);
  await seedDemoSingleTrack(db);
  await seedDemoDefence(db, log);
  await seedDemoSupervision(db, log);
  // issue 14's surge, petitions and alerts: for a demo of the pilot's size (process-chain tests seed a few dozen cases)
  if (count >= 100) await seedDemoAnalytics(db, log, now);
  return count;
}
