/**
 * 站内信 in the workbench: the bell in the header shows the unread count; the notifications page
 * lists them, marks one read, and keeps the user's choice of channels (zh and en).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notify } from '../../server/src/notifications/notify';
import { browserSuite, launchBrowser, screenshot, signIn, startServer, type TServer, UNTIL } from './support';

browserSuite('notifications in the workbench', () => {
  let server: TServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the bell counts unread 站内信; the page lists them, marks one read and saves the channels chosen', async () => {
    const db = server.env.database.db;
    const user = await db.selectFrom('users').select(['id', 'agency_id']).where('username', '=', 'cy-police-handler').executeTakeFirstOrThrow();
    await notify(db, { agencyId: user.agency_id, kind: 'deadline', title: { zh: '期限临近：拘留后提请批准逮捕（2026-12-01 届满）', en: 'Deadline near: arrest request after detention (ends 2026-12-01)' }, body: { zh: '请在届满前提请批准逮捕或变更强制措施。', en: 'Request arrest or change the measure before it ends.' } });
    await notify(db, { agencyId: user.agency_id, kind: 'todo', title: { zh: '新待办：逮捕业务（提请批准逮捕） · 王某危险驾驶案', en: 'New to-do: Arrest · 王某危险驾驶案' } });
    await notify(db, { agencyId: user.agency_id, kind: 'alert', title: { zh: '纸质流转补录已超期：李某盗窃案', en: 'Backfill of a paper flow is overdue: 李某盗窃案' } });

    const s = await signIn(browser, server.base, 'cy-police-handler');
    const p = s.page;
    const bell = p.getByTestId('notification-bell');
    await expect.poll(async () => bell.getAttribute('aria-label'), UNTIL).toBe('站内信 (3)');
    await bell.click();
    await p.locator('tr.ant-table-row').first().waitFor();
    await expect.poll(async () => p.locator('tr.xt-unread').count(), UNTIL).toBe(3);
    await p.getByTestId('mark-read').first().click();
    await expect.poll(async () => p.locator('tr.xt-unread').count(), UNTIL).toBe(2);
    await expect.poll(async () => bell.getAttribute('aria-label'), UNTIL).toBe('站内信 (2)');

    await p.getByTestId('pref-deadline-sms').click();
    await p.getByLabel('手机号').fill('13800138000');
    await p.getByTestId('save-preferences').click();
    await p.getByText('通知设置已保存').waitFor();
    const saved = await db.selectFrom('notification_preferences').select(['kind', 'channel', 'enabled']).where('user_id', '=', user.id).where('kind', '=', 'deadline').where('channel', '=', 'sms').executeTakeFirst();
    expect(saved?.enabled).toBe(true);
    await screenshot(p, 'notifications');

    await p.getByTestId('language-switch').click();
    await p.getByText('English', { exact: true }).click();
    await p.getByText('Notification settings').waitFor();
    await screenshot(p, 'notifications-en');
    expect(s.errors).toEqual([]);
  });
});
