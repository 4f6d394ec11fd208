/**
 * Browser-test support: Debian's Chromium through playwright-core (never a browser download),
 * a real server on a real database (the server tests' harness + the demo agencies and accounts),
 * sign-in per browser context, and helpers for Ant Design widgets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/src/demo/seed-demo';
import { createTestEnv, type TTestEnv } from '../../server/src/test/harness';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DEMO_PASSWORD = 'xietong2026';
/** Polls wait this long (vitest's default of 1 s is shorter than a pdf.js first render). */
export const UNTIL = { timeout: 15_000, interval: 100 };
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../docs/screenshots');

const MISSING = `Chromium not found at ${CHROMIUM}: browser tests not run (install: apt-get install -y chromium fonts-noto-cjk)`;

/**
 * A browser suite, or, without Chromium, one plainly named test instead of silent skips: it
 * fails under CI=true (CI must run the browser tests), and elsewhere passes while printing the
 * notice, so a developer machine without Chromium can still run `npm test` for the other projects.
 */
export function browserSuite(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    it(`${name}: ${MISSING}`, () => {
      throw new Error(`${MISSING}. CI must install Chromium (.ci/run does).`);
    });
    return;
  }
  it(`NOTICE ${name}: ${MISSING}`, () => {
    console.warn(`\n*** ${MISSING} ***\n`);
    expect(fs.existsSync(CHROMIUM)).toBe(false);
  });
}

export type TServer = { base: string; env: TTestEnv; close: () => Promise<void> };

/** A server on a fresh database cloned from the migrated template, with the demo agencies and accounts, on a free port. */
export async function startServer(): Promise<TServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xietong-e2e-'));
  const env = await createTestEnv({ dataDir });
  await seedDemo(env.database.db);
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = env.app.server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    env,
    close: async () => {
      await env.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Errors the page logged; a test asserts none happened. */
export type TSession = { context: BrowserContext; page: Page; errors: string[] };

export async function newSession(browser: Browser): Promise<TSession> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // printed, not asserted: a 401 before sign-in or a refused request is logged by Chromium too
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[browser ${m.type()}] ${m.text().slice(0, 400)}`);
  });
  return { context, page, errors };
}

/** Signs in through the login page in a new browser context (one user per context). */
export async function signIn(browser: Browser, base: string, username: string): Promise<TSession> {
  const s = await newSession(browser);
  await s.page.goto(`${base}/login`);
  await s.page.getByTestId('login-username').fill(username);
  await s.page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await s.page.getByTestId('login-submit').click();
  await s.page.getByTestId('home').waitFor();
  return s;
}

/**
 * The editable search input (the combobox) of an antd Select, or null when it has none (showSearch
 * off: the input is read-only).
 */
export async function searchInputOf(select: Locator): Promise<Locator | null> {
  const own = await select.evaluate((e) => e.tagName === 'INPUT' && e.getAttribute('role') === 'combobox' && !(e as HTMLInputElement).readOnly);
  if (own) return select;
  const inner = select.locator('input[role="combobox"]:not([readonly])');
  return (await inner.count()) > 0 ? inner.first() : null;
}

/** Open an antd Select and choose the option whose text contains `text`. */
export async function choose(page: Page, select: Locator, text: string): Promise<void> {
  // A click on an option while the modal that holds the select is still opening (or re-rendering
  // under it) can land after the dropdown closed: open it again until the choice shows. A multiple
  // select shows its choices as tags, a single one in its selection item.
  // A searchable select is narrowed by typing, as a user does: in a long list (the 罪名 of the
  // criminal law) the option is otherwise far down a virtual list that re-renders while the click
  // scrolls it into view ("outside of the viewport", then "detached from the DOM" until the timeout).
  for (let attempt = 0; ; attempt++) {
    await select.click();
    const search = await searchInputOf(select);
    if (search) await search.fill(text);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
    await option.click();
    const shown = select.locator('.ant-select-selection-item, .ant-select-selection-overflow-item').filter({ hasText: text });
    if (await shown.count() > 0 || attempt >= 3) return;
    if (await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count() > 0) await page.keyboard.press('Escape');
  }
}

/** A real PDF with one page per text, printed by the same Chromium. */
export async function makePdf(browser: Browser, pages: string[]): Promise<Buffer> {
  const s = await newSession(browser);
  await s.page.setContent(
    pages.map((t, i) => `<section style="height:900px;${i ? 'page-break-before:always;' : ''}font:48px sans-serif">${t}</section>`).join(''),
  );
  const pdf = await s.page.pdf({ format: 'A4' });
  await s.context.close();
  return pdf;
}

/**
 * Arrange through the API (as the signed-in page's user): upload one PDF into the case's dossier and
 * tag it to every mandatory item the evidence guide still misses for `stage`.
 */
export async function provideEvidence(page: Page, base: string, caseId: string, pdf: Buffer, stage: 'arrest_request' | 'prosecution_transfer'): Promise<void> {
  const up = await page.request.post(`${base}/api/cases/${caseId}/documents?docType=evidence_material&title=${encodeURIComponent('证据材料汇编')}`, {
    multipart: { file: { name: 'evidence.pdf', mimeType: 'application/pdf', buffer: pdf } },
  });
  if (up.status() !== 201) throw new Error(`upload: ${up.status()} ${await up.text()}`);
  const doc = (await up.json()) as { id: string };
  const check = await page.request.get(`${base}/api/cases/${caseId}/evidence-check?stage=${stage}`);
  const missing = ((await check.json()) as { missing: { id: string }[] }).missing;
  const tag = await page.request.put(`${base}/api/documents/${doc.id}/evidence-tags`, { data: { items: missing.map((m) => ({ itemId: m.id })) } });
  if (tag.status() !== 200) throw new Error(`tag: ${tag.status()} ${await tag.text()}`);
}

/** Wait for a dialog to close; if it shows an error or a field message instead, fail with that text. */
export async function dialogClosed(page: Page, dialog: Locator): Promise<void> {
  const problem = dialog.locator('[data-testid="error-alert"], .ant-form-item-explain-error').first();
  const outcome = await Promise.race([
    dialog.waitFor({ state: 'detached' }).then(() => 'closed' as const),
    problem.waitFor().then(() => 'problem' as const),
  ]);
  if (outcome === 'problem') throw new Error(`dialog did not close: ${await dialog.innerText()}`);
}

/** Follow a link of the main menu. */
export async function openMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name, exact: true }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** 案发时间 in the new-case form (no default: the officer states it): yesterday 20:30 Beijing time unless given. */
export async function fillOccurredAt(page: Page, value?: string): Promise<void> {
  const v = value ?? `${new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10)} 20:30`;
  const input = page.getByTestId('case-occurred-at');
  await input.click();
  await input.fill(v);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}
