/**
 * 全程监督 in the browser (issue 14, Debian Chromium at 1366×768): the Changchun 政法委 supervisor's
 * 工作台 lists the city's overdue periods, held persons first, and sends a 督办 over an overdue
 * custody period; the audit administrator finds the case's trail by its name and reads a row in words.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, caseBody, login } from '../../server/src/test/harness';
import { browserSuite, dialogClosed, launchBrowser, screenshot, signIn, startServer, DEMO_PASSWORD, type TServer, UNTIL } from './support';

browserSuite('supervision', () => {
  let server: TServer;
  let browser: Browser;
  const title = `王某非法拘禁监督案${Date.now().toString(36)}`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // a suspect detained on 2025-03-02 in a 朝阳分局 case: the CPL 91 period ran out long ago
    const police = { cookie: await login(server.env, 'cy-police-handler', DEMO_PASSWORD) };
    const res = await as(server.env, police).post('/api/cases', caseBody({ title, charges: ['theft'] }));
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the 政法委 supervisor's home lists the city's overdue custody first and sends a 督办", async () => {
    const { page, errors } = await signIn(browser, server.base, 'cc-plc-supervisor');
    const panel = page.getByTestId('supervision');
    await panel.waitFor();
    const row = panel.locator('tr', { hasText: title });
    await row.waitFor();
    await expect.poll(() => row.textContent(), UNTIL).toContain('羁押期限');
    await expect.poll(async () => Number(await page.getByTestId('supervision-count-custodyOverdue').locator('.ant-statistic-content-value').textContent()), UNTIL).toBeGreaterThan(0);
    await screenshot(page, 'supervision-home');
    await row.getByTestId('send-notice').click();
    const dialog = page.locator('.ant-modal', { hasText: '督办事项' });
    await dialog.waitFor();
    await dialog.locator('textarea').fill('犯罪嫌疑人拘留已超过提请批准逮捕期限，请立即依法处理并书面回复');
    await dialog.locator('.ant-btn-primary').click();
    await dialogClosed(page, dialog);
    await expect.poll(() => panel.locator('tr', { hasText: title }).textContent(), UNTIL).toContain('已督办');
    // drill-down: the supervisor opens the case read-only
    await panel.locator('tr', { hasText: title }).getByRole('link', { name: title }).click();
    await expect.poll(() => page.url(), UNTIL).toContain('/cases/');
    await expect.poll(() => page.getByText(title).first().isVisible(), UNTIL).toBe(true);
    expect(errors).toEqual([]);
  });

  it('the audit administrator searches the trail by case name and reads a row in words', async () => {
    const { page, errors } = await signIn(browser, server.base, 'auditadmin');
    await page.goto(`${server.base}/audit`);
    await page.getByTestId('audit-q').fill(title.slice(0, 8));
    await page.getByRole('button', { name: /搜\s*索|查\s*询/ }).click();
    const created = page.locator('tr', { hasText: '创建案件' }).filter({ hasText: title });
    await created.first().waitFor();
    await page.locator('tr', { hasText: '发出督办' }).first().waitFor();
    await created.first().locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('audit-description').first().waitFor();
    await screenshot(page, 'audit-search');
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toContain('/api/audit/export?q=');
    expect(errors).toEqual([]);
  });
});
