/**
 * The readable audit log (issue 14): rows name the case (title and 案号), the person and the action
 * in Chinese and English; the trail is searched by case name, 案号, person, action and day; a row's
 * details read as sentences; the export is a CSV a spreadsheet opens. 三员: the audit administrator
 * reads it, the system administrator may not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, caseBody, createTestEnv, login, type TTestEnv } from '../test/harness';
import { todayInShanghai } from '../cases/get-case';
import { DEMO_PASSWORD, demoPeople } from '../demo/demo-agencies';
import { seedDemo } from '../demo/seed-demo';

let env: TTestEnv;
let ids: Record<string, string>;
let caseId: string;
let policeNumber: string;
const title = `李某某盗窃审计可读案${process.pid}`;
const policeName = demoPeople().find((p) => p.username === 'cy-police-handler')!.name;
const auditor = async () => ({ cookie: await login(env, 'auditadmin', DEMO_PASSWORD) });
type TRow = { caseId: string | null; caseTitle: string | null; caseNumber: string | null; action: string; actionLabel: { zh: string; en: string }; displayName: string; description: { zh: string; en: string }[] };

beforeAll(async () => {
  env = await createTestEnv();
  ids = (await seedDemo(env.database.db)).agencyIds;
  const police = { cookie: await login(env, 'cy-police-handler', DEMO_PASSWORD) };
  const created = await as(env, police).post('/api/cases', caseBody({ title, charges: ['theft'] }));
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  policeNumber = created.json().numbers.police;
  // the 朝阳区检察院 tries to open it before it is a party: refused, audited
  await as(env, { cookie: await login(env, 'cy-proc-handler', DEMO_PASSWORD) }).get(`/api/cases/${caseId}`);
  await as(env, police).post(`/api/cases/${caseId}/processes`, { code: 'arrest', receiverAgencyId: ids['cy-proc'] });
}, 120_000);
afterAll(async () => { await env.close(); });

describe('the readable audit log', () => {
  it('is searched by case name: rows show the title, the 受案号 and the action in Chinese, not ids and codes', async () => {
    const res = await as(env, await auditor()).get(`/api/audit?q=${encodeURIComponent('审计可读案')}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as TRow[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((r) => r.caseTitle === title)).toBe(true);
    const createdRow = items.find((r) => r.action === 'case.created')!;
    expect(createdRow.actionLabel).toEqual({ zh: '创建案件', en: 'Created case' });
    expect(createdRow.caseNumber).toBe(policeNumber);
    expect(createdRow.displayName).toBe(policeName);
    const started = items.find((r) => r.action === 'process.started')!;
    expect(started.description.map((d) => d.zh)).toEqual(expect.arrayContaining(['流程：逮捕业务（提请批准逮捕）（P1）', '接收机关：长春市朝阳区人民检察院']));
    const refused = items.find((r) => r.action === 'case.read')!;
    expect(refused.description.map((d) => d.zh)).toContain('原因：案件不在本人访问范围内');
    for (const r of items) for (const d of r.description) expect(d.zh).not.toMatch(/[{}]|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('is searched by 案号, by person and by day and action', async () => {
    const a = await auditor();
    const byNumber = (await as(env, a).get(`/api/audit?q=${encodeURIComponent(policeNumber)}`)).json().items as TRow[];
    expect(byNumber.map((r) => r.caseId)).toContain(caseId);
    const byPerson = (await as(env, a).get(`/api/audit?person=${encodeURIComponent(policeName)}&action=case.created`)).json().items as TRow[];
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every((r) => r.displayName === policeName && r.action === 'case.created')).toBe(true);
    const today = todayInShanghai();
    expect((await as(env, a).get(`/api/audit?q=${encodeURIComponent(title)}&from=${today}&to=${today}`)).json().total).toBeGreaterThan(0);
    expect((await as(env, a).get(`/api/audit?q=${encodeURIComponent(title)}&to=2020-01-01`)).json().total).toBe(0);
  });

  it('exports the search as CSV (UTF-8 with BOM) with the case, the person and the action in Chinese; the export is audited', async () => {
    const a = await auditor();
    const res = await as(env, a).get(`/api/audit/export?q=${encodeURIComponent(title)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const lines = res.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('时间（北京时间）,姓名,用户名,机构,操作,结果,案件,案号,说明,IP');
    expect(lines.some((l) => l.includes('创建案件') && l.includes(title) && l.includes(policeName) && l.includes(policeNumber))).toBe(true);
    const exported = (await as(env, a).get('/api/audit?action=audit.exported')).json().items as TRow[];
    expect(exported.length).toBeGreaterThan(0);
  });

  it('三员: the system administrator and a case handler may not read or export it (FORBIDDEN)', async () => {
    for (const u of ['cy-police-admin', 'cy-police-handler']) {
      const who = { cookie: await login(env, u, DEMO_PASSWORD) };
      for (const url of ['/api/audit', '/api/audit/export']) {
        const res = await as(env, who).get(url);
        expect(res.statusCode, `${u} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
  });
});
