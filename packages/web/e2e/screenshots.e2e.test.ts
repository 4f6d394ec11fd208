/**
 * The README's screenshots, taken in Chromium at 1366×768 on the demo as a newcomer meets it
 * (`seedDemoCases`: cases in every stage, persons in custody, documents issued): the workbench,
 * 待办, the case list, a case card, its dossier and the English case card. Each screen is
 * checked to show the demo's data and to raise no page error before it is photographed.
 */
import { regionFullName } from '@xietong/core/regions';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCases } from '../../server/src/demo/seed-demo-cases';
import { browserSuite, launchBrowser, openMenu, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

browserSuite('README screenshots on the demo', () => {
  let server: TServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    expect(await seedDemoCases(server.env.database.db, () => {}, 80, server.env.config.dataDir)).toBe(80);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a police handler’s day on the demo: workbench, 待办, case list, case card, dossier, and the card in English', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await expect.poll(async () => Number(await p.getByTestId('count-todo').locator('.ant-statistic-content-value').textContent()), UNTIL).toBeGreaterThan(0);
    await screenshot(p, 'demo-workbench');

    await openMenu(p, '待办事项');
    await p.locator('tr.ant-table-row').first().waitFor();
    await p.locator('.ant-spin-blur').waitFor({ state: 'detached' }); // not while the table is still fetching
    await screenshot(p, 'demo-inbox');

    await openMenu(p, '案件列表');
    const rows = p.getByTestId('case-list').locator('tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(5);
    await p.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await screenshot(p, 'demo-cases');

    // the case nearest its deadline
    await rows.first().locator('a').first().click();
    await p.getByTestId('case-detail').waitFor();
    await p.getByTestId('process-card').first().waitFor();
    await p.getByTestId('timeline-event').first().waitFor();
    await screenshot(p, 'demo-case');
    const caseUrl = p.url();
    await p.getByTestId('process-card').first().scrollIntoViewIfNeeded();
    await screenshot(p, 'demo-case-process');

    await p.getByTestId('open-dossier').click();
    await p.getByTestId('dossier').waitFor();
    await p.getByTestId('evidence-item').first().waitFor();
    // the demo's issued documents carry a 文号 but no PDF (仅文号): open an uploaded one when there is one
    if (await p.getByTestId('dossier-item').count()) {
      await p.getByTestId('dossier-item').first().click();
      await expect.poll(() => p.getByTestId('pdf-page').getAttribute('data-rendered'), UNTIL).toBe('1');
    }
    await screenshot(p, 'demo-dossier');

    await p.evaluate(() => localStorage.setItem('xietong.lang', 'en-US'));
    await p.goto(caseUrl);
    await p.getByTestId('process-card').first().waitFor();
    await p.getByTestId('timeline-event').first().waitFor();
    await screenshot(p, 'demo-case-en');
    expect(police.errors).toEqual([]);
    await police.context.close();
  });

  it('English mode on the demo: the workbench, 待办, the case list, a case card and its dossier show Chinese only in names of people, places, agencies, case titles and numbers', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    await p.evaluate(() => localStorage.setItem('xietong.lang', 'en-US'));
    // what the users typed or the state issued: names, titles, summaries, agencies, regions, 文号 and case numbers
    const get = async <T,>(path: string) => (await (await p.request.get(`${server.base}${path}`)).json()) as T;
    type TList = { items: { id: string; title: string; persons: string[]; regionCode: string; numbers: Record<string, string | null> }[] };
    const cases = await get<TList>('/api/cases?pageSize=100&sort=deadline');
    const agencies = await get<{ items: { name: string; shortName: string }[] }>('/api/agencies');
    const me = await get<{ displayName: string }>('/api/me');
    const data = new Set<string>([me.displayName, ...agencies.items.flatMap((a) => [a.name, a.shortName])]);
    for (const c of cases.items) {
      [c.title, ...c.persons, ...Object.values(c.numbers).filter((n): n is string => !!n)].forEach((x) => data.add(x));
      data.add(regionFullName(c.regionCode) ?? '');
    }
    // a case whose dossier holds a document (the demo renders the 文书 of its last days only), else the first
    type TDossier = { volumes: { items: { title: string }[] }[] };
    let first = cases.items[0]!;
    for (const c of cases.items.slice(0, 30)) {
      if ((await get<TDossier>(`/api/cases/${c.id}/dossier`)).volumes.some((v) => v.items.length)) { first = c; break; }
    }
    const detail = await get<{ summary: string; people: { name: string }[] }>(`/api/cases/${first.id}`);
    data.add(detail.summary);
    detail.people.forEach((x) => data.add(x.name));
    // who acted (the officers of every agency on the case)
    const timeline = await get<{ items: { actor: { name: string } }[] }>(`/api/cases/${first.id}/timeline`);
    timeline.items.forEach((e) => data.add(e.actor.name));
    const dossier = await get<TDossier>(`/api/cases/${first.id}/dossier`);
    dossier.volumes.flatMap((v) => v.items).forEach((d) => data.add(d.title));
    const known = [...data].filter(Boolean).sort((a, b) => b.length - a.length);
    const chineseLeft = async (where: string) => (await p.locator(where).first().innerText()).split('\n')
      .map((l) => known.reduce((x, n) => x.replaceAll(n, ''), l).replace(/\S*[〔[（(]\d{4}[〕\]）)]\S*号/g, ''))
      .filter((l) => CJK.test(l));

    await p.goto(`${server.base}/`);
    await expect.poll(async () => Number(await p.getByTestId('count-todo').locator('.ant-statistic-content-value').textContent()), UNTIL).toBeGreaterThan(0);
    expect(await chineseLeft('#main'), 'workbench').toEqual([]);
    await p.goto(`${server.base}/inbox`);
    await p.locator('tr.ant-table-row').first().waitFor();
    await p.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    expect(await chineseLeft('#main'), 'inbox').toEqual([]);
    await p.goto(`${server.base}/cases`);
    await p.getByTestId('case-list').locator('tr.ant-table-row').first().waitFor();
    await p.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    expect(await chineseLeft('#main'), 'case list').toEqual([]);
    await p.goto(`${server.base}/cases/${first.id}`);
    await p.getByTestId('timeline-event').first().waitFor();
    expect(await chineseLeft('#main'), 'case card').toEqual([]);
    await p.goto(`${server.base}/cases/${first.id}/dossier`);
    await p.getByTestId('evidence-item').first().waitFor();
    expect(await chineseLeft('#main'), 'dossier').toEqual([]);
    // then a document open for the picture (the document itself is as issued, in Chinese)
    if (await p.getByTestId('dossier-item').count()) {
      await p.getByTestId('dossier-item').first().click();
      await expect.poll(() => p.getByTestId('pdf-page').getAttribute('data-rendered'), UNTIL).toBe('1');
    }
    await screenshot(p, 'demo-dossier-en');
    expect(police.errors).toEqual([]);
    await police.context.close();
  });
});
