/** Like fastify's errors test: every code in the catalogue is documented, and nothing else. */
import fs from 'node:fs';
import path from 'node:path';
import { ERRORS, ERROR_CODES } from '@xietong/core';
import { describe, expect, it } from 'vitest';

const DOC = path.resolve(import.meta.dirname, '../../../../docs/errors.md');

describe('error catalogue', () => {
  it('docs/errors.md lists every code with its status and Chinese message', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| ([^|]+) \|/gm)].map((m) => ({ code: m[1]!, status: Number(m[2]), zh: m[3]!.trim() }));
    expect(documented.map((d) => d.code).sort()).toEqual([...ERROR_CODES].sort());
    for (const d of documented) {
      const e = ERRORS[d.code as keyof typeof ERRORS];
      expect(d.status, d.code).toBe(e.status);
      expect(d.zh, d.code).toBe(e.zh);
    }
  });
  it('every client error has a Chinese message', () => {
    for (const c of ERROR_CODES) expect(ERRORS[c].zh, c).toMatch(/[\u4e00-\u9fa5]/);
  });
});
