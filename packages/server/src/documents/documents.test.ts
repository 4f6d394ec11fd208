import zlib from 'node:zlib';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBodyDate } from '@xietong/core/dossier';
import { evidenceChecklistFor } from '@xietong/core/evidence';
import { importSm2PublicKey, sm2Verify, hash } from '@xietong/core/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { assertEvidenceComplete } from '../dossier/evidence-check';
import { provideAllEvidence } from '../test/evidence';
import { extractPdfText, readPdfOutline } from './pdf-text';
import { chinesePdf, ctxFor, multipart, plainPdf, readStoredZip, TINY_PNG, upload } from './test-support';
import { missingRenderTools, wordsWithoutInk, printReport } from './print-check';

let env: TTestEnv;
let dataDir: string;
let police: TTestUser;
let policeApprover: TTestUser;
let proc: TTestUser;
let procApprover: TTestUser;
let outsider: TTestUser;
let procAgencyId: string;
let policeAgencyId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-docs-'));
  env = await createTestEnv({ dataDir });
  const pa = await makeAgency(env, { type: 'police', name: `长春市公安局朝阳分局${crypto.randomBytes(3).toString('hex')}` });
  const ja = await makeAgency(env, { type: 'procuratorate', name: `长春市朝阳区人民检察院${crypto.randomBytes(3).toString('hex')}` });
  const other = await makeAgency(env, { type: 'police' });
  policeAgencyId = pa.id;
  procAgencyId = ja.id;
  police = await makeUser(env, pa.id, ['handler']);
  policeApprover = await makeUser(env, pa.id, ['approver']);
  proc = await makeUser(env, ja.id, ['handler']);
  procApprover = await makeUser(env, ja.id, ['approver']);
  outsider = await makeUser(env, other.id, ['handler']);
});

