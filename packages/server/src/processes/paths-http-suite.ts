/**
 * Every path of every process (core/processes/paths.ts), driven through the HTTP API with
 * real users of the right agency, side and role at each step; at each step a user of the
 * wrong agency type and one of the wrong role are refused (403/404) and nothing changes.
 * Every 法律文书 a step issues is a signed PDF another party downloads and verifies, numbered
 * once in its agency × 字 × year series.
 *
 * The paths take minutes; they are dealt into two test files (paths.http.a/b.test.ts) of about
 * equal steps, so the two workers of a run share them. Each half has its own database, and the
 * 文号 series check runs over the documents of its half.
 */
import { generateResidentId } from '@xietong/core/cases';
import type { TAgencyType, TRole } from '@xietong/core';
import { actorSides, getProcess, PROCESS_DEFINITIONS, type TProcessSide } from '@xietong/core/processes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseNumeral, documentWord, ISSUED_NUMBER_RE } from '@xietong/core/dossier';
import { DUTY_LAWYER, PROCESS_PATHS } from '../../../core/src/processes/paths';
import { multipart, TINY_PNG } from '../documents/test-support';
import { TODAY } from '../../../core/src/processes/test-support';
import { todayInShanghai } from '../cases/get-case';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;

const ROLES: TRole[] = ['handler', 'approver', 'clerk'];
const DATE_IN_60_DAYS = new Date(Date.now() + 60 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);

type TOrg = { id: string; type: TAgencyType; users: Record<string, TTestUser> };
const orgs = new Map<string, TOrg>();
let orgsMade = 0;

/** One agency per (type, role in the chain), with the chain receiver → 上一级 → 省级 for superiors. */
async function orgFor(key: string, type: TAgencyType, level: 'district' | 'city' | 'province', parentId: string | null, regionCode?: string): Promise<TOrg> {
  const k = `${key}:${type}:${level}`;
  if (orgs.has(k)) return orgs.get(k)!;
  // the 机关简称 numeral is taken before any await: a path still running after a timeout must not share it
  const numeral = chineseNumeral(++orgsMade);
  const a = await makeAgency(env, { type, level, regionCode: regionCode ?? (level === 'province' ? '220000' : level === 'city' ? '220100' : '220104'), parentId });
  const users: Record<string, TTestUser> = {};
  for (const r of ROLES) users[r] = await makeUser(env, a.id, [r]);
  // test agencies' short names are codes (测ab12): give each its own 机关简称 for 文号
  await env.database.db.updateTable('agencies').set({ document_number_org: `测${numeral}` }).where('id', '=', a.id).execute();
  const o = { id: a.id, type, users };
  orgs.set(k, o);
  return o;
}

function sampleInput(fields: readonly { name: string; type: string; required: boolean; values?: Record<string, unknown>; min?: number }[], overrides: Record<string, unknown> = {}) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.required) continue;
    out[f.name] = f.type === 'text' ? '测试：依法说明' : f.type === 'enum' ? Object.keys(f.values ?? {})[0]
      : f.type === 'date' ? DATE_IN_60_DAYS : f.type === 'integer' ? (f.min ?? 1) : true;
  }
  const all = { ...out, ...overrides };
  for (const [k, v] of Object.entries(all)) if (v === TODAY) all[k] = todayInShanghai();
  return all;
}

type TStepSpec = {
  action: string; input?: Record<string, unknown>; documents?: string[];
  facts?: { approvalLevels?: number; approvalsSinceOpinion?: number; followUps?: Record<string, Record<string, number>>; sealedPleaRecords?: unknown[]; dutyLawyers?: unknown[]; plea?: { status: string; recommendedTermMonths?: number }; receiverLevel?: string };
  timersOver?: string[]; side?: TProcessSide; agencyType?: TAgencyType; handOverTo?: TAgencyType;
};

/** The legal-aid office assigns the duty lawyer through P12 (CPL 36), asked by `asker`. */
async function assignDutyLawyer(caseId: string, asker: TOrg): Promise<void> {
  const legalAid = await orgFor('legal-aid', 'justice', 'district', null);
  const p11 = await as(env, asker.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'duty_lawyer', receiverAgencyId: legalAid.id });
  expect(p11.statusCode, p11.body).toBe(201);
  const url = `/api/process-instances/${p11.json().id}/actions`;
  const req = await as(env, asker.users.handler!).post(url, { action: 'request_lawyer', input: { suspectName: '赵某', purpose: 'plea' }, documents: ['duty_lawyer_request'] });
  expect(req.statusCode, req.body).toBe(200);
  const assign = await as(env, legalAid.users.clerk!).post(url, { action: 'assign_lawyer', input: { lawyerName: DUTY_LAWYER.name, lawyerLicenseNo: DUTY_LAWYER.licenseNo }, documents: ['duty_lawyer_assignment'] });
  expect(assign.statusCode, assign.body).toBe(200);
}

