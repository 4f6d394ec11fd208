import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { legalTable } from './legal-table';
import { PROCESS_DEFINITIONS } from './registry';

describe('docs/legal.md', () => {
  const text = legalTable();

  it('is the table generated from the definitions (run `npm run legal-table` after changing a timer)', () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../docs/legal.md'), 'utf8');
    expect(committed).toBe(text);
  });

  it('lists every timer of every process with its length, start event, custody rule and article', () => {
    for (const def of PROCESS_DEFINITIONS) {
      for (const [id, t] of Object.entries(def.timers)) {
        const row = text.split('\n').find((l) => l.startsWith(`| \`${id}\` | ${t.zh} |`));
        expect(row, `${def.code}.${id}`).toBeDefined();
        const cells = row!.split(' | ');
        expect(cells).toHaveLength(6);
        expect(cells[3], `${def.code}.${id} start`).toMatch(/开始于：.+/);
        expect(cells[4]).toMatch(/顺延/);
        expect(cells[5]!.length, `${def.code}.${id} article`).toBeGreaterThan(3);
      }
    }
  });
});
