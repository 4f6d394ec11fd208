/**
 * 应急羁押期限表: before or during an outage an agency prints its detainees and their custody
 * deadlines (CPL 105: the periods run on whatever happens to the system). The PDF must print —
 * drawn by two renderers with the CJK font embedded — and hold only persons in the agency's reach.
 */
import fs from 'node:fs';
import { generateResidentId } from '@xietong/core/cases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { missingRenderTools, printReport, wordsWithoutInk } from '../documents/print-check';

let env: TTestEnv;
let police: TTestUser, otherPolice: TTestUser;

beforeAll(async () => {
  env = await createTestEnv();
  police = await makeUser(env, (await makeAgency(env, { type: 'police', name: '长春市公安局宽城分局' })).id, ['handler']);
  otherPolice = await makeUser(env, (await makeAgency(env, { type: 'police' })).id, ['handler']);
});
afterAll(async () => { await env.close(); });

describe('应急羁押期限表 outage print sheet', () => {
  it.runIf(missingRenderTools.length === 0)('CPL 105: lists each detained person of the agency with the custody deadline, and prints (two renderers, embedded CJK font)', async () => {
    const c = await makeCase(env, police, { persons: [{ name: '刘某某', residentId: generateResidentId(424_242, { regionCode: '220104' }), measures: [{ measure: 'detention', startedAt: '2026-11-28T01:00:00+08:00' }] }] });
    const inst = (await as(env, police).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: (await makeAgency(env, { type: 'procuratorate' })).id })).json();
    expect((await as(env, police).post(`/api/process-instances/${inst.id}/actions`, { action: 'record_detention', input: {} })).statusCode).toBe(200);
    const custody = (await as(env, police).get('/api/custody')).json().items.find((i: { caseId: string }) => i.caseId === c.id);

    const res = await as(env, police).get('/api/custody/outage-sheet');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    if (process.env.XIETONG_KEEP_SHEET) fs.writeFileSync(process.env.XIETONG_KEEP_SHEET, pdf);
    const report = printReport(pdf);
    expect(report.text).toContain('应急羁押期限表');
    expect(report.text).toContain('刘某某');
    expect(report.text).toContain(custody.deadline.due);
    expect(report.fonts.every((f) => f.embedded)).toBe(true);
    expect(wordsWithoutInk(report)).toEqual([]);

    const other = printReport((await as(env, otherPolice).get('/api/custody/outage-sheet')).rawPayload);
    expect(other.text).not.toContain('刘某某');
    expect(other.text).toContain('暂无在押人员');
  });
});