/** The 具结书 signed and fingerprinted by the suspect, attested by the lawyer (a sealed record, CPL 174); its id. */
async function sealedPleaRecord(caseId: string, by: TTestUser): Promise<string> {
  const content = {
    kind: 'plea_agreement', subjectName: '赵某', location: '看守所讯问室', startedAt: '2025-03-10 09:00', endedAt: '2025-03-10 09:30',
    interviewers: ['检察官甲'], recorder: '书记员乙', qa: [{ q: '本人自愿认罪认罚，同意量刑建议和程序适用。', a: '同意' }],
    counsel: { kind: 'duty_lawyer', name: DUTY_LAWYER.name, licenseNo: DUTY_LAWYER.licenseNo },
  };
  const draft = await as(env, by).post(`/api/cases/${caseId}/records`, content);
  expect(draft.statusCode, draft.body).toBe(201);
  const png = TINY_PNG.toString('base64');
  const ok = await as(env, by).post(`/api/records/${draft.json().id}/confirm`, { contentSm3: draft.json().contentSm3, signaturePng: png, fingerprintPng: png, counselSignaturePng: png });
  expect(ok.statusCode, ok.body).toBe(200);
  return draft.json().id;
}
const asSpec = (raw: unknown) => (typeof raw === 'string' ? { action: raw } : raw) as TStepSpec;

/**
 * 生效 first (CPL 259): drive 一审公诉 on the case to EFFECTIVE through the API (served long
 * ago, so the platform-computed window is over), and return the 交付执行 the platform opened.
 */
async function judgmentTakesEffect(caseId: string, court: TOrg): Promise<{ id: string }> {
  const p3 = getProcess('public_prosecution')!;
  const proc = await orgFor('p3', 'procuratorate', 'district', null);
  await env.database.db.insertInto('case_parties').values({ case_id: caseId, agency_id: proc.id }).onConflict((oc) => oc.doNothing()).execute();
  let view = (await as(env, proc.users.handler!).post(`/api/cases/${caseId}/processes`, { code: p3.code, receiverAgencyId: court.id })).json();
  // the ordinary procedure (CPL 208): 简易/速裁 need a 基层法院 and, for 速裁, a plea (CPL 214, 222) — other paths test those
  const ordinary = PROCESS_PATHS.public_prosecution!.find((p) => p.end === 'EFFECTIVE'
    && p.steps.map(asSpec).every((s) => s.action !== 'decide_procedure' && !s.facts?.plea && !s.facts?.receiverLevel))!;
  for (const step of ordinary.steps.map(asSpec)) {
    const t = p3.transitions.find((x) => x.action === step.action && x.from.includes(view.state))!;
    const org = actorSides(t.actor).includes('initiator') ? proc : court;
    const role = t.actor.roles.find((r) => ROLES.includes(r))!;
    const res = await as(env, org.users[role]!).post(`/api/process-instances/${view.id}/actions`, {
      action: step.action, input: sampleInput(t.input ?? [], step.input), documents: [...(t.documents?.required ?? []), ...(t.documents?.optional ?? [])],
    });
    expect(res.statusCode, `P3 ${step.action}: ${res.body}`).toBe(200);
    view = res.json();
  }
  expect(view.state).toBe('EFFECTIVE');
  const p5 = await env.database.db.selectFrom('process_instances').select('id').where('case_id', '=', caseId).where('code', '=', 'judgment_execution').executeTakeFirstOrThrow();
  return p5;
}

let p8Cases = 0;
const allCases = PROCESS_DEFINITIONS.flatMap((def) => (PROCESS_PATHS[def.code] ?? []).map((p) => ({ def, path: p })));

/** The paths dealt into `count` halves of about equal steps (longest first, each to the lightest half). */
export function pathShards(count: number): (typeof allCases)[] {
  const shards = Array.from({ length: count }, () => ({ steps: 0, cases: [] as typeof allCases }));
  const bySteps = allCases.map((c, i) => ({ c, i })).sort((a, b) => b.c.path.steps.length - a.c.path.steps.length || a.i - b.i);
  for (const { c } of bySteps) {
    const lightest = shards.reduce((m, s) => (s.steps < m.steps ? s : m));
    lightest.steps += c.path.steps.length;
    lightest.cases.push(c);
  }
  // in the definitions' order within a half, as one file ran them
  return shards.map((s) => s.cases.sort((a, b) => allCases.indexOf(a) - allCases.indexOf(b)));
}

