/** The server serves the built web app: SPA routes get index.html (no-cache), a missing asset is a 404. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TTestEnv } from '../test/harness';

let env: TTestEnv;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-web-'));
beforeAll(async () => {
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>协同</title>');
  env = await createTestEnv({ webDist: dist });
});
afterAll(async () => { await env.close(); fs.rmSync(dist, { recursive: true, force: true }); });

describe('the web app', () => {
  it('serves index.html at / and for client routes, not cached', async () => {
    for (const url of ['/', '/cases/123', '/inbox?box=todo']) {
      const res = await env.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('协同');
    }
    expect((await env.app.inject({ method: 'GET', url: '/cases/1' })).headers['cache-control']).toBe('no-cache');
  });
  it('serves an asset written after start (a rebuild needs no restart), and 404s a missing one', async () => {
    fs.writeFileSync(path.join(dist, 'assets', 'app-new.js'), 'console.log(1)');
    const ok = await env.app.inject({ method: 'GET', url: '/assets/app-new.js' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toContain('javascript');
    const missing = await env.app.inject({ method: 'GET', url: '/assets/app-old.js' });
    expect(missing.statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: '/api/nope' })).json().error.code).toBe('NOT_FOUND');
  });
});
