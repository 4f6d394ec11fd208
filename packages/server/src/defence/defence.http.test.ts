/**
 * 辩护 through the HTTP API (issue 15): a lawyer's request, the agency's decision, what a
 * confirmed representation opens (the client's part, 会见 booking on P14 with the CPL 39 48
 * hours, 阅卷 from 审查起诉 under CPL 40 with a watermark on every page, never the 侦查工作卷 or a
 * co-suspect's material), the access report, and everything gone again after the end.
 */
import type { TAgencyType, TRole } from '@xietong/core';
import { generateResidentId } from '@xietong/core/cases';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinesePdf, multipart, upload } from '../documents/test-support';
import { extractPdfText } from '../documents/pdf-text';
import { provideAllEvidence } from '../test/evidence';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';

let env: TTestEnv;
type TOrg = { id: string; users: Partial<Record<TRole, TTestUser>> };
let police: TOrg, proc: TOrg, centre: TOrg, firm: TOrg, justice: TOrg, otherFirm: TOrg;
let lawyer: TTestUser, lawyer2: TTestUser, outsider: TTestUser;
let seed = 7000 + (process.pid % 1000) * 40;
const LICENCE = '12201201810123456';

async function org(type: TAgencyType, roles: TRole[], parentId?: string): Promise<TOrg> {
  const a = await makeAgency(env, { type, parentId: parentId ?? null });
  const users: TOrg['users'] = {};
  for (const r of roles) users[r] = await makeUser(env, a.id, [r]);
  return { id: a.id, users };
}

beforeAll(async () => {
  env = await createTestEnv();
  police = await org('police', ['handler', 'approver', 'clerk', 'admin']);
  centre = await org('detention', ['handler'], police.id);
  proc = await org('procuratorate', ['handler', 'approver', 'clerk']);
  firm = await org('lawfirm', []);
  otherFirm = await org('lawfirm', []);
  justice = await org('justice', ['handler', 'admin']);
  lawyer = await makeUser(env, firm.id, ['lawyer']);
  lawyer2 = await makeUser(env, firm.id, ['lawyer']);
  outsider = await makeUser(env, otherFirm.id, ['lawyer']);
  for (const [u, no] of [[lawyer, LICENCE], [lawyer2, '12201201810654321'], [outsider, '12201201810999999']] as const) {
    const v = await as(env, justice.users.admin!).put(`/api/users/${u.id}/licence`, { licenceNo: no });
    expect(v.statusCode, v.body).toBe(200);
  }
});
afterAll(async () => { await env.close(); });

const act = (u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) =>
  as(env, u).post(`/api/process-instances/${id}/actions`, { action, input, documents });
async function ok(u: TTestUser, id: string, action: string, input: Record<string, unknown> = {}, documents: string[] = []) {
  const r = await act(u, id, action, input, documents);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}

type TCase = { caseId: string; number: string; client: { id: string; residentId: string; name: string }; other: { id: string }; docs: Record<'whole' | 'client' | 'other' | 'work', string> };

