/**
 * 法律文书 and 验证签名 in the browser: the police handler generates 提请批准逮捕书 on a case from the
 * case card (文号 from the agency's series, SM2 signature), downloads it, and checks it on the
 * 验证签名 page: the downloaded copy is valid and names the signing agency; the same file with one
 * byte changed is invalid.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSuite, choose, launchBrowser, openMenu, signIn, startServer, type TServer, UNTIL } from './support';

browserSuite('legal-documents', () => {
  let server: TServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('generates, downloads and verifies a signed legal document', async () => {
    const police = await signIn(browser, server.base, 'cy-police-handler');
    const p = police.page;
    const created = await p.request.post(`${server.base}/api/cases`, {
      data: {
        title: '文书签章测试案', occurredAt: '2026-03-01T22:30:00+08:00', regionCode: '220104', charges: ['dangerous_driving'],
        persons: [{ name: '王某', sex: 'male' }],
      },
    });
    expect(created.status()).toBe(201);
    const caseId = ((await created.json()) as { id: string }).id;

    await p.goto(`${server.base}/cases/${caseId}`);
    const card = p.getByTestId('legal-documents');
    await card.getByText('本案尚无签发的法律文书').waitFor();
    await card.getByTestId('generate-legal-document').click();
    const dialog = p.locator('.ant-modal').filter({ has: p.getByTestId('generate-submit') });
    await choose(p, dialog.getByTestId('template-select'), '提请批准逮捕书');
    // a required field left empty is refused in the browser, before any request
    await dialog.getByTestId('generate-submit').click();
    await dialog.locator('.ant-form-item-explain-error').first().waitFor();
    await dialog.getByTestId('field-receiverName').fill('长春市朝阳区人民检察院');
    await dialog.getByTestId('field-facts').fill('2026年3月1日22时30分许，犯罪嫌疑人王某醉酒后驾驶小型轿车在城市道路上行驶，被执勤民警当场查获。');
    await expect(dialog.getByTestId('field-evidence').inputValue()).resolves.toContain('上述事实');
    await dialog.getByTestId('generate-submit').click();

    const result = p.getByTestId('generate-result');
    await result.waitFor();
    const number = (await result.getByTestId('generated-number').textContent()) ?? '';
    expect(number).toMatch(/提捕字.2\d{3}.\d+号$/);
    await expect(result.getByTestId('generated-signer').textContent()).resolves.toContain('公安');
    const [download] = await Promise.all([p.waitForEvent('download'), result.getByTestId('generated-download').click()]);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await p.getByTestId('generate-close').click();
    // the card lists it with its 文号
    await expect.poll(() => card.getByTestId('legal-document-number').allTextContents(), UNTIL).toEqual([number]);
    // 查看 opens it in the dossier viewer, rendered
    await card.getByTestId('legal-document-view').click();
    await p.getByTestId('dossier').waitFor();
    expect(p.url()).toContain('/dossier?doc=');
    await expect.poll(() => p.getByTestId('pdf-page').getAttribute('data-rendered'), UNTIL).toBe('1');
    await p.goBack();

    // 验证签名: the downloaded copy is valid and names the agency and 文号
    await openMenu(p, '验证签名');
    await p.getByTestId('verify-page').waitFor();
    const input = p.getByTestId('verify-page').locator('input[type=file]');
    await input.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/pdf', buffer: bytes });
    const verdict = p.getByTestId('verify-result');
    await expect.poll(() => verdict.getAttribute('data-valid'), UNTIL).toBe('true');
    await expect(p.getByTestId('verify-status').textContent()).resolves.toBe('签名有效');
    await expect(p.getByTestId('verify-number').textContent()).resolves.toBe(number);
    await expect(p.getByTestId('verify-agency').textContent()).resolves.toContain('公安');

    // one byte changed: invalid
    const tampered = Buffer.from(bytes);
    const at = Math.floor(tampered.length / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    await input.setInputFiles({ name: 'tampered.pdf', mimeType: 'application/pdf', buffer: tampered });
    await expect.poll(() => p.getByTestId('verify-result').getAttribute('data-valid'), UNTIL).toBe('false');
    await expect(p.getByTestId('verify-status').textContent()).resolves.toBe('签名无效');
    await expect(p.getByTestId('verify-signature').count()).resolves.toBe(0);

    expect(police.errors).toEqual([]);
    await police.context.close();
  });
});
