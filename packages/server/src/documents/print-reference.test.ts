/**
 * A printed 法律文书 carries a QR code; paper that comes back is checked by scanning it: the code,
 * decoded from the rendered PDF page (poppler's pdftoppm, then jsQR — what a scanner does), names
 * the document, the SM3 of its text and the signing key, and the platform confirms it — or says
 * which part does not match.
 */
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestEnv, makeAgency, makeCase, makeUser, type TTestEnv, type TTestUser } from '../test/harness';
import { missingRenderTools } from './print-check';

let env: TTestEnv;
let dataDir: string;
let police: TTestUser;
let procId: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-qr-'));
  env = await createTestEnv({ dataDir });
  const pa = await makeAgency(env, { type: 'police', name: `长春市公安局二道分局${Date.now() % 10000}` });
  procId = (await makeAgency(env, { type: 'procuratorate' })).id;
  police = await makeUser(env, pa.id, ['handler']);
});
afterAll(async () => {
  await env?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Page 1 rendered at 200 dpi by pdftoppm, the QR code decoded from its pixels. */
function decodeQr(pdf: Buffer): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-qr-page-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    const r = spawnSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', path.join(dir, 'doc.pdf'), path.join(dir, 'p')]);
    if (r.status !== 0) throw new Error(`pdftoppm: ${r.stderr}`);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.ppm'))!;
    const buf = fs.readFileSync(path.join(dir, file));
    const m = buf.subarray(0, 64).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
    const [width, height, off] = [Number(m[1]), Number(m[2]), m[0].length];
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba[i * 4] = buf[off + i * 3]!;
      rgba[i * 4 + 1] = buf[off + i * 3 + 1]!;
      rgba[i * 4 + 2] = buf[off + i * 3 + 2]!;
      rgba[i * 4 + 3] = 255;
    }
    return jsQR(rgba, width, height)?.data ?? null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('QR codes on printed 法律文书', () => {
  it.runIf(missingRenderTools.length === 0)('the 拘留证 issued by 登记刑事拘留 carries a QR code that decodes from the printed page to a reference the platform verifies', async () => {
    const c = await makeCase(env, police);
    const inst = (await as(env, police).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: procId })).json();
    const r = await as(env, police).post(`/api/process-instances/${inst.id}/actions`, { action: 'record_detention', input: {} });
    expect(r.statusCode, r.body).toBe(200);
    const warrant = (r.json().events.at(-1).documents as { type: string; documentId: string; number: string }[]).find((d) => d.type === 'detention_warrant')!;
    const pdf = await as(env, police).get(`/api/documents/${warrant.documentId}/content`);
    expect(pdf.statusCode).toBe(200);

    const reference = decodeQr(pdf.rawPayload);
    expect(reference).not.toBeNull();
    expect(reference!.startsWith(`XT1|${warrant.documentId}|`)).toBe(true);

    // anyone holding the paper may check it (no sign-in), and learns what was issued
    const ok = await env.app.inject({ method: 'POST', url: '/api/documents/verify-reference', payload: { reference } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ matches: true, reason: null, document: { number: warrant.number, title: '拘留证', current: true } });

    // one changed character of the text's SM3, another document's id, a foreign code: refused, with the reason
    const [p, id, sm3, key] = reference!.split('|') as [string, string, string, string];
    const flipped = `${sm3.slice(0, -1)}${sm3.endsWith('0') ? '1' : '0'}`;
    const badHash = (await env.app.inject({ method: 'POST', url: '/api/documents/verify-reference', payload: { reference: [p, id, flipped, key].join('|') } })).json();
    // a wrong digest names nothing of the document: the same answer as an id that exists nowhere (found in review)
    expect(badHash).toEqual({ matches: false, reason: expect.stringContaining('未找到与二维码相符的文书'), document: null });
    const nowhere = (await env.app.inject({ method: 'POST', url: '/api/documents/verify-reference', payload: { reference: [p, crypto.randomUUID(), flipped, key].join('|') } })).json();
    expect(nowhere).toEqual(badHash);
    expect(JSON.stringify(badHash)).not.toContain(warrant.number);
    const badKey = (await env.app.inject({ method: 'POST', url: '/api/documents/verify-reference', payload: { reference: [p, id, sm3, 'someoneelseskey1'].join('|') } })).json();
    expect(badKey).toMatchObject({ matches: false, reason: '未找到该密钥对该文书的签名记录' });
    const otherDoc = (await env.app.inject({ method: 'POST', url: '/api/documents/verify-reference', payload: { reference: [p, inst.id, sm3, key].join('|') } })).json();
    expect(otherDoc).toMatchObject({ matches: false, document: null });
    const foreign = (await env.app.inject({ method: 'POST', url: '/api/documents/verify-reference', payload: { reference: 'https://example.com/x' } })).json();
    expect(foreign).toMatchObject({ matches: false, reason: '不是本平台文书的二维码（格式不符）' });
    // the same document's own signature check still holds: the PDF is what was signed
    const boundary = 'xtqr';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf.rawPayload, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const sig = await env.app.inject({ method: 'POST', url: '/api/signatures/verify', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(sig.json().valid).toBe(true);
  });
});
