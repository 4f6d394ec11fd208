/**
 * The 看守所's 在押人员 list on the demo, in Chromium at 1366×768: stage changes without 电子换押 are
 * flagged as exceptions (2014 换押 notice, sec.), 提讯 bookings show with their status, and the
 * 看守所 confirms a waiting booking, which the booking agency then sees confirmed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCases } from '../../server/src/demo/seed-demo-cases';
import { browserSuite, launchBrowser, openMenu, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

browserSuite('在押人员: 换押 exceptions and 提讯 bookings', () => {
  let server: TServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    expect(await seedDemoCases(server.env.database.db, () => {}, 80, server.env.config.dataDir)).toBe(80);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('2014 换押 notice: the 看守所 sees stage changes without 换押 flagged and confirms a 提讯 booking', async () => {
    const centre = await signIn(browser, server.base, 'cy-detention-clerk');
    const p = centre.page;
    await openMenu(p, '在押人员');
    await p.locator('tr.ant-table-row').first().waitFor();
    await expect.poll(() => p.getByTestId('transfer-exceptions').count(), UNTIL).toBe(1);
    expect(await p.locator('[data-testid="transfer-status"][data-status="missing"]').count()).toBeGreaterThan(0);
    expect(await p.locator('[data-testid="transfer-status"][data-status="acknowledged"]').count()).toBeGreaterThan(0);
    const waiting = p.locator('[data-testid="interrogation"][data-status="requested"]').first();
    await waiting.waitFor();
    await screenshot(p, 'custody-list');
    const before = await p.locator('[data-testid="interrogation"][data-status="confirmed"]').count();
    await waiting.getByRole('button', { name: /确\s?认/ }).click();
    await p.locator('.ant-popconfirm').getByRole('button', { name: /确\s?定|OK/ }).click();
    await expect.poll(() => p.locator('[data-testid="interrogation"][data-status="confirmed"]').count(), UNTIL).toBe(before + 1);
    expect(centre.errors).toEqual([]);
  });
});
