/**
 * 辩护 in the browser (issue 15): cc-lawfirm-lawyer, representing a suspect at 审查起诉, opens 我的辩护,
 * follows 可阅卷 into the dossier and reads the client's 讯问笔录 in the viewer with the watermark
 * (name, 执业证号, time) drawn on the page; the read then shows in the case's 查阅记录 tab.
 */
import type { Browser } from 'playwright-core';
import { generateResidentId } from '@xietong/core/cases';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { extractPdfText } from '../../server/src/documents/pdf-text';
import { chinesePdf, multipart } from '../../server/src/documents/test-support';
import { provideAllEvidence } from '../../server/src/test/evidence';
import { as, login } from '../../server/src/test/harness';
import { browserSuite, DEMO_PASSWORD, launchBrowser, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

const LICENCE = '12201201810123456';

browserSuite('defence', () => {
  let server: TServer;
  let browser: Browser;
  let caseId: string;
  let docId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const env = server.env;
    const user = async (u: string) => ({ cookie: await login(env, u, DEMO_PASSWORD) });
    const police = await user('cy-police-handler');
    const procClerk = await user('cy-proc-clerk');
    const procHandler = await user('cy-proc-handler');
    const justiceAdmin = await user('cc-justice-admin');
    const lawyer = await user('cc-lawfirm-lawyer');
    const agencies = (await as(env, police).get('/api/agencies')).json().items as { id: string; name: string }[];
    const cyProc = agencies.find((a) => a.name === '长春市朝阳区人民检察院')!;
    const residentId = generateResidentId(4242, { regionCode: '220104' });
    const c = await as(env, police).post('/api/cases', {
      title: '李某盗窃案', occurredAt: '2026-10-01T22:30:00+08:00', regionCode: '220104', charges: ['theft'],
      summary: '2026年10月1日晚，犯罪嫌疑人李某在朝阳区某小区盗窃电动自行车一辆。',
      persons: [{ name: '李某', residentId, measures: [{ measure: 'detention', startedAt: new Date(Date.now() - 86_400_000).toISOString() }] }],
    });
    expect(c.statusCode, c.body).toBe(201);
    caseId = c.json().id;
    await provideAllEvidence(env, police, caseId, ['theft']);
    const personId = (await as(env, police).get(`/api/cases/${caseId}`)).json().people[0].id;
    const m = multipart(await chinesePdf(['犯罪嫌疑人李某讯问笔录', '问：你是否盗窃了电动自行车？', '答：是的。']), '讯问笔录.pdf');
    const up = await env.app.inject({
      method: 'POST', url: `/api/cases/${caseId}/documents?docType=suspect_interrogation_record&volume=evidence_materials&title=${encodeURIComponent('李某讯问笔录')}&personId=${personId}`,
      headers: { cookie: police.cookie, ...m.headers }, payload: m.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    docId = up.json().id;
    const p2 = (await as(env, police).post(`/api/cases/${caseId}/processes`, { code: 'prosecution_transfer', receiverAgencyId: cyProc.id })).json().id;
    for (const [u, action, docs] of [[police, 'submit', ['prosecution_opinion']], [procClerk, 'accept', ['case_receipt_notice']], [procHandler, 'start_review', []]] as const) {
      const r = await as(env, u).post(`/api/process-instances/${p2}/actions`, { action, input: {}, documents: docs });
      expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
    }
    const me = (await as(env, lawyer).get('/api/me')).json();
    expect((await as(env, justiceAdmin).put(`/api/users/${me.id}/licence`, { licenceNo: LICENCE })).statusCode).toBe(200);
    const number = (await as(env, police).get(`/api/cases/${caseId}`)).json().numbers.police;
    const req = await as(env, lawyer).post('/api/defence/requests', { clientName: '李某', clientResidentId: residentId, caseNumber: number });
    expect(req.statusCode, req.body).toBe(201);
    const pm = multipart(await chinesePdf(['委托书']), '委托书.pdf');
    expect((await env.app.inject({ method: 'PUT', url: `/api/defence/requests/${req.json().id}/mandate`, headers: { cookie: lawyer.cookie, ...pm.headers }, payload: pm.payload })).statusCode).toBe(200);
    const d = await as(env, procHandler).post(`/api/defence/requests/${req.json().id}/decision`, { decision: 'confirm' });
    expect(d.statusCode, d.body).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the lawyer reads the client\'s file with the watermark on the page, and the read is in 查阅记录', async () => {
    const s = await signIn(browser, server.base, 'cc-lawfirm-lawyer');
    const p = s.page;
    await p.getByRole('link', { name: '辩护' }).click();
    await p.getByTestId('defence-page').waitFor();
    await expect.poll(() => p.getByTestId('file-review-link').count(), UNTIL).toBe(1);
    await screenshot(p, 'defence-lawyer-requests');
    await p.getByTestId('file-review-link').click();
    await p.getByTestId('dossier').waitFor();
    await p.getByTestId('dossier-item').filter({ hasText: '李某讯问笔录' }).click();
    const canvas = p.getByTestId('pdf-page');
    await expect.poll(() => canvas.getAttribute('data-rendered'), UNTIL).toBe('1');
    // read only: the notice instead of upload, export and the evidence checklist
    await p.getByTestId('defence-notice').waitFor();
    await expect(p.getByTestId('upload-button').count()).resolves.toBe(0);
    await screenshot(p, 'defence-lawyer-watermark');
    // what the viewer drew is the watermarked PDF: its text names the lawyer and the 执业证号
    const res = await p.request.get(`${server.base}/api/documents/${docId}/content?disposition=inline`);
    expect(res.status()).toBe(200);
    const text = (await extractPdfText(new Uint8Array(await res.body()))).text;
    expect(text).toContain(`执业证号${LICENCE}`);
    expect(text).toContain('仅供辩护阅卷');
    // the read is in the case's 查阅记录
    await p.goto(`${server.base}/cases/${caseId}`);
    await p.getByRole('tab', { name: '查阅记录' }).click();
    const report = p.getByTestId('access-report');
    await expect.poll(() => report.locator('tr', { hasText: '李某讯问笔录' }).filter({ hasText: '已加水印' }).count(), UNTIL).toBeGreaterThan(0);
    await screenshot(p, 'defence-access-report');
    expect(s.errors).toEqual([]);
  });

  it('the procuratorate sees the representation it confirmed, with the lawyer\'s licence number, in 辩护申请', async () => {
    const s = await signIn(browser, server.base, 'cy-proc-handler');
    const p = s.page;
    await p.goto(`${server.base}/defence`);
    await p.getByTestId('defence-page').waitFor();
    await expect.poll(() => p.locator('tr', { hasText: '李某' }).filter({ hasText: LICENCE }).count(), UNTIL).toBe(1);
    await screenshot(p, 'defence-agency-requests');
    expect(s.errors).toEqual([]);
  });
});