/** A 盗窃 case with two detained suspects and four documents: whole case, the client's, the co-suspect's, the 侦查工作卷. */
async function twoSuspectCase(): Promise<TCase> {
  const ids = [generateResidentId(++seed, { regionCode: '220104' }), generateResidentId(++seed, { regionCode: '220104' })];
  const detained = [{ measure: 'detention', startedAt: new Date(Date.now() - 86_400_000).toISOString() }];
  const c = await makeCase(env, police.users.handler!, {
    charges: ['theft'], persons: [{ name: '王某', residentId: ids[0], measures: detained }, { name: '赵某', residentId: ids[1], measures: detained }],
  });
  await provideAllEvidence(env, police.users.handler!, c.id, ['theft']);
  const card = (await as(env, police.users.handler!).get(`/api/cases/${c.id}`)).json();
  const [a, b] = card.people as { id: string; name: string }[];
  const up = async (title: string, q: string) => {
    const r = await upload(env, police.users.handler!, `/api/cases/${c.id}/documents?title=${encodeURIComponent(title)}${q}`, await chinesePdf([title, '本页为测试材料。']));
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const docs = {
    whole: await up('受案登记表', '&docType=case_registration_form&volume=litigation_documents'),
    client: await up('王某讯问笔录', `&docType=suspect_interrogation_record&volume=evidence_materials&personId=${a!.id}`),
    other: await up('赵某讯问笔录', `&docType=suspect_interrogation_record&volume=evidence_materials&personId=${b!.id}`),
    work: await up('侦查工作记录', '&docType=work_note&volume=investigation_work'),
  };
  return { caseId: c.id, number: card.numbers.police, client: { id: a!.id, residentId: ids[0]!, name: a!.name }, other: { id: b!.id }, docs };
}

async function toProsecutionReview(caseId: string): Promise<void> {
  const p2 = await as(env, police.users.handler!).post(`/api/cases/${caseId}/processes`, { code: 'prosecution_transfer', receiverAgencyId: proc.id });
  expect(p2.statusCode, p2.body).toBe(201);
  await ok(police.users.handler!, p2.json().id, 'submit', {}, ['prosecution_opinion']);
  await ok(proc.users.clerk!, p2.json().id, 'accept', {}, ['case_receipt_notice']);
  await ok(proc.users.handler!, p2.json().id, 'start_review');
}

async function request(u: TTestUser, body: Record<string, unknown>) {
  return as(env, u).post('/api/defence/requests', { clientName: '王某', ...body });
}
async function mandate(u: TTestUser, id: string) {
  const m = multipart(await chinesePdf(['委托书', '兹委托律师担任辩护人。']), '委托书.pdf');
  return env.app.inject({ method: 'PUT', url: `/api/defence/requests/${id}/mandate`, headers: { cookie: u.cookie, ...m.headers }, payload: m.payload });
}
async function confirmed(k: TCase, u: TTestUser = lawyer): Promise<string> {
  const r = await request(u, { clientResidentId: k.client.residentId, caseNumber: k.number });
  expect(r.statusCode, r.body).toBe(201);
  expect((await mandate(u, r.json().id)).statusCode).toBe(200);
  const d = await as(env, police.users.handler!).post(`/api/defence/requests/${r.json().id}/decision`, { decision: 'confirm' });
  expect(d.statusCode, d.body).toBe(200);
  return r.json().id;
}

describe('辩护 requests (CPL 34, 39)', () => {
  it('CPL 39: a lawyer applies with the client\'s 身份证号 and the case number; the answer never tells whether the case or client exists', async () => {
    const k = await twoSuspectCase();
    const real = await request(lawyer, { clientResidentId: k.client.residentId, caseNumber: k.number });
    const noCase = await request(lawyer, { clientResidentId: generateResidentId(++seed, { regionCode: '220104' }), caseNumber: '不存在的案号' });
    const notYours = await request(lawyer, { clientResidentId: generateResidentId(++seed, { regionCode: '220104' }), caseNumber: k.number });
    for (const r of [real, noCase, notYours]) {
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ status: 'pending', caseId: null, caseTitle: null, person: null, agency: null });
      expect(r.json()).not.toHaveProperty('matched');
    }
    // the same keys and the same shape: only the ids, numbers and times differ
    const shape = (b: Record<string, unknown>) => Object.keys(b).sort();
    expect(shape(real.json())).toEqual(shape(noCase.json()));
    // the handling agency sees the matched one (and only that) addressed to it
    const list = (await as(env, police.users.handler!).get('/api/defence/requests')).json().items as { id: string; matched: boolean; person: { name: string } | null }[];
    const mine = list.filter((i) => [real.json().id, noCase.json().id, notYours.json().id].includes(i.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: real.json().id, matched: true, person: { name: '王某' } });
    // the lawyer lists their own
    const own = (await as(env, lawyer.cookie ? lawyer : lawyer).get('/api/defence/requests')).json().items.map((i: { id: string }) => i.id);
    expect(own).toEqual(expect.arrayContaining([real.json().id, noCase.json().id, notYours.json().id]));
    expect((await as(env, outsider).get('/api/defence/requests')).json().items.map((i: { id: string }) => i.id)).not.toContain(real.json().id);
  });

  it('a lawyer whose 执业证号 no administrator verified cannot apply; an agency administrator outside the 司法局 cannot verify it', async () => {
    const fresh = await makeUser(env, firm.id, ['lawyer']);
    const r = await request(fresh, { clientResidentId: generateResidentId(++seed, { regionCode: '220104' }), agencyId: police.id });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('LAWYER_NOT_VERIFIED');
    const byFirm = await as(env, police.users.admin!).put(`/api/users/${fresh.id}/licence`, { licenceNo: LICENCE });
    expect(byFirm.statusCode).toBe(403);
    const v = await as(env, justice.users.admin!).put(`/api/users/${fresh.id}/licence`, { licenceNo: '1220120181012345' });
    expect(v.statusCode).toBe(400);
  });

  it('CPL 39: the agency confirms only with the 委托书 on file, refuses with a reason, and a co-suspect\'s request stays pending', async () => {
    const k = await twoSuspectCase();
    const r = await request(lawyer2, { clientResidentId: k.client.residentId, agencyId: police.id });
    const id = r.json().id;
    const noMandate = await as(env, police.users.handler!).post(`/api/defence/requests/${id}/decision`, { decision: 'confirm' });
    expect(noMandate.statusCode).toBe(409);
    expect(noMandate.json().error.code).toBe('MANDATE_MISSING');
    const noReason = await as(env, police.users.handler!).post(`/api/defence/requests/${id}/decision`, { decision: 'refuse' });
    expect(noReason.statusCode).toBe(400);
    // another agency cannot decide it: as absent as anything outside its reach
    expect((await as(env, proc.users.handler!).post(`/api/defence/requests/${id}/decision`, { decision: 'refuse', reason: 'x' })).statusCode).toBe(404);
    const refused = await as(env, police.users.handler!).post(`/api/defence/requests/${id}/decision`, { decision: 'refuse', reason: '委托书未经当事人签名' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refused', decisionReason: '委托书未经当事人签名' });
    // refused: the lawyer still reads nothing
    expect((await as(env, lawyer2).get(`/api/cases/${k.caseId}`)).statusCode).toBe(404);
    expect((await as(env, police.users.handler!).post(`/api/defence/requests/${id}/decision`, { decision: 'confirm' })).statusCode).toBe(409);
  });

  it('CPL 35: a 司法局 assigns a legal-aid lawyer the same way; the lawyer sees the assignment, the agency decides it', async () => {
    const k = await twoSuspectCase();
    const r = await as(env, justice.users.handler!).post('/api/defence/requests', { kind: 'legal_aid', lawyerId: lawyer2.id, clientName: '王某', clientResidentId: k.client.residentId, caseNumber: k.number });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'legal_aid', assignedBy: { id: justice.id }, lawyer: { id: lawyer2.id, licenceNo: '12201201810654321' } });
    expect((await mandate(justice.users.handler!, r.json().id)).statusCode).toBe(200);
    expect((await as(env, lawyer2).get('/api/defence/requests')).json().items.map((i: { id: string }) => i.id)).toContain(r.json().id);
    const d = await as(env, police.users.handler!).post(`/api/defence/requests/${r.json().id}/decision`, { decision: 'confirm' });
    expect(d.statusCode, d.body).toBe(200);
    expect((await as(env, lawyer2).get(`/api/cases/${k.caseId}`)).statusCode).toBe(200);
    // a lawyer cannot assign legal aid to themselves
    const self = await request(lawyer, { kind: 'legal_aid', clientResidentId: k.client.residentId, caseNumber: k.number });
    expect(self.statusCode).toBe(403);
  });
});

