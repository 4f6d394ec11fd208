/**
 * The workbench as an officer reads it (issue 17): the law in Chinese on the case page (no "CPL",
 * no bare dagger), a search that knows 醉驾 means 危险驾驶, an unsigned photo reported 未签名,
 * a malformed case link answered plainly, no made-up 案发时间, dates that do not wrap at 1366 px.
 */
import { generateResidentId } from '@xietong/core/cases';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, launchBrowser, openMenu, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

browserSuite('ux', () => {
  let server: TServer;
  let browser: Browser;
  let caseId = '';
  let theftId = '';
  const title = `王某某危险驾驶案${Date.now().toString(36)}`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('CPL 91: in Chinese mode the case page cites 《刑事诉讼法》第…条 (its text on hover) and never "CPL" or a bare †', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    // arranged through the API: a 危险驾驶 case, the suspect under 刑事拘留, the arrest process started and the detention recorded
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const created = await p.request.post(`${server.base}/api/cases`, {
      data: {
        title, occurredAt: `${yesterday}T20:30:00+08:00`, regionCode: '220104', charges: ['dangerous_driving'],
        persons: [{ name: '王建国', residentId: generateResidentId(77, { regionCode: '220104' }), measures: [{ measure: 'detention', startedAt: `${yesterday}T23:00:00+08:00` }] }],
      },
    });
    expect(created.status()).toBe(201);
    caseId = ((await created.json()) as { id: string }).id;
    const theft = await p.request.post(`${server.base}/api/cases`, {
      data: { title: `李某盗窃案${Date.now().toString(36)}`, occurredAt: `${yesterday}T10:00:00+08:00`, regionCode: '220104', charges: ['theft'], persons: [{ name: '李某', sex: 'male' }] },
    });
    expect(theft.status(), await theft.text()).toBe(201);
    theftId = ((await theft.json()) as { id: string }).id;
    const proc = await server.env.database.db.selectFrom('agencies').select('id').where('name', '=', '长春市朝阳区人民检察院').executeTakeFirstOrThrow();
    const started = await p.request.post(`${server.base}/api/cases/${caseId}/processes`, { data: { code: 'arrest', receiverAgencyId: proc.id } });
    expect(started.status()).toBe(201);
    const instance = (await started.json()) as { id: string };
    const acted = await p.request.post(`${server.base}/api/process-instances/${instance.id}/actions`, { data: { action: 'record_detention' } });
    expect(acted.status(), await acted.text()).toBe(200);

    await p.goto(`${server.base}/cases/${caseId}`);
    await p.getByTestId('case-detail').waitFor();
    await p.getByTestId('process-card').first().waitFor();
    await p.getByTestId('timeline-event').first().waitFor();
    await p.getByTestId('timeline-articles').first().waitFor();
    const page = await p.locator('body').innerText();
    expect(page).not.toContain('CPL');
    expect(page).not.toContain('†');
    expect(page).toContain('《刑事诉讼法》第');
    // CPL 85/86/91: hovering a cited article shows its text, with how firm that text is
    const anchor = p.getByTestId('timeline-articles').first().getByTestId('law-text-anchor').first();
    await anchor.hover();
    const statute = p.getByTestId('statute-text').filter({ visible: true });
    await statute.waitFor();
    await expect(statute.innerText()).resolves.toMatch(/公安机关[\s\S]*〔未复核〕/);
    await screenshot(p, 'law-text-hover');
    await p.mouse.move(0, 0);
    await statute.waitFor({ state: 'hidden' });
    // the deadline's "why this date" explanation, in Chinese too
    const badge = p.getByTestId('process-card').first().getByTestId('deadline-badge').first();
    await badge.click();
    const why = p.getByTestId('deadline-explanation');
    await why.waitFor();
    const explanation = await why.innerText();
    expect(explanation).not.toContain('CPL');
    expect(explanation).toContain('《刑事诉讼法》第一百零五条');
    await badge.click();
    await why.waitFor({ state: 'hidden' });
    await screenshot(p, 'law-in-chinese');
    // an action dialog's legal basis
    const card = p.getByTestId('process-card').first();
    const action = card.locator('button[data-testid^="action-"]:not([disabled])').first();
    await action.click();
    const dialog = p.locator('.ant-modal').filter({ has: p.getByTestId('action-submit') });
    await dialog.waitFor();
    await dialog.getByTestId('law-ref').first().waitFor();
    const dialogText = await dialog.innerText();
    expect(dialogText).not.toContain('CPL');
    expect(dialogText).not.toContain('†');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    expect(police.errors).toEqual([]);
    await police.context.close();
  });

  it('刑法第一百三十三条之一: searching 醉驾 in the case list finds the 危险驾驶 case, its detained suspect with his custody deadline; the dates do not wrap at 1366 px', async () => {
    expect(caseId).not.toBe('');
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await openMenu(p, '案件列表');
    await p.getByTestId('case-list').waitFor();
    await p.getByTestId('case-search').fill('醉驾');
    await p.getByTestId('case-search').press('Enter');
    await expect.poll(() => new URL(p.url()).searchParams.get('q'), UNTIL).toBe('醉驾');
    const row = p.locator(`tr[data-row-key="${caseId}"]`);
    await row.waitFor();
    // the list answers the search: the theft case (shown before searching) leaves it
    await expect.poll(() => p.locator(`tr[data-row-key="${theftId}"]`).count(), UNTIL).toBe(0);
    await expect(row.innerText()).resolves.toContain('危险驾驶罪');
    // CPL 91: the detained 王建国 is shown with his custody deadline beside his name
    const held = row.getByTestId('person-custody');
    await expect(held.innerText()).resolves.toContain('王建国');
    await expect(held.getByTestId('deadline-badge').innerText()).resolves.toMatch(/羁押 · \d{4}-\d{2}-\d{2}/);
    // 案发日期 and 更新时间 each stay on one line
    for (const id of ['case-occurred', 'case-updated']) {
      const lines = await row.getByTestId(id).evaluate((el) => el.getClientRects().length);
      expect(lines, id).toBe(1);
    }
    expect(police.errors).toEqual([]);
    await police.context.close();
  });

  it('a malformed case link says 案件不存在或链接有误, with no 重试 that can never work', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await p.goto(`${server.base}/cases/1234-not-a-case`);
    const notFound = p.getByTestId('case-not-found');
    await notFound.waitFor();
    await expect(notFound.textContent()).resolves.toBe('案件不存在或链接有误');
    const text = await p.locator('main, body').first().innerText();
    expect(text).not.toContain('UUID');
    expect(text).not.toContain('重试');
    await police.context.close();
  });

  it('the new-case form has no made-up 案发时间: empty, and required', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await openMenu(p, '新建案件');
    await p.getByTestId('case-title').fill('张某盗窃案');
    await expect(p.getByTestId('case-occurred-at').inputValue()).resolves.toBe('');
    await p.getByTestId('create-case-submit').click();
    await expect.poll(() => p.locator('.ant-form-item-explain-error').allTextContents(), UNTIL).toContainEqual(expect.stringContaining('案发'));
    expect(p.url()).toContain('/cases/new');
    await police.context.close();
  });

  it('验证签名: a JPEG the platform never signed is 未签名, not 签名无效', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    const jpeg = await p.screenshot({ type: 'jpeg', quality: 60 });
    await openMenu(p, '验证签名');
    await p.getByTestId('verify-page').waitFor();
    await p.getByTestId('verify-page').locator('input[type=file]').setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    const verdict = p.getByTestId('verify-result');
    await expect.poll(() => verdict.getAttribute('data-verdict'), UNTIL).toBe('unsigned');
    await expect(p.getByTestId('verify-status').textContent()).resolves.toBe('未签名');
    expect(await verdict.innerText()).not.toContain('签名无效');
    await police.context.close();
  });
});