afterAll(async () => {
  await env?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The case flows to the procuratorate (what the process engine does on 移送). */
async function flowTo(caseId: string, agencyId: string) {
  await env.database.db.insertInto('case_parties').values({ case_id: caseId, agency_id: agencyId }).onConflict((oc) => oc.doNothing()).execute();
}

/** Poppler and MuPDF draw the PDF without complaint and with ink for its text (print-check.ts); not checked without them. */
function expectPrints(bytes: Uint8Array, label: string) {
  if (missingRenderTools.length) return; // legal-pdf-render.test.ts reports the missing tools (and fails under CI)
  const report = printReport(bytes);
  expect(report.complaints, label).toEqual({ pdftoppm: [], mutool: [] });
  expect(wordsWithoutInk(report), label).toEqual([]);
}

async function audits(action: string, targetId: string) {
  return env.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).orderBy('id').execute();
}

describe('upload, hash, download', () => {
  it('stores a PDF content-addressed with SM3 and SHA-256 and returns identical bytes (audited)', async () => {
    const c = await makeCase(env, police);
    const pdf = await chinesePdf(['受案登记表', '报案人李四称其车辆被盗。']);
    const res = await upload(env, police, `/api/cases/${c.id}/documents?docType=case_registration&title=${encodeURIComponent('受案登记表')}`, pdf, '受案登记表.pdf');
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc.currentVersion.sha256).toBe(crypto.createHash('sha256').update(pdf).digest('hex'));
    expect(doc.currentVersion.sm3).toBe(crypto.createHash('sm3').update(pdf).digest('hex'));
    expect(doc.currentVersion).toMatchObject({ size: pdf.length, mediaType: 'application/pdf', version: 1, pageCount: 1, fileName: '受案登记表.pdf' });
    expect(doc.volume).toBe('litigation_documents');
    expect(fs.existsSync(path.join(dataDir, 'blobs', doc.currentVersion.sha256.slice(0, 2), doc.currentVersion.sha256))).toBe(true);

    const dl = await as(env, police).get(`/api/documents/${doc.id}/content`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['x-content-sm3']).toBe(doc.currentVersion.sm3);
    const view = await as(env, police).get(`/api/documents/${doc.id}/content?disposition=inline`);
    expect(view.statusCode).toBe(200);
    expect((await audits('document.downloaded', doc.id)).map((a) => a.outcome)).toEqual(['ok']);
    expect((await audits('document.viewed', doc.id)).map((a) => a.outcome)).toContain('ok');
    expect((await audits('document.uploaded', doc.id))[0]!.details).toMatchObject({ sm3: doc.currentVersion.sm3 });
    const ledger = await env.database.db.selectFrom('ledger_entries').select('kind').where('ref_table', '=', 'document_versions').where('ref_id', '=', doc.currentVersion.id).execute();
    expect(ledger).toHaveLength(1);

    // searchable by its text layer
    const s = await as(env, police).get(`/api/cases/${c.id}/documents/search?q=${encodeURIComponent('车辆被盗')}`);
    expect(s.statusCode).toBe(200);
    expect(s.json().items[0]).toMatchObject({ documentId: doc.id });
    expect(s.json().items[0].snippet).toContain('车辆被盗');
  });

  it('decides the type by magic bytes: a renamed executable is refused with DOCUMENT_TYPE_REFUSED', async () => {
    const c = await makeCase(env, police);
    const url = `/api/cases/${c.id}/documents?docType=evidence_photo&title=${encodeURIComponent('现场照片')}`;
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), crypto.randomBytes(4000)]);
    const r1 = await upload(env, police, url, elf, '现场照片.pdf');
    expect(r1.statusCode).toBe(415);
    expect(r1.json().error).toMatchObject({ code: 'DOCUMENT_TYPE_REFUSED', details: { detected: 'elf' } });
    const pe = Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(2000)]);
    expect((await upload(env, police, url, pe, 'scan.jpg')).json().error.details.detected).toBe('pe');
    expect((await upload(env, police, url, Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a.png')).json().error.details.detected).toBe('script');
    expect((await upload(env, police, url, Buffer.from('hello world'), 'a.pdf')).json().error.details.detected).toBe('unknown');
    // nothing was filed
    const list = await as(env, police).get(`/api/cases/${c.id}/documents`);
    expect(list.json().items).toEqual([]);
    // but a real JPEG named .exe is accepted as a JPEG
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(100)]);
    const ok = await upload(env, police, url, jpeg, 'photo.exe');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().currentVersion.mediaType).toBe('image/jpeg');
    expect(ok.json().volume).toBe('evidence_materials');
  });

  it('accepts OFD (a ZIP with OFD.xml) and refuses any other ZIP', async () => {
    const c = await makeCase(env, police);
    const url = `/api/cases/${c.id}/documents?docType=filing_decision&title=${encodeURIComponent('立案决定书')}`;
    const { default: yazl } = await import('yazl');
    const zipOf = async (name: string) => {
      const z = new yazl.ZipFile();
      z.addBuffer(Buffer.from('<ofd:OFD/>'), name);
      z.end();
      const chunks: Buffer[] = [];
      for await (const ch of z.outputStream) chunks.push(ch as Buffer);
      return Buffer.concat(chunks);
    };
    const ofd = await upload(env, police, url, await zipOf('OFD.xml'), 'a.ofd');
    expect(ofd.statusCode, ofd.body).toBe(201);
    expect(ofd.json().currentVersion.mediaType).toBe('application/ofd');
    const zip = await upload(env, police, url, await zipOf('payload.exe'), 'b.ofd');
    expect(zip.statusCode).toBe(415);
    expect(zip.json().error.details.detected).toBe('zip');
  });

  it('enforces size limits per type', async () => {
    process.env.XIETONG_UPLOAD_MAX_MB_PNG = '0.001';
    // test files share the process (vitest isolation off): the limit must not outlive this env's creation
    const limited = await createTestEnv({ dataDir }).finally(() => { delete process.env.XIETONG_UPLOAD_MAX_MB_PNG; });
    try {
      const u = await makeUser(limited, (await makeAgency(limited, { type: 'police' })).id, ['handler']);
      const cc = await makeCase(limited, u);
      const png = Buffer.concat([TINY_PNG.subarray(0, 8), crypto.randomBytes(5000)]);
      const r = await upload(limited, u, `/api/cases/${cc.id}/documents?docType=photo&title=x1`, png, 'x.png');
      expect(r.statusCode).toBe(413);
      expect(r.json().error.code).toBe('DOCUMENT_TOO_LARGE');
      const ok = await upload(limited, u, `/api/cases/${cc.id}/documents?docType=photo&title=x1`, TINY_PNG, 'x.png');
      expect(ok.statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('versions: never deleted or overwritten', () => {
  it('supersedes with a reason; the old version stays retrievable; rows are append-only', async () => {
    const c = await makeCase(env, police);
    const v1 = await chinesePdf(['到案经过', '第一稿']);
    const v2 = await chinesePdf(['到案经过', '第二稿（更正时间）']);
    const doc = (await upload(env, police, `/api/cases/${c.id}/documents?docType=arrival_account&title=${encodeURIComponent('到案经过')}`, v1)).json();
    const noReason = await upload(env, police, `/api/documents/${doc.id}/versions`, v2);
    expect(noReason.statusCode).toBe(400);
    const r = await upload(env, police, `/api/documents/${doc.id}/versions?reason=${encodeURIComponent('更正抓获时间')}`, v2);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ versionCount: 2, currentVersion: { version: 2, supersedeReason: '更正抓获时间' } });
    const detail = (await as(env, police).get(`/api/documents/${doc.id}`)).json();
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = await as(env, police).get(`/api/documents/${doc.id}/content?versionId=${doc.currentVersion.id}`);
    expect(old.rawPayload.equals(v1)).toBe(true);
    const cur = await as(env, police).get(`/api/documents/${doc.id}/content`);
    expect(cur.rawPayload.equals(v2)).toBe(true);
    await expect(env.database.db.updateTable('document_versions').set({ file_name: 'x' }).where('id', '=', doc.currentVersion.id).execute()).rejects.toThrow(/append-only/);
    await expect(env.database.db.deleteFrom('document_versions').where('id', '=', doc.currentVersion.id).execute()).rejects.toThrow(/append-only/);
    // another agency, even a party, may read but not replace
    await flowTo(c.id, procAgencyId);
    const foreign = await upload(env, proc, `/api/documents/${doc.id}/versions?reason=${encodeURIComponent('试图替换')}`, v1);
    expect(foreign.statusCode).toBe(403);
  });
});

describe('access', () => {
  it('a user of an agency outside the case gets 404 for list, detail and download, each audited', async () => {
    const c = await makeCase(env, police);
    const doc = (await upload(env, police, `/api/cases/${c.id}/documents?docType=case_registration&title=t`, await plainPdf())).json();
    const dl = await as(env, outsider).get(`/api/documents/${doc.id}/content`);
    expect(dl.statusCode).toBe(404);
    expect(dl.json().error.code).toBe('NOT_FOUND');
    const denied = await env.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.downloaded').where('outcome', '=', 'denied')
      .where('user_id', '=', outsider.id).execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]!.details).toMatchObject({ caseId: c.id });
    expect((await as(env, outsider).get(`/api/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await as(env, outsider).get(`/api/cases/${c.id}/documents`)).statusCode).toBe(404);
    expect((await upload(env, outsider, `/api/cases/${c.id}/documents?docType=x1&title=t`, await plainPdf())).statusCode).toBe(404);
    expect((await as(env, outsider).get(`/api/cases/${c.id}/dossier/package`)).statusCode).toBe(404);
  });

  it('the case flows on: the receiver reads transferable volumes without re-upload, never the 侦查工作卷, and adds its own', async () => {
    const c = await makeCase(env, police);
    const lit = (await upload(env, police, `/api/cases/${c.id}/documents?docType=filing_decision&title=${encodeURIComponent('立案决定书')}`, await plainPdf(2))).json();
    const ev = (await upload(env, police, `/api/cases/${c.id}/documents?docType=blood_alcohol_opinion&title=${encodeURIComponent('血液酒精含量鉴定意见')}`, await plainPdf(3))).json();
    const work = (await upload(env, police, `/api/cases/${c.id}/documents?docType=internal_report&title=${encodeURIComponent('呈请报告')}&volume=investigation_work`, await plainPdf())).json();
    expect(work.volume).toBe('investigation_work');
    expect((await as(env, proc).get(`/api/documents/${lit.id}`)).statusCode).toBe(404);
    await flowTo(c.id, procAgencyId);
    expect((await as(env, proc).get(`/api/documents/${lit.id}/content`)).statusCode).toBe(200);
    const hidden = await as(env, proc).get(`/api/documents/${work.id}/content`);
    expect(hidden.statusCode).toBe(404);
    expect((await audits('document.downloaded', work.id)).map((a) => a.outcome)).toEqual(['denied']);
    const bad = await upload(env, proc, `/api/cases/${c.id}/documents?docType=x1&title=t&volume=evidence_materials`, await plainPdf());
    expect(bad.statusCode).toBe(400);
    const own = await upload(env, proc, `/api/cases/${c.id}/documents?docType=review_report&title=${encodeURIComponent('审查报告')}`, await plainPdf());
    expect(own.json().volume).toBe('procuratorate_main');

    const dossier = (await as(env, proc).get(`/api/cases/${c.id}/dossier`)).json();
    expect(dossier.volumes.map((v: { zh: string; inherited: boolean }) => [v.zh, v.inherited])).toEqual([
      ['诉讼文书卷', true], ['证据材料卷', true], ['检察正卷', false],
    ]);
    const evVol = dossier.volumes[1];
    expect(evVol.items[0]).toMatchObject({ documentId: ev.id, pageFrom: 1, pageTo: 3 });
    const mine = (await as(env, police).get(`/api/cases/${c.id}/dossier`)).json();
    expect(mine.volumes.map((v: { zh: string }) => v.zh)).toEqual(['诉讼文书卷', '证据材料卷', '侦查工作卷', '检察正卷']);

    // the police's own 侦查工作卷 cannot be exported by the receiver
    expect((await as(env, proc).get(`/api/cases/${c.id}/dossier/volumes/${policeAgencyId}/investigation_work/pdf`)).statusCode).toBe(404);
    const pdfRes = await as(env, proc).get(`/api/cases/${c.id}/dossier/volumes/${policeAgencyId}/evidence_materials/pdf`);
    expect(pdfRes.statusCode).toBe(200);
    const outline = await readPdfOutline(pdfRes.rawPayload);
    expect(outline).toEqual(['卷宗封面', '卷内目录', '血液酒精含量鉴定意见']);
    const text = await extractPdfText(pdfRes.rawPayload);
    expect(text.pages).toBe(2 + 3);
    expect(text.text).toContain('证据材料卷');
    expect(text.text).toContain('卷 内 目 录');
    expectPrints(pdfRes.rawPayload, 'volume');

    const zipRes = await as(env, proc).get(`/api/cases/${c.id}/dossier/package`);
    expect(zipRes.statusCode).toBe(200);
    const entries = readStoredZip(zipRes.rawPayload);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    const items = manifest.volumes.flatMap((v: { items: { path: string; sm3: string; documentId: string }[] }) => v.items);
    expect(items.map((i: { documentId: string }) => i.documentId).sort()).toEqual([lit.id, ev.id, own.json().id].sort());
    for (const i of items) expect(crypto.createHash('sm3').update(entries.get(i.path)!).digest('hex')).toBe(i.sm3);
    expect([...entries.keys()].some((k) => k.includes('侦查工作卷'))).toBe(false);
    const sigs = JSON.parse(entries.get('signatures.json')!.toString());
    expect(sigs.signatures).toEqual([]);
    // the ledger's inclusion proofs travel with the package
    expect(manifest.ledgerProof).toBe('ledger-proof.json');
    const proof = JSON.parse(entries.get('ledger-proof.json')!.toString());
    const versionEntries = proof.entries.filter((e: { refTable: string }) => e.refTable === 'document_versions');
    expect(versionEntries.map((e: { refId: string }) => e.refId).sort()).toEqual(items.map((i: { versionId: string }) => i.versionId).sort());
    // manifest.json, signatures.json and README.txt are vouched for by the export's own audit row
    const exportEntry = proof.entries.find((e: { refTable: string }) => e.refTable === 'audit_log');
    expect(exportEntry.files.map((f: { path: string }) => f.path).sort()).toEqual(['README.txt', 'manifest.json', 'signatures.json']);
  });
});

describe('legal documents', () => {
  it('generates a signed 起诉书 with the defendant and charge as text; one changed byte fails verification', async () => {
    const c = await makeCase(env, police);
    const person = await env.database.db.selectFrom('case_persons').select('name').where('case_id', '=', c.id).executeTakeFirstOrThrow();
    await flowTo(c.id, procAgencyId);
    const res = await as(env, proc).post(`/api/cases/${c.id}/legal-documents`, {
      templateId: 'indictment',
      fields: { receiverName: '长春市朝阳区人民法院', transferDate: '2025年3月20日', facts: '2025年3月1日22时许，被告人醉酒驾驶小型汽车行驶于人民大街，被民警查获。经鉴定，其血液酒精含量为152mg/100ml。' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { document, signature } = res.json();
    expect(document).toMatchObject({ origin: 'generated', docType: 'indictment', title: '起诉书', volume: 'procuratorate_main' });
    expect(document.number).toMatch(/^[\u4e00-\u9fa5]+起诉字〔\d{4}〕1号$/);
    const dl = await as(env, proc).get(`/api/documents/${document.id}/content`);
    const bytes = dl.rawPayload;
    expectPrints(bytes, '起诉书');
    expect(bytes.length).toBeLessThan(200_000);
    const { text } = await extractPdfText(bytes);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(`被告人${person.name}`);
    expect(flat).toContain('危险驾驶罪');
    expect(flat).toContain('起诉书');
    expect(flat).toContain('于2025年3月20日向本院移送审查起诉');
    expect(flat).toContain(document.number);

    // SM2 over SM3 of the exact bytes, checked with core's vector-tested sm2Verify
    const key = importSm2PublicKey(signature.publicKeyPem);
    const sig = Buffer.from(signature.signature, 'base64');
    expect(sm2Verify(key, hash('sm3', bytes), sig)).toBe(true);
    const tampered = Buffer.from(bytes);
    const mid = Math.floor(tampered.length / 2);
    tampered[mid] = tampered[mid]! ^ 0x01;
    expect(sm2Verify(key, hash('sm3', tampered), sig)).toBe(false);

    const verify = (b: Buffer) => {
      const m = multipart(b, 'qs.pdf');
      return env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: m.headers, payload: m.payload });
    };
    const ok = (await verify(bytes)).json();
    expect(ok).toMatchObject({ valid: true, signatures: [{ agencyId: procAgencyId, valid: true, documentNumber: document.number }] });
    const bad = (await verify(tampered)).json();
    expect(bad.valid).toBe(false);
    expect(bad.signatures).toEqual([]);
    // metadata still says what it claims to be
    const meta = (await verify(Buffer.concat([bytes, Buffer.from('\n% appended\n')]))).json();
    expect(meta).toMatchObject({ valid: false, claimed: { keyId: signature.keyId, documentNumber: document.number } });

    // the series continues: the next 起诉书 of this agency is number 2
    const second = await as(env, proc).post(`/api/cases/${c.id}/legal-documents`, { templateId: 'indictment', fields: { receiverName: '某法院', transferDate: '2025年3月20日', facts: '同上。' } });
    expect(second.json().document.number).toMatch(/〔\d{4}〕2号$/);
    // police may not issue a 起诉书; missing fields are named
    expect((await as(env, police).post(`/api/cases/${c.id}/legal-documents`, { templateId: 'indictment', fields: {} })).statusCode).toBe(403);
    const missing = await as(env, proc).post(`/api/cases/${c.id}/legal-documents`, { templateId: 'indictment', fields: {} });
    expect(missing.statusCode).toBe(400);
    // no P2 移送审查起诉 on this case, so its date is asked for rather than printed blank
    expect(missing.json().error.details.missing).toEqual(expect.arrayContaining(['receiverName', 'facts', 'transferDate']));
  });

  it('起诉书 (CPL 176): the 移送审查起诉 date is the day of the P2 submit on the case, entered once, never typed again nor left out', async () => {
    const c = await makeCase(env, police);
    await provideAllEvidence(env, police, c.id);
    const inst = (await as(env, police).post(`/api/cases/${c.id}/processes`, { code: 'prosecution_transfer', receiverAgencyId: procAgencyId })).json();
    const sent = await as(env, police).post(`/api/process-instances/${inst.id}/actions`, { action: 'submit', input: {} });
    expect(sent.statusCode, sent.body).toBe(200);
    const at = (await env.database.db.selectFrom('process_events').select('at').where('instance_id', '=', inst.id).where('action', '=', 'submit').executeTakeFirstOrThrow()).at;
    const day = new Date(new Date(at).getTime() + 8 * 3600_000); // the Shanghai calendar day
    // the body of a document states dates in Arabic numerals (2026年11月30日); only the 落款 is in Chinese numerals
    const expected = formatBodyDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
    const res = await as(env, proc).post(`/api/cases/${c.id}/legal-documents`, { templateId: 'indictment', fields: { receiverName: '长春市朝阳区人民法院', facts: '被告人醉酒驾驶机动车。' } });
    expect(res.statusCode, res.body).toBe(201);
    const bytes = (await as(env, proc).get(`/api/documents/${res.json().document.id}/content`)).rawPayload;
    const flat = (await extractPdfText(bytes)).text.replace(/\s+/g, '');
    expect(flat).toContain(`于${expected}向本院移送审查起诉`);
  });

  it('every template renders for its issuer', async () => {
    const c = await makeCase(env, police);
    await flowTo(c.id, procAgencyId);
    const templates = (await as(env, police).get('/api/legal-templates')).json().items as { id: string; issuers: string[]; fields: { key: string; required: boolean; default?: string }[] }[];
    expect(templates.length).toBeGreaterThanOrEqual(10);
    for (const t of templates.filter((x) => x.issuers.includes('police') || x.issuers.includes('procuratorate'))) {
      const user = t.issuers.includes('police') ? police : proc;
      // required fields, and fact dates this case has no event for (no default may stand in for them)
      const fields = Object.fromEntries(t.fields.filter((f) => f.required || f.default === undefined).map((f) => [f.key, `${f.key}内容`]));
      const r = await as(env, user).post(`/api/cases/${c.id}/legal-documents`, { templateId: t.id, fields });
      expect(r.statusCode, `${t.id}: ${r.body}`).toBe(201);
    }
  });
});

describe('records confirmed in the system', () => {
  it('binds signature and fingerprint to the record hash and seals them into a signed PDF', async () => {
    const c = await makeCase(env, police);
    const content = {
      kind: 'interrogation', subjectName: '张三', location: '长春市公安局朝阳分局办案区', startedAt: '2025-03-02 09:00', endedAt: '2025-03-02 09:40',
      interviewers: ['王警官', '李警官'], recorder: '李警官', qa: [{ q: '你昨晚是否饮酒后驾驶机动车？', a: '是的，我喝了白酒后开车。' }],
    };
    const draft = await as(env, police).post(`/api/cases/${c.id}/records`, content);
    expect(draft.statusCode, draft.body).toBe(201);
    const rec = draft.json();
    const png = TINY_PNG.toString('base64');
    const wrong = await as(env, police).post(`/api/records/${rec.id}/confirm`, { contentSm3: '0'.repeat(64), signaturePng: png, fingerprintPng: png });
    expect(wrong.statusCode).toBe(409);
    const notPng = await as(env, police).post(`/api/records/${rec.id}/confirm`, { contentSm3: rec.contentSm3, signaturePng: Buffer.from('GIF89a....').toString('base64'), fingerprintPng: png });
    expect(notPng.statusCode).toBe(415);
    const ok = await as(env, police).post(`/api/records/${rec.id}/confirm`, { contentSm3: rec.contentSm3, signaturePng: png, fingerprintPng: png });
    expect(ok.statusCode, ok.body).toBe(200);
    const { record, document } = ok.json();
    expect(record).toMatchObject({ status: 'confirmed', contentSm3: rec.contentSm3 });
    expect(document).toMatchObject({ origin: 'record', volume: 'evidence_materials', title: '讯问笔录（张三）' });
    const bytes = (await as(env, police).get(`/api/documents/${document.id}/content`)).rawPayload;
    expectPrints(bytes, '笔录');
    const flat = (await extractPdfText(bytes)).text.replace(/\s+/g, '');
    expect(flat).toContain('是的，我喝了白酒后开车。');
    expect(flat).toContain(record.bindingSm3);
    const verify = async (b: Buffer) => {
      const m = multipart(b, 'r.pdf');
      return (await env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: m.headers, payload: m.payload })).json();
    };
    expect((await verify(bytes)).valid).toBe(true);
    const t = Buffer.from(bytes);
    t[t.length - 100] = t[t.length - 100]! ^ 0x20;
    expect((await verify(t)).valid).toBe(false);
    expect((await as(env, police).post(`/api/records/${rec.id}/confirm`, { contentSm3: rec.contentSm3, signaturePng: png, fingerprintPng: png })).statusCode).toBe(409);
  });

  it('a signature image too large to decode or truncated is refused with a clear error, and the record stays a draft (found in review: 12 s stall, then a 500)', async () => {
    const c = await makeCase(env, police);
    const made = await as(env, police).post(`/api/cases/${c.id}/records`, {
      kind: 'interrogation', subjectName: '李四', location: '办案区', startedAt: '2025-03-02 10:00', endedAt: '2025-03-02 10:20',
      interviewers: ['王警官', '李警官'], recorder: '李警官', qa: [{ q: '你是否到过现场？', a: '到过。' }],
    });
    expect(made.statusCode, made.body).toBe(201);
    const draft = made.json();
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
      return out;
    };
    const pngOf = (width: number, height: number, rows: Buffer) => {
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(width, 0);
      ihdr.writeUInt32BE(height, 4);
      ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
      return Buffer.concat([TINY_PNG.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]).toString('base64');
    };
    const confirm = (signaturePng: string) => as(env, police).post(`/api/records/${draft.id}/confirm`, { contentSm3: draft.contentSm3, signaturePng, fingerprintPng: TINY_PNG.toString('base64') });
    // 11000×11000 pixels declared by a small file: refused from its header, never decoded
    const bomb = await confirm(pngOf(11_000, 11_000, Buffer.alloc(11_001 * 64)));
    expect(bomb.statusCode, bomb.body).toBe(415);
    expect(bomb.json().error).toMatchObject({ code: 'DOCUMENT_TYPE_REFUSED', details: { field: '签名图像', width: 11_000, height: 11_000 } });
    expect(bomb.json().error.message).toContain('尺寸不合要求');
    // the 500 of the review: a header and nothing after it
    const truncated = await confirm('iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAA');
    expect(truncated.statusCode, truncated.body).toBe(415);
    expect(truncated.json().error.message).toMatch(/签名图像(已损坏|尺寸)/);
    // a header whose image data stops short: refused when it is decoded, not a 500
    const cut = await confirm(Buffer.from(pngOf(64, 64, crypto.randomBytes(65 * 64)), 'base64').subarray(0, 60).toString('base64'));
    expect(cut.statusCode, cut.body).toBe(415);
    expect(cut.json().error.message).toContain('签名图像已损坏');
    const row = await env.database.db.selectFrom('verbal_records').select(['status', 'document_id']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', document_id: null });
    // the draft is still confirmed with good images
    const ok = await confirm(TINY_PNG.toString('base64'));
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('evidence guidelines (证据指引)', () => {
  it('a 醉驾 case without the blood-alcohol report is blocked from 移送审查起诉 unless an approver overrides; with it, it passes', async () => {
    const c = await makeCase(env, police, { charges: ['dangerous_driving'] });
    const guide = evidenceChecklistFor(['dangerous_driving']);
    const mandatory = guide.items.filter((i) => i.mandatory && i.stages.includes('prosecution_transfer')).map((i) => i.id);
    expect(mandatory).toContain('dangerous_driving.blood_alcohol_opinion');
    const everythingElse = mandatory.filter((id) => id !== 'dangerous_driving.blood_alcohol_opinion');
    const bundle = (await upload(env, police, `/api/cases/${c.id}/documents?docType=evidence_bundle&title=${encodeURIComponent('证据材料')}`, await plainPdf())).json();
    // an id or value names beyond any checklist's are refused by name, not echoed back or stored (found in review)
    const long = 'x'.repeat(900_000);
    const huge = await as(env, police).put(`/api/documents/${bundle.id}/evidence-tags`, { items: [{ itemId: long }] });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'body.items.0.itemId' }] } });
    expect(huge.body.length).toBeLessThan(2_000);
    const keys = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]));
    expect((await as(env, police).put(`/api/documents/${bundle.id}/evidence-tags`, { items: [{ itemId: everythingElse[0], values: keys }] })).statusCode).toBe(400);
    const tag = await as(env, police).put(`/api/documents/${bundle.id}/evidence-tags`, { items: everythingElse.map((itemId) => ({ itemId })) });
    expect(tag.statusCode, tag.body).toBe(200);

    const check = (await as(env, police).get(`/api/cases/${c.id}/evidence-check?stage=prosecution_transfer`)).json();
    expect(check.complete).toBe(false);
    expect(check.missing.map((m: { id: string }) => m.id)).toEqual(['dangerous_driving.blood_alcohol_opinion']);

    const handlerCtx = await ctxFor(env, police.id);
    const run = (ctx: typeof handlerCtx, override?: { reason: string }) =>
      env.database.db.transaction().execute((tx) => assertEvidenceComplete(tx, ctx, c.id, 'prosecution_transfer', override, { auditDb: env.database.db }));
    const err = await run(handlerCtx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('EVIDENCE_INCOMPLETE');
    expect((err as AppError).details).toMatchObject({ missing: [{ id: 'dangerous_driving.blood_alcohol_opinion', zh: '血液酒精含量鉴定意见' }] });
    expect(((await run(handlerCtx, { reason: '血检报告在途，先行移送' }).catch((e: AppError) => e)) as AppError).code).toBe('FORBIDDEN');
    const approverCtx = await ctxFor(env, policeApprover.id);
    await run(approverCtx, { reason: '血检报告在途，先行移送' });
    const overrides = await env.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'evidence.override').where('case_id', '=', c.id).execute();
    expect(overrides.map((o) => o.outcome)).toEqual(['denied', 'ok']);
    expect(overrides[1]!.details).toMatchObject({ reason: '血检报告在途，先行移送', missing: [{ id: 'dangerous_driving.blood_alcohol_opinion' }] });

    // a report below 80 mg/100ml fails its rule
    const report = (await upload(env, police, `/api/cases/${c.id}/documents?docType=blood_alcohol_opinion&title=${encodeURIComponent('血液酒精含量鉴定意见')}`, await plainPdf())).json();
    await as(env, police).put(`/api/documents/${report.id}/evidence-tags`, { items: [{ itemId: 'dangerous_driving.blood_alcohol_opinion', values: { bac_mg_per_100ml: 70 } }] });
    const low = await run(handlerCtx).catch((e: AppError) => e);
    expect((low as AppError).details).toMatchObject({ missing: [], failedRules: [{ itemId: 'dangerous_driving.blood_alcohol_opinion', actual: 70 }] });
    // with the report (BAC 152) the send may go
    await as(env, police).put(`/api/documents/${report.id}/evidence-tags`, { items: [{ itemId: 'dangerous_driving.blood_alcohol_opinion', values: { bac_mg_per_100ml: 152 } }] });
    const passed = await run(handlerCtx);
    expect(passed.complete).toBe(true);
    expect((await as(env, police).get(`/api/cases/${c.id}/evidence-check?stage=prosecution_transfer`)).json().complete).toBe(true);
    // the receiver sees the same checklist
    await flowTo(c.id, procAgencyId);
    expect((await as(env, proc).get(`/api/cases/${c.id}/evidence-check?stage=prosecution_transfer`)).json().complete).toBe(true);
    // tags on the 侦查工作卷 do not count (it is not sent)
    const unknownTag = await as(env, police).put(`/api/documents/${report.id}/evidence-tags`, { items: [{ itemId: 'theft.valuation' }] });
    expect(unknownTag.statusCode).toBe(400);
    void procApprover;
  });

  it('CPL 85: the 拘留证 the platform issued on 登记刑事拘留 counts as the 强制措施法律文书 of the checklist, untagged', async () => {
    const c = await makeCase(env, police, { charges: ['theft'], persons: [{ name: '赵某', sex: 'male' }] });
    const item = async () =>
      ((await as(env, police).get(`/api/cases/${c.id}/evidence-check?stage=arrest_request`)).json() as { items: { id: string; present: boolean }[] })
        .items.find((i) => i.id === 'common.coercive_measure_documents');
    expect(await item()).toMatchObject({ present: false });
    const inst = (await as(env, police).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procAgencyId })).json();
    const personId = (await as(env, police).get(`/api/cases/${c.id}`)).json().people[0].id;
    const detained = await as(env, police).post(`/api/process-instances/${inst.id}/actions`, { action: 'record_detention', input: { personId } });
    expect(detained.statusCode, detained.body).toBe(200);
    expect(await item()).toMatchObject({ present: true });
    // the card checks the send before it is pressed: 提请批准逮捕 names the checklist stage it must satisfy
    const actions = detained.json().availableActions as { action: string; evidenceStage?: string }[];
    expect(actions.find((a) => a.action === 'submit')).toMatchObject({ evidenceStage: 'arrest_request' });
    expect(actions.find((a) => a.action === 'extend_detention')?.evidenceStage).toBeUndefined();
  });
});