describe('a confirmed representation: the client\'s part, 会见 and 阅卷', () => {
  it('404 before confirmation; after it the case is in GET /api/cases with the client only; CPL 40: no file before 审查起诉', async () => {
    const k = await twoSuspectCase();
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}`)).statusCode).toBe(404);
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/documents`)).statusCode).toBe(404);
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/dossier`)).statusCode).toBe(404);
    const before = (await as(env, lawyer).get('/api/cases?pageSize=200')).json().items.map((i: { id: string }) => i.id);
    expect(before).not.toContain(k.caseId);
    const id = await confirmed(k);
    const list = (await as(env, lawyer).get('/api/cases?pageSize=200')).json().items as { id: string; persons: string[] }[];
    expect(list.find((i) => i.id === k.caseId)?.persons).toEqual(['王某']);
    const card = await as(env, lawyer).get(`/api/cases/${k.caseId}`);
    expect(card.statusCode).toBe(200);
    expect(card.json().people.map((p: { name: string }) => p.name)).toEqual(['王某']);
    // the case's flows and their events concern the co-suspect too: none in the lawyer's view
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/processes`)).json().items).toEqual([]);
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/timeline`)).json().items).toEqual([]);
    // the co-suspect's card is not the lawyer's to read
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/persons/${k.other.id}`)).statusCode).toBe(404);
    const view = (await as(env, lawyer).get('/api/defence/requests')).json().items.find((i: { id: string }) => i.id === id);
    expect(view).toMatchObject({ status: 'confirmed', caseId: k.caseId, person: { id: k.client.id }, fileReviewOpen: false });
    // 侦查: CPL 40 opens nothing yet (CPL 38: the lawyer may ask about the charge, not read the file)
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/documents`)).json().items).toEqual([]);
    expect((await as(env, lawyer).get(`/api/documents/${k.docs.whole}/content`)).statusCode).toBe(404);
    // another lawyer (another firm) still sees nothing
    expect((await as(env, outsider).get(`/api/cases/${k.caseId}`)).statusCode).toBe(404);
  });

  it('CPL 39: a booked meeting goes to the 看守所, which registers it; arranged within 48 hours of the request', async () => {
    const k = await twoSuspectCase();
    const id = await confirmed(k);
    const requestedAt = new Date(Date.now() - 3 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 16);
    const b = await as(env, lawyer).post(`/api/defence/requests/${id}/meetings`, { requestedAt });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ state: 'DRAFT', permissionRequired: false, detentionCentre: { id: centre.id }, personName: '王某' });
    const instanceId = b.json().instanceId;
    // the lawyer follows their own booking, and no other flow of the case
    expect((await as(env, lawyer).get(`/api/process-instances/${instanceId}`)).statusCode).toBe(200);
    // CPL 39 ¶3 does not apply to 盗窃: the 看守所 cannot route it for permission
    const wrong = await act(centre.users.handler!, instanceId, 'register_booking_needing_permission');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details.guard).toBe('meeting_permission_not_required');
    const reg = await ok(centre.users.handler!, instanceId, 'register_booking');
    const t = reg.timers.find((x: { timerId: string; status: string }) => x.timerId === 'meeting_arrangement' && x.status === 'running');
    // the 48 hours run from the lawyer's request, not from the 看守所's click; the hour it was
    // made is not counted (CPL 105 ¶1): from the next full hour
    expect(t.articles).toContain('CPL 39');
    const hour = new Date(`${requestedAt.slice(0, 13)}:00:00+08:00`).getTime();
    expect(new Date(t.dueInstant).getTime()).toBe(hour + 3600_000 + 48 * 3600_000);
    await ok(centre.users.handler!, instanceId, 'arrange_meeting', { meetingAt: '次日 09:00 第3会见室' });
    const m = (await as(env, lawyer).get(`/api/defence/requests/${id}/meetings`)).json().items[0];
    expect(m).toMatchObject({ state: 'ARRANGED', meetingAt: '次日 09:00 第3会见室', deadline: { article: 'CPL 39' } });
    // a paper registration on an online booking is refused: the lawyer's papers are already in it
    const other = await as(env, lawyer).post(`/api/defence/requests/${id}/meetings`, {});
    expect(other.statusCode).toBe(201);
    expect((await act(centre.users.handler!, other.json().instanceId, 'register_request', { lawyerName: 'x', lawyerLicenceNo: 'y', mandate: 'power_of_attorney' })).statusCode).toBe(200);
    // someone else's representation: 404
    expect((await as(env, lawyer2).post(`/api/defence/requests/${id}/meetings`, {})).statusCode).toBe(404);
  });

  it('CPL 40: from 审查起诉 the lawyer reads the client\'s and the whole case\'s transferable volumes, watermarked on every page, never the 侦查工作卷 or the co-suspect\'s', async () => {
    const k = await twoSuspectCase();
    const id = await confirmed(k);
    await toProsecutionReview(k.caseId);
    const docs = (await as(env, lawyer).get(`/api/cases/${k.caseId}/documents`)).json().items.map((d: { id: string }) => d.id);
    expect(docs).toEqual(expect.arrayContaining([k.docs.whole, k.docs.client]));
    expect(docs).not.toContain(k.docs.other);
    expect(docs).not.toContain(k.docs.work);
    const dossier = await as(env, lawyer).get(`/api/cases/${k.caseId}/dossier`);
    expect(dossier.statusCode).toBe(200);
    expect(JSON.stringify(dossier.json())).not.toContain(k.docs.work);
    for (const d of [k.docs.other, k.docs.work]) expect((await as(env, lawyer).get(`/api/documents/${d}/content`)).statusCode).toBe(404);
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/documents/search?q=${encodeURIComponent('笔录')}`)).statusCode).toBe(404);
    // the download is a PDF whose every page carries the lawyer's name, 执业证号 and time
    const dl = await as(env, lawyer).get(`/api/documents/${k.docs.client}/content?disposition=attachment`);
    expect(dl.statusCode, dl.body).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    const bytes = dl.rawPayload;
    const pdf = await PDFDocument.load(bytes);
    const text = await extractPdfText(new Uint8Array(bytes));
    const name = (await env.database.db.selectFrom('users').select('display_name').where('id', '=', lawyer.id).executeTakeFirstOrThrow()).display_name;
    const stamps = text.text.split(`执业证号${LICENCE}`).length - 1;
    expect(text.text).toContain(name);
    expect(stamps).toBeGreaterThanOrEqual(pdf.getPageCount());
    expect(text.text).toContain('王某讯问笔录');
    // the agency's own download is the original file, unstamped
    const orig = await as(env, police.users.handler!).get(`/api/documents/${k.docs.client}/content`);
    expect((await extractPdfText(new Uint8Array(orig.rawPayload))).text).not.toContain(LICENCE);
    // the access report shows the lawyer's read, watermarked, to the lawyer and to the agencies
    for (const u of [lawyer, police.users.handler!, proc.users.handler!]) {
      const rep = await as(env, u).get(`/api/cases/${k.caseId}/access-report`);
      expect(rep.statusCode, rep.body).toBe(200);
      expect(rep.json().items).toEqual(expect.arrayContaining([expect.objectContaining({
        action: 'document.downloaded', documentId: k.docs.client, watermarked: true, user: expect.objectContaining({ id: lawyer.id, roles: ['lawyer'] }),
      })]));
    }
    // the lawyer's report holds only reads of files the lawyer may read
    const lawyerRep = (await as(env, lawyer).get(`/api/cases/${k.caseId}/access-report`)).json().items as { documentId: string | null }[];
    expect(lawyerRep.every((r) => r.documentId === k.docs.client || r.documentId === k.docs.whole)).toBe(true);
    expect((await as(env, outsider).get(`/api/cases/${k.caseId}/access-report`)).statusCode).toBe(404);
    // after revocation (CPL 45) access is gone: 404 again, and the case leaves the lawyer's list
    const end = await as(env, lawyer).post(`/api/defence/requests/${id}/end`, { reason: 'revoked' });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ status: 'ended', endReason: 'revoked' });
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}`)).statusCode).toBe(404);
    expect((await as(env, lawyer).get(`/api/documents/${k.docs.client}/content`)).statusCode).toBe(404);
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}/access-report`)).statusCode).toBe(404);
    expect((await as(env, lawyer).get('/api/cases?pageSize=200')).json().items.map((i: { id: string }) => i.id)).not.toContain(k.caseId);
    expect((await as(env, lawyer).post(`/api/defence/requests/${id}/meetings`, {})).statusCode).toBe(404);
  });

  it('CPL 16: the agency records the client\'s part dismissed; a lawyer cannot record that themselves', async () => {
    const k = await twoSuspectCase();
    const id = await confirmed(k);
    expect((await as(env, lawyer).post(`/api/defence/requests/${id}/end`, { reason: 'dismissed' })).statusCode).toBe(403);
    const end = await as(env, police.users.handler!).post(`/api/defence/requests/${id}/end`, { reason: 'dismissed', note: '撤销案件' });
    expect(end.statusCode, end.body).toBe(200);
    expect((await as(env, lawyer).get(`/api/cases/${k.caseId}`)).statusCode).toBe(404);
    // a refused attempt is on the audit trail
    const denied = await env.database.db.selectFrom('audit_log').select('action').where('user_id', '=', lawyer.id).where('target_id', '=', k.caseId).where('outcome', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThan(0);
  });
});
