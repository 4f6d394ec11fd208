/** The committed openapi.json is generated, not edited: it must equal what the app serves. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TTestEnv } from '../test/harness';

let env: TTestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => { await env.close(); });

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1, served at /api/openapi.json, and matches the committed copy (run `npm run openapi`)', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/auth/login'].post).toBeDefined();
    const committed = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../../openapi.json'), 'utf8'));
    expect(doc).toEqual(committed);
  });
  it('has a browsable docs page', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
