/**
 * Issue 17 in Chromium at 1366×768: a blocked send guides the handler (the missing evidence on
 * the process card, each item a link into the dossier at that item, two items tagged while
 * uploading, then the send); the 期限 column is in sight in 待办 and the case list without
 * scrolling sideways; the English rendering names processes, states and actions in English;
 * a person's 居民身份证号 finds the case. Screenshots for the README are taken on the way.
 */
import { generateResidentId } from '@xietong/core/cases';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, choose, dialogClosed, launchBrowser, makePdf, openMenu, provideEvidence, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Is the element's centre on screen and the topmost thing there (not under a fixed column)? */
async function inSight(page: Page, testId: string): Promise<boolean> {
  // the header as shown: the page left behind (or a table's hidden measuring copy) may still hold a zero-size one
  const shown = page.getByTestId(testId).filter({ visible: true }).first();
  await shown.waitFor();
  return shown.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
    const top = document.elementFromPoint(x, y);
    return !!top && (el === top || el.contains(top) || top.contains(el));
  });
}

browserSuite('guided send', () => {
  let server: TServer;
  let browser: Browser;
  let caseId = '';
  const suffix = Date.now().toString(36);
  const title = `刘某盗窃案${suffix}`;
  const residentId = generateResidentId(4242, { regionCode: '220104', birthDate: '1988-03-09' });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('CPL 87 + 证据指引: the handler meets the missing evidence on the card, follows a link into the dossier, tags two items while uploading, and sends', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    // arranged through the API: a 盗窃 case, the suspect detained, P1 started and the detention recorded
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const created = await p.request.post(`${server.base}/api/cases`, {
      data: {
        title, occurredAt: `${yesterday}T10:00:00+08:00`, regionCode: '220104', charges: ['theft'],
        persons: [{ name: '刘建军', residentId, measures: [{ measure: 'detention', startedAt: `${yesterday}T22:00:00+08:00` }] }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    caseId = ((await created.json()) as { id: string }).id;
    const proc = await server.env.database.db.selectFrom('agencies').select('id').where('name', '=', '长春市朝阳区人民检察院').executeTakeFirstOrThrow();
    const started = await p.request.post(`${server.base}/api/cases/${caseId}/processes`, { data: { code: 'arrest', receiverAgencyId: proc.id } });
    expect(started.status()).toBe(201);
    const instanceId = ((await started.json()) as { id: string }).id;
    expect((await p.request.post(`${server.base}/api/process-instances/${instanceId}/actions`, { data: { action: 'record_detention' } })).status()).toBe(200);

    // the card: "缺少 N 项必备证据", each a link; the send button says it is blocked (a handler is no approver)
    await p.goto(`${server.base}/cases/${caseId}`);
    const card = p.getByTestId('process-card').first();
    const gate = card.getByTestId('send-evidence');
    await expect.poll(() => gate.getAttribute('data-complete'), UNTIL).toBe('false');
    const links = card.getByTestId('missing-evidence-link');
    const missingBefore = await links.count();
    expect(missingBefore).toBeGreaterThanOrEqual(2);
    await expect(card.getByTestId('send-evidence-count').textContent()).resolves.toContain(`缺少 ${missingBefore} 项必备证据`);
    const send = card.getByTestId('action-submit');
    await expect(send.getAttribute('data-send')).resolves.toBe('blocked');
    await expect(send.isDisabled()).resolves.toBe(true);
    await expect(send.textContent()).resolves.toContain('证据不全');
    await screenshot(p, 'guided-send');

    // a link opens the dossier at that checklist item
    const first = (await links.nth(0).getAttribute('data-item'))!;
    const second = (await links.nth(1).getAttribute('data-item'))!;
    const secondLabel = (await links.nth(1).innerText()).trim();
    await links.nth(0).click();
    await p.getByTestId('dossier').waitFor();
    const focused = p.locator('[data-testid="evidence-item"][data-focused="true"]');
    await focused.waitFor();
    await expect(focused.getAttribute('data-item')).resolves.toBe(first);
    await expect(focused.getAttribute('data-present')).resolves.toBe('false');

    // upload from that item: it is preselected; tag a second item in the same dialog
    await p.getByTestId(`upload-for-${first}`).click();
    const dialog = p.locator('.ant-modal').filter({ has: p.getByTestId('upload-submit') });
    await dialog.waitFor();
    await dialog.locator('input[type=file]').setInputFiles({ name: '讯问笔录.pdf', mimeType: 'application/pdf', buffer: await makePdf(browser, ['讯问笔录', '第二页']) });
    // the chosen file shows in the dialog and names the material: the fields below have moved down, so pick only now
    // (a click aimed at the items while they move lands in 材料类型, whose options include the same names)
    await expect.poll(() => dialog.getByTestId('upload-title').inputValue(), UNTIL).toBe('讯问笔录');
    await choose(p, dialog.getByTestId('upload-items'), secondLabel);
    await p.keyboard.press('Escape');
    await expect.poll(() => dialog.locator('.ant-select-selection-item').count(), UNTIL).toBe(2);
    // 证据材料 goes to the 证据卷, not the 诉讼文书卷
    await expect(dialog.getByTestId('upload-volume').innerText()).resolves.toContain('证据');
    await dialog.getByTestId('upload-submit').click();
    await dialogClosed(p, dialog);
    for (const item of [first, second]) {
      await expect.poll(() => p.locator(`[data-testid="evidence-item"][data-item="${item}"]`).getAttribute('data-present'), UNTIL).toBe('true');
    }

    // back on the card: two fewer missing
    await p.getByRole('link', { name: '返回案件' }).click();
    await expect.poll(() => card.getByTestId('missing-evidence-link').count(), UNTIL).toBe(missingBefore - 2);
    // the rest through the API, then the send goes
    await provideEvidence(p, server.base, caseId, await makePdf(browser, ['其余证据']), 'arrest_request');
    await p.reload();
    await expect.poll(() => card.getByTestId('send-evidence').getAttribute('data-complete'), UNTIL).toBe('true');
    await expect(send.getAttribute('data-send')).resolves.toBe('send');
    await send.click();
    const act = p.locator('.ant-modal').filter({ has: p.getByTestId('action-submit') });
    await act.waitFor();
    await choose(p, act.getByTestId('field-custody'), '已被拘留');
    await act.getByTestId('action-submit').click();
    await dialogClosed(p, act);
    await expect.poll(() => card.getAttribute('data-state'), UNTIL).toBe('SENT');
    expect(police.errors).toEqual([]);
    await police.context.close();
  });

  it('an approver sees the same gap and may send anyway, the reason field up front', async () => {
    const handler = await signIn(browser, server.base, 'cy-police-handler');
    const h = handler.page;
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const created = await h.request.post(`${server.base}/api/cases`, {
      data: { title: `孙某盗窃案${suffix}`, occurredAt: `${yesterday}T09:00:00+08:00`, regionCode: '220104', charges: ['theft'], persons: [{ name: '孙某', sex: 'male' }] },
    });
    const id = ((await created.json()) as { id: string }).id;
    const proc = await server.env.database.db.selectFrom('agencies').select('id').where('name', '=', '长春市朝阳区人民检察院').executeTakeFirstOrThrow();
    expect((await h.request.post(`${server.base}/api/cases/${id}/processes`, { data: { code: 'arrest', receiverAgencyId: proc.id } })).status()).toBe(201);
    await handler.context.close();
    const approver = await signIn(browser, server.base, 'cy-police-approver');
    const p = approver.page;
    await p.goto(`${server.base}/cases/${id}`);
    const card = p.getByTestId('process-card').first();
    await expect.poll(() => card.getByTestId('send-evidence').getAttribute('data-complete'), UNTIL).toBe('false');
    const send = card.getByTestId('action-submit');
    await expect(send.getAttribute('data-send')).resolves.toBe('override');
    await expect(send.textContent()).resolves.toContain('强制发送');
    await send.click();
    const act = p.locator('.ant-modal').filter({ has: p.getByTestId('action-submit') });
    await act.getByTestId('evidence-override-reason').waitFor();
    await act.getByRole('button', { name: /取\s*消/ }).click();
    expect(approver.errors).toEqual([]);
    await approver.context.close();
  });

  it('期限 stays in sight at 1366 and 1280 px in 待办 and the case list, nearest deadline first', async () => {
    expect(caseId).not.toBe('');
    const clerk = await signIn(browser, server.base, 'cy-proc-clerk');
    const p = clerk.page;
    for (const width of [1366, 1280]) {
      await p.setViewportSize({ width, height: 768 });
      await openMenu(p, '待办事项');
      // the row of the 待办 list, not of the case list still on screen while the route changes
      const row = p.getByTestId('inbox').locator('tr', { hasText: title }).first();
      await row.waitFor();
      // polled: antd lays fixed columns out again after a resize, and a loading mask may cover the header for a moment
      await expect.poll(() => inSight(p, 'deadline-column'), { ...UNTIL, message: `待办 at ${width}` }).toBe(true);
      const badge = row.getByTestId('deadline-badge');
      await badge.waitFor();
      expect(await badge.evaluate((el) => { const r = el.getBoundingClientRect(); return r.right <= window.innerWidth && r.left >= 0; }), `badge at ${width}`).toBe(true);
      if (width === 1366) await screenshot(p, 'inbox');
      await openMenu(p, '案件列表');
      await p.getByTestId('case-list').locator('tbody tr.ant-table-row').first().waitFor();
      await expect.poll(() => inSight(p, 'deadline-column'), { ...UNTIL, message: `案件列表 at ${width}` }).toBe(true);
    }
    // the list is sorted by deadline: the 最近期限 dates that are shown never go down (a person's custody date aside)
    await p.setViewportSize({ width: 1366, height: 768 });
    const dues = await p.getByTestId('case-list').locator('tbody tr [data-testid="next-deadline"] [data-testid="deadline-badge"]').evaluateAll((els) => els.map((e) => /\d{4}-\d{2}-\d{2}/.exec(e.textContent ?? '')?.[0] ?? ''));
    expect(dues.length).toBeGreaterThan(0);
    expect([...dues].sort()).toEqual(dues);
    await screenshot(p, 'case-list');
    await clerk.context.close();
  });

  it('search by 居民身份证号 finds the case of that person', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await openMenu(p, '案件列表');
    await p.getByTestId('case-search').fill(residentId);
    await p.getByTestId('case-search').press('Enter');
    await p.locator(`tr[data-row-key="${caseId}"]`).waitFor();
    await expect.poll(() => p.getByTestId('case-list').locator('tbody tr.ant-table-row').count(), UNTIL).toBe(1);
    await police.context.close();
  });

  it('English mode: no Chinese in process, state, action, stage or timeline names on the case page and in 待办', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await p.evaluate(() => localStorage.setItem('xietong.lang', 'en-US'));
    await p.goto(`${server.base}/cases/${caseId}`);
    await p.getByTestId('process-card').first().waitFor();
    await p.getByTestId('timeline-event').first().waitFor();
    const texts = async (sel: string) => p.locator(sel).allInnerTexts();
    const named = [
      ...(await texts('[data-testid="process-name"]')),
      ...(await texts('[data-testid="process-state"]')),
      ...(await texts('[data-testid="process-card"] button[data-testid^="action-"]')),
      ...(await texts('[data-testid="case-stage"]')),
      ...(await texts('[data-testid="timeline-action"]')),
      ...(await texts('[data-testid="timeline-process"]')),
      // the document's name; its 文号 (长朝公拘字〔2026〕1号) is an identifier and stays as issued
      ...(await texts('[data-testid="timeline-document-name"]')),
    ];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((x) => CJK.test(x)), JSON.stringify(named)).toEqual([]);
    // the whole case page: Chinese only in names of people, places and agencies, the case title and 文号
    const me = ((await (await p.request.get(`${server.base}/api/me`)).json()) as { displayName: string }).displayName;
    const names = ['刘建军', title, me, '长春市公安局朝阳分局', '长春市朝阳区人民检察院', '吉林省长春市朝阳区'];
    const rest = (await p.getByTestId('case-detail').innerText()).split('\n')
      .map((l) => names.reduce((x, n) => x.replaceAll(n, ''), l).replace(/\S*〔\d{4}〕\d+号/g, ''))
      .filter((l) => CJK.test(l));
    expect(rest, JSON.stringify(rest)).toEqual([]);
    await screenshot(p, 'case-english');
    await p.goto(`${server.base}/inbox?box=sent`);
    const row = p.locator('tr.ant-table-row').first();
    await row.waitFor().catch(() => undefined);
    const cells = [...(await texts('[data-testid="inbox-process"]')), ...(await texts('[data-testid="inbox-state"]'))];
    expect(cells.filter((x) => CJK.test(x))).toEqual([]);
    expect(police.errors).toEqual([]);
    await police.context.close();
  });
});
