/**
 * One numbering service for every 法律文书: the 文号 format, the series per agency × 字 × year
 * (no gaps: a rolled-back issue gives its number back), the database refusing a second
 * document under one number, per-agency 字 overrides, and a process step's document as a
 * signed PDF the receiving agency reads before it decides.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { provideAllEvidence } from '../test/evidence';
import { allocateDocumentNumber, loadIssuingAgency } from './issue-legal-document';
import { extractPdfText } from './pdf-text';
import { multipart } from './test-support';

let env: TTestEnv;
let dataDir: string;
let police: TTestUser, policeAgencyId: string, proc: TTestUser, procAgencyId: string;
let procClerk: TTestUser, procApprover: TTestUser, courtClerk: TTestUser, courtAgencyId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-issue-'));
  env = await createTestEnv({ dataDir });
  const pa = await makeAgency(env, { type: 'police', name: '长春市公安局朝阳分局' });
  const ja = await makeAgency(env, { type: 'procuratorate', name: '长春市朝阳区人民检察院' });
  policeAgencyId = pa.id;
  procAgencyId = ja.id;
  await env.database.db.updateTable('agencies').set({ document_number_org: '长朝公' }).where('id', '=', pa.id).execute();
  await env.database.db.updateTable('agencies').set({ document_number_org: '长朝检' }).where('id', '=', ja.id).execute();
  police = await makeUser(env, pa.id, ['handler']);
  proc = await makeUser(env, ja.id, ['handler']);
  procClerk = await makeUser(env, ja.id, ['clerk']);
  procApprover = await makeUser(env, ja.id, ['approver']);
  const court = await makeAgency(env, { type: 'court', name: '长春市朝阳区人民法院' });
  courtAgencyId = court.id;
  courtClerk = await makeUser(env, court.id, ['clerk']);
});

afterAll(async () => {
  await env?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const year = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

describe('the 文号 series', () => {
  it('a number is never given to two documents: the database refuses a second one', async () => {
    const c = await makeCase(env, police);
    const row = { case_id: c.id, agency_id: policeAgencyId, volume: 'litigation_documents', doc_type: 'detention_warrant', title: '拘留证', origin: 'generated', number: '长朝公拘字〔2020〕1号', created_by: police.id };
    await env.database.db.insertInto('documents').values(row).execute();
    await expect(env.database.db.insertInto('documents').values({ ...row, doc_type: 'detention_family_notice', title: '拘留通知书' }).execute())
      .rejects.toMatchObject({ code: '23505' });
  });

  it('numbers run in commit order without gaps: a rolled-back issue gives its number back; each 字 has its own series', async () => {
    const agency = await loadIssuingAgency(env.database.db, procAgencyId);
    const at = new Date();
    await expect(env.database.db.transaction().execute(async (tx) => {
      expect(await allocateDocumentNumber(tx, agency, 'non_prosecution_decision', at)).toBe(`长朝检不诉字〔${year()}〕1号`);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const [a, b] = await Promise.all([1, 2].map(() => env.database.db.transaction().execute((tx) => allocateDocumentNumber(tx, agency, 'non_prosecution_decision', at))));
    expect([a, b].sort()).toEqual([`长朝检不诉字〔${year()}〕1号`, `长朝检不诉字〔${year()}〕2号`]);
    const other = await env.database.db.transaction().execute((tx) => allocateDocumentNumber(tx, agency, 'protest', at));
    expect(other).toBe(`长朝检抗字〔${year()}〕1号`);
  });

  it('an agency may set its own 字 for a document type', async () => {
    await env.database.db.insertInto('document_words').values({ agency_id: procAgencyId, doc_type: 'sentencing_recommendation', word: '量刑建字' }).execute();
    const agency = await loadIssuingAgency(env.database.db, procAgencyId);
    const n = await env.database.db.transaction().execute((tx) => allocateDocumentNumber(tx, agency, 'sentencing_recommendation', new Date()));
    expect(n).toBe(`长朝检量刑建字〔${year()}〕1号`);
    await expect(env.database.db.insertInto('document_words').values({ agency_id: procAgencyId, doc_type: 'protest', word: 'abc' }).execute()).rejects.toMatchObject({ code: '23514' });
  });
});

describe('a process step issues its 文书 as a signed PDF', () => {
  it('CPL 87: the procuratorate opens the 提请批准逮捕书 the police issued, numbered 提捕字, before it decides', async () => {
    // 盗窃 (up to 无期徒刑): the handler may request arrest without a CPL 81 reason
    const c = await makeCase(env, police, { charges: ['theft'] });
    await provideAllEvidence(env, police, c.id, ['theft']);
    const started = await as(env, police).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procAgencyId });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id;
    const act = (u: TTestUser, action: string, input: Record<string, unknown>) => as(env, u).post(`/api/process-instances/${id}/actions`, { action, input });
    expect((await act(police, 'record_detention', {})).statusCode).toBe(200);
    const sent = await act(police, 'submit', { custody: 'detained' });
    expect(sent.statusCode, sent.body).toBe(200);
    const ev = sent.json().events.at(-1) as { documents: { type: string; number: string; documentId: string; issued: boolean }[] };
    const request = ev.documents.find((d) => d.type === 'arrest_request')!;
    expect(request).toMatchObject({ issued: true, number: expect.stringMatching(new RegExp(`^长朝公提捕字〔${year()}〕1号$`)) });

    // the receiver reads it: the PDF names the suspect, the charge and the number; it verifies
    const dl = await as(env, proc).get(`/api/documents/${request.documentId}/content`);
    expect(dl.statusCode, dl.body.slice(0, 200)).toBe(200);
    const person = await env.database.db.selectFrom('case_persons').select('name').where('case_id', '=', c.id).executeTakeFirstOrThrow();
    const flat = (await extractPdfText(dl.rawPayload)).text.replace(/\s+/g, '');
    for (const s of ['提请批准逮捕书', request.number, person.name, '长春市朝阳区人民检察院']) expect(flat).toContain(s);
    expect(flat).not.toMatch(/\{[a-zA-Z]+\}/);
    const mp = multipart(dl.rawPayload, 'req.pdf');
    const v = await env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: mp.headers, payload: mp.payload });
    expect(v.json()).toMatchObject({ valid: true, signatures: [{ agencyId: policeAgencyId, documentNumber: request.number }] });

    // listed once among the case's documents, in the police 诉讼文书卷
    const list = (await as(env, proc).get(`/api/cases/${c.id}/documents`)).json().items as { id: string; number: string | null; volume: string; origin: string }[];
    expect(list.filter((d) => d.number === request.number)).toEqual([expect.objectContaining({ id: request.documentId, volume: 'litigation_documents', origin: 'generated' })]);
  });
});

describe('a document is issued once, by the agency that makes it', () => {
  it('CPL 176: 审查起诉 decides to prosecute and issues the 起诉书 addressed to the court; sending it to the court refers to that one, issuing none', async () => {
    const c = await makeCase(env, police);
    await provideAllEvidence(env, police, c.id);
    const p2 = (await as(env, police).post(`/api/cases/${c.id}/processes`, { code: 'prosecution_transfer', receiverAgencyId: procAgencyId })).json().id;
    const step = async (u: TTestUser, instance: string, action: string, input: Record<string, unknown> = {}) => {
      const r = await as(env, u).post(`/api/process-instances/${instance}/actions`, { action, input });
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
      return r.json();
    };
    await step(police, p2, 'submit', {});
    await step(procClerk, p2, 'accept');
    await step(proc, p2, 'start_review');
    // the 承办人's 审查意见 puts the decision into the approver's 待办; the approver decides
    await step(proc, p2, 'submit_opinion', { proposedDecision: 'indict', opinionReasons: '犯罪事实清楚，证据确实、充分，应当提起公诉' });
    const indicted = await step(procApprover, p2, 'indict');
    const indictment = indicted.events.at(-1).documents.find((d: { type: string }) => d.type === 'indictment');
    expect(indictment).toMatchObject({ issued: true, number: `长朝检起诉字〔${year()}〕1号` });
    // the 起诉书 states the day the case was transferred for review, from the 移送 event (a body
    // date in Arabic numerals, as the birth date beside it; the 落款 date in Chinese numerals)
    const dl = await as(env, proc).get(`/api/documents/${indictment.documentId}/content`);
    const flat = (await extractPdfText(dl.rawPayload)).text.replace(/\s+/g, '');
    expect(flat).toMatch(/于\d{4}年\d{1,2}月\d{1,2}日向本院移送审查起诉/);
    expect(flat).toMatch(/此致\S*二〇[〇一二三四五六七八九]{2}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日/);
    // addressed to the court of the procuratorate's level and region, not to the police the P2 flow came from
    expect(flat).toContain('此致长春市朝阳区人民法院');
    expect(flat).not.toContain('此致长春市公安局朝阳分局');

    const p3 = (await as(env, proc).post(`/api/cases/${c.id}/processes`, { code: 'public_prosecution', receiverAgencyId: courtAgencyId })).json().id;
    const sent = await step(proc, p3, 'submit');
    expect(sent.events.at(-1).documents.find((d: { type: string }) => d.type === 'indictment'))
      .toEqual({ type: 'indictment', name: '起诉书', number: indictment.number, documentId: indictment.documentId, issued: false });
    const indictments = await env.database.db.selectFrom('documents').select('number').where('case_id', '=', c.id).where('doc_type', '=', 'indictment').execute();
    expect(indictments).toEqual([{ number: indictment.number }]);
    // the court reads the 起诉书 it received
    expect((await as(env, courtClerk).get(`/api/documents/${indictment.documentId}/content`)).statusCode).toBe(200);
  });
});