/** The paths of half `index` of `count` (pathShards), on a database of their own. */
export function describeProcessPaths(index: number, count: number): void {
  beforeAll(async () => {
    env = await createTestEnv();
    // the agencies made for another file's database (vitest runs files in one module cache: isolate off)
    orgs.clear();
    orgsMade = 0;
    p8Cases = 0;
  });
  afterAll(async () => { await env.close(); });
  const shards = pathShards(count);
  const cases = shards[index]!;
  let issuedHere = 0;

  describe(`every process path through the HTTP API (${index + 1}/${count})`, () => {
    it('the halves together cover every path of every process, each once', () => {
      expect(new Set(allCases.map((c) => c.def.code)).size).toBe(PROCESS_DEFINITIONS.length);
      expect(shards.flat().length).toBe(allCases.length);
      expect(new Set(shards.flat()).size).toBe(allCases.length);
      expect(cases.length).toBeGreaterThan(0);
    });

    it.each(cases.map((c) => [c.def.code, c.path.name, c] as const))('%s: %s', async (_code, _name, { def, path }) => {
      const superiorType = def.superior?.agencyTypes[0];
      // pick initiator/receiver agency types under which every step of the path has an actor
      const steps = path.steps.map(asSpec);
      let combo: { i: TAgencyType; r: TAgencyType } | null = null;
      for (const i of def.initiator.agencyTypes) {
        for (const r of def.receiver.agencyTypes) {
          let state = def.initialState as string;
          let recv: TAgencyType = r;
          const ok = steps.every((st) => {
            const t = def.transitions.find((x) => x.action === st.action && x.from.includes(state));
            if (!t) return false;
            const types: Record<TProcessSide, TAgencyType | undefined> = { initiator: i, receiver: recv, superior: superiorType };
            const fits = actorSides(t.actor).some((sd) => types[sd] && t.actor.agencyTypes.includes(types[sd]!));
            if (t.handOver) recv = st.handOverTo ?? t.handOver.agencyTypes[0]!;
            state = t.to;
            return fits;
          });
          if (ok && !combo) combo = { i, r };
        }
      }
      expect(combo, 'a feasible pair of agency types').not.toBeNull();
      const chain = async (type: TAgencyType, key: string) => {
        const province = await orgFor(key, type, 'province', null);
        const city = await orgFor(key, type, 'city', province.id);
        return { province, city };
      };
      const iChain = await chain(combo!.i, 'i');
      const rChain = combo!.r === combo!.i ? iChain : await chain(combo!.r, 'r');
      // P11: the superior is the agency beside the receiver (same region and level, CPL 235): a region of this run's own
      const beside = def.superior?.level === 'same' ? `29${String(process.pid % 10000).padStart(4, '0')}` : undefined;
      const initiator = await orgFor(beside ? 'bi' : 'i', combo!.i, 'district', iChain.city.id, beside);
      let receiver = await orgFor(beside ? 'br' : 'r', combo!.r, 'district', rChain.city.id, beside);
      if (beside) await orgFor('bs', superiorType!, 'district', null, beside);
      const outsider = await orgFor('outsider', combo!.i === 'police' ? 'court' : 'police', 'district', null);

      // a case the initiator can act on: police or procuratorate create it; others get it joined
      const creator = combo!.i === 'police' || combo!.i === 'procuratorate' ? initiator : await orgFor('creator', 'police', 'district', null);
      // 盗窃 (up to 无期徒刑): arrest may be requested without a CPL 81 reason
      // P8 extends 侦查羁押: the suspect is under arrest (CPL 156), not merely detained
      const c = await makeCase(env, creator.users.handler!, {
        charges: ['theft'],
        ...(def.code === 'custody_extension' ? { persons: [{ name: '赵某', residentId: generateResidentId(9000 + (process.pid % 500) * 20 + ++p8Cases, { regionCode: '220104' }), measures: [{ measure: 'arrest', startedAt: '2025-03-02T01:00:00+08:00' }] }] } : {}),
      });
      await provideAllEvidence(env, creator.users.handler!, c.id, ['theft']);
      if (creator !== initiator) await env.database.db.insertInto('case_parties').values({ case_id: c.id, agency_id: initiator.id }).execute();
      let view: any; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (def.startsAfter) {
        // the platform opens 交付执行 on 生效, with the court standing in until it names the executor
        const opened = await judgmentTakesEffect(c.id, initiator);
        view = (await as(env, initiator.users.handler!).get(`/api/process-instances/${opened.id}`)).json();
        receiver = initiator;
      } else {
        const started = await as(env, initiator.users.handler!).post(`/api/cases/${c.id}/processes`, { code: def.code, receiverAgencyId: receiver.id });
        expect(started.statusCode, started.body).toBe(201);
        view = started.json();
        // what the instance holds when it opens (an online 会见 booking carries the lawyer's papers: defence/)
        if (path.data) await env.database.db.updateTable('process_instances').set({ data: JSON.stringify(path.data) }).where('id', '=', view.id).execute();
      }
      const byId = () => [...orgs.values()].find((o) => o.id === view.superior?.agencyId);
      const sideOrg = (s: TProcessSide) => (s === 'initiator' ? initiator : s === 'receiver' ? receiver : byId());

      const leveled = new Set<string>();
      let pleaSeeded = false;
      try {
      for (const step of steps) {
        const t = def.transitions.find((x) => x.action === step.action && x.from.includes(view.state))!;
        const side = step.side ?? actorSides(t.actor).find((sd) => sideOrg(sd) && t.actor.agencyTypes.includes(sideOrg(sd)!.type))!;
        expect(side, `${step.action}: an acting side`).toBeDefined();
        const org = sideOrg(side)!;
        const role = t.actor.roles.find((r) => ROLES.includes(r)) ?? t.actor.roles[0]!;
        const input = sampleInput(t.input ?? [], step.input);
        // 认罪认罚 facts the platform reads from the case: the assigned lawyer, the sealed 具结书, P2's plea
        if (step.facts?.dutyLawyers) await assignDutyLawyer(c.id, org);
        if (step.facts?.sealedPleaRecords) input.pleaRecordId = await sealedPleaRecord(c.id, org.users.handler!);
        if (step.facts?.plea && !pleaSeeded) {
          pleaSeeded = true;
          const counters = step.facts.plea.status === 'agreed' ? { pleaAgreements: 1 } : {};
          const data = step.facts.plea.recommendedTermMonths ? { recommendedPenalty: 'fixed_term', recommendedTermMinMonths: 1, recommendedTermMaxMonths: step.facts.plea.recommendedTermMonths } : { recommendedPenalty: 'fine_only', recommendedFineYuan: 2000 };
          await env.database.db.insertInto('process_instances').values({
            case_id: c.id, code: 'prosecution_transfer', state: 'INDICTED', version: 9, counters: JSON.stringify(counters), data: JSON.stringify(data),
            initiator_agency_id: creator.id, receiver_agency_id: initiator.id, superior_agency_id: null, started_by: creator.users.handler!.id, terminal: true,
          }).execute();
        }
        let next = receiver;
        if (t.handOver) {
          next = await orgFor('h', step.handOverTo ?? t.handOver.agencyTypes[0]!, 'district', null);
          input[t.handOver.inputField] = next.id;
        }
        const body = { action: step.action, input, documents: step.documents ?? [...(t.documents?.required ?? []), ...(t.documents?.optional ?? [])] };
        const url = `/api/process-instances/${view.id}/actions`;
        // wrong agency: an outsider cannot even see the instance
        const out = await as(env, outsider.users[role] ?? outsider.users.handler!).post(url, body);
        expect([403, 404], `${step.action} by outsider: ${out.body}`).toContain(out.statusCode);
        // wrong role in the right agency
        const wrongRole = ROLES.find((r) => !t.actor.roles.includes(r));
        if (wrongRole) {
          const wr = await as(env, org.users[wrongRole]!).post(url, body);
          expect(wr.statusCode, `${step.action} by ${wrongRole}: ${wr.body}`).toBe(403);
        }
        // a process the platform opened from this one reached a state (P3 receive_remand: the 二审 remanded, CPL 239)
        for (const [code, states] of Object.entries(step.facts?.followUps ?? {})) {
          for (const state of Object.keys(states)) {
            await env.database.db.updateTable('process_instances').set({ state, terminal: getProcess(code)!.states[state]?.terminal === true })
              .where('case_id', '=', c.id).where('code', '=', code).where(sql<boolean>`data->>'fromInstance' = ${view.id}`).where('terminal', '=', false).execute();
          }
        }
        // an agency with more approval levels (data per agency): set before the step, removed after the path
        if (step.facts?.approvalLevels) {
          await env.database.db.insertInto('agency_review_levels').values({ agency_id: org.id, approval_levels: step.facts.approvalLevels })
            .onConflict((oc) => oc.column('agency_id').doUpdateSet({ approval_levels: step.facts!.approvalLevels! })).execute();
          leveled.add(org.id);
        }
        // a period the step needs over (规则 553, 563): its stored last day is made yesterday
        for (const timerId of step.timersOver ?? []) {
          const yesterday = new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
          const moved = await env.database.db.updateTable('process_timers').set({ due: yesterday })
            .where('instance_id', '=', view.id).where('timer_id', '=', timerId).where('status', '=', 'running').executeTakeFirst();
          expect(Number(moved.numUpdatedRows), `${timerId} running before ${step.action}`).toBe(1);
        }
        // the next approval level is another person (检察长 after 部门负责人)
        const by = step.facts?.approvalsSinceOpinion ? await makeUser(env, org.id, [role]) : org.users[role]!;
        const res = await as(env, by).post(url, { ...body, expectedVersion: view.version });
        expect(res.statusCode, `${def.code} ${step.action} from ${view.state} by ${side}/${org.type}/${role}: ${res.body}`).toBe(200);
        expect(res.json().version).toBe(view.version + 1);
        view = res.json();
        receiver = next;
      }
      } finally {
        if (leveled.size) await env.database.db.deleteFrom('agency_review_levels').where('agency_id', 'in', [...leveled]).execute();
      }
      expect(view.state).toBe(path.end);
      expect(view.terminal).toBe(getProcess(def.code)!.states[path.end]?.terminal === true);

      // 法律文书: each issued once per decision, as a signed PDF a party downloads and verifies
      const issued = await env.database.db.selectFrom('process_documents as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
        .select(['d.event_id', 'd.doc_type', 'd.number', 'd.document_id', 'd.agency_id', 'a.document_number_org as org'])
        .where('d.case_id', '=', c.id).execute();
      issuedHere += issued.length;
      const perDecision = new Set(issued.map((d) => `${d.event_id}:${d.doc_type}`));
      expect(perDecision.size, 'no document type issued twice for one decision').toBe(issued.length);
      for (const d of issued) {
        expect(d.number!.startsWith(d.org!), d.number!).toBe(true);
        const m = ISSUED_NUMBER_RE.exec(d.number!.slice(d.org!.length));
        expect(m?.[1], `${d.doc_type} ${d.number}`).toBe(documentWord(d.doc_type));
        expect(d.document_id, `${d.doc_type}: a PDF`).not.toBeNull();
        // read by a party other than the issuer (the volume travels with the case)
        const reader = [initiator, receiver, byId()].find((o) => o && o.id !== d.agency_id)!;
        const dl = await as(env, reader.users.handler!).get(`/api/documents/${d.document_id}/content`);
        expect(dl.statusCode, `${d.doc_type} download by another party: ${dl.body.slice(0, 200)}`).toBe(200);
        expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        const mp = multipart(dl.rawPayload, 'doc.pdf');
        const v = await env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: mp.headers, payload: mp.payload });
        expect(v.json(), `${d.doc_type} verifies`).toMatchObject({ valid: true, signatures: [{ agencyId: d.agency_id, valid: true, documentNumber: d.number }] });
      }
      // the timeline links each issued number to its document
      const events = view.events as { documents: { number: string | null; documentId: string | null; issued: boolean }[] }[];
      for (const e of events) for (const doc of e.documents.filter((x) => x.issued)) expect(issued.some((d) => d.number === doc.number && d.document_id === doc.documentId)).toBe(true);
    });

    it('every 文号 of all paths is unique and the agency × 字 × year series run 1, 2, 3 … without gaps', async () => {
      const rows = await env.database.db.selectFrom('documents as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
        .select(['d.agency_id', 'd.number', 'a.document_number_org as org']).where('d.number', 'is not', null).execute();
      // every document the paths of this half issued is here (all paths together: well over 100)
      expect(issuedHere).toBeGreaterThan(20);
      expect(rows.length).toBeGreaterThanOrEqual(issuedHere);
      expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
      const series = new Map<string, number[]>();
      for (const r of rows) {
        expect(r.number!.startsWith(r.org!), r.number!).toBe(true);
        const m = ISSUED_NUMBER_RE.exec(r.number!.slice(r.org!.length));
        expect(m, r.number!).not.toBeNull();
        const key = `${r.agency_id}:${m![1]}:${m![2]}`;
        series.set(key, [...(series.get(key) ?? []), Number(m![3])]);
      }
      for (const [key, seqs] of series) expect(seqs.sort((a, b) => a - b), key).toEqual(seqs.map((_, i) => i + 1));
    });
  });
}
