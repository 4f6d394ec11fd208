/**
 * The 看守所's 在押人员 list on the demo, in Chromium at 1366×768: stage changes without 电子换押 are
 * flagged as exceptions (2014 换押 notice, sec.), 提讯 bookings show with their status, and the
 * 看守所 confirms a waiting booking, which the booking agency then sees confirmed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCases } from '../../server/src/demo/seed-demo-cases';
import { browserSuite, choose, launchBrowser, openMenu, screenshot, searchInputOf, signIn, startServer, type TServer, UNTIL } from './support';

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

  it('监狱法 15 / CPL 264: 交付执行 names its executor from the directory; for a 监狱 sentence it offers the 看守所 and 公安 that deliver the convict, not a 监狱', async () => {
    const db = server.env.database.db;
    const p5 = await db.selectFrom('process_instances as i').innerJoin('agencies as a', 'a.id', 'i.initiator_agency_id')
      .select(['i.id', 'i.case_id']).where('i.code', '=', 'judgment_execution').where('i.state', '=', 'EFFECTIVE').where('a.name', '=', '长春市朝阳区人民法院')
      .orderBy('i.created_at', 'desc').executeTakeFirst();
    expect(p5, 'the demo has a judgment awaiting 交付执行 at the 朝阳区人民法院').toBeDefined();
    const court = await signIn(browser, server.base, 'cy-court-handler');
    const p = court.page;
    await p.goto(`${server.base}/cases/${p5!.case_id}`);
    await p.getByRole('tab', { name: /^业务流程/ }).click();
    const card = p.locator('[data-testid="process-card"][data-process="judgment_execution"]').first();
    await card.getByTestId('action-send_documents').click();
    const dialog = p.locator('.ant-modal').filter({ has: p.getByTestId('action-submit') });
    await dialog.waitFor();
    await choose(p, dialog.getByTestId('field-executor'), '监狱');
    const executor = dialog.getByTestId('field-executorAgencyId');
    await executor.click();
    const search = (await searchInputOf(executor))!;
    expect(search, 'the executor is searched in the agency directory, not typed as an id').not.toBeNull();
    const options = p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await search.fill('监狱');
    await expect.poll(() => options.count(), UNTIL).toBe(0);
    await search.fill('看守所');
    await expect.poll(() => options.count(), UNTIL).toBeGreaterThan(0);
    expect((await options.allTextContents()).every((n) => n.includes('看守所'))).toBe(true);
    await screenshot(p, 'execution-executor');
    expect(court.errors).toEqual([]);
  });
});
