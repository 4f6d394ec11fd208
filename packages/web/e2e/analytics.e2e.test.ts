/**
 * Data analysis in the browser (issue 14): the 政法委 supervisor opens the statistics page with
 * its whole-chain figures and downloads the CSV and XLSX exports (non-empty files); the surge
 * alert of the demo shows with its chart.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoAnalytics } from '../../server/src/demo/seed-demo-analytics';
import { browserSuite, launchBrowser, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

browserSuite('analytics', () => {
  let server: TServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await seedDemoAnalytics(server.env.database.db);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the statistics page shows the whole chain and exports it as CSV and XLSX', async () => {
    const s = await signIn(browser, server.base, 'cc-plc-supervisor');
    await s.page.goto(`${server.base}/stats`);
    const chain = s.page.getByTestId('chain-stats');
    await chain.getByTestId('chart-funnel').locator('canvas').waitFor();
    // the 交警支队's 立案 of the surge weeks are in the funnel's first figure
    await expect.poll(() => chain.getByText(/^立案 \d+$/).textContent(), UNTIL).toMatch(/^立案 [1-9]\d*$/);
    for (const format of ['csv', 'xlsx'] as const) {
      const [download] = await Promise.all([s.page.waitForEvent('download'), chain.getByTestId(`export-${format}`).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^chain-stats-.*\\.${format}$`));
      const file = await download.path();
      expect(fs.statSync(file).size).toBeGreaterThan(100);
      if (format === 'csv') expect(fs.readFileSync(file, 'utf8')).toContain('立案');
      else expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    }
    await s.page.waitForTimeout(600); // the charts' entry animation
    await screenshot(s.page, 'stats-chain');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });

  it('the 危险驾驶 surge alert shows with its chart', async () => {
    const s = await signIn(browser, server.base, 'cc-plc-supervisor');
    await s.page.goto(`${server.base}/analytics/alerts`);
    const alert = s.page.getByTestId('alert').filter({ hasText: '危险驾驶罪' }).first();
    await alert.getByTestId('alert-chart').locator('canvas').waitFor();
    await expect.poll(() => alert.textContent(), UNTIL).toContain('长春市公安局交通警察支队');
    await s.page.waitForTimeout(600);
    await screenshot(s.page, 'analytics-alerts');
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
