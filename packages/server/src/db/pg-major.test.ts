/**
 * A data directory of another PostgreSQL major version is refused with the steps, and
 * nothing in it is touched (issue #12: "never silently reinitialised").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError } from '../startup-checks';
import { startEmbedded } from './embedded';
import { checkPgMajor, embeddedPgMajor } from './pg-major';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('embedded PostgreSQL major version', () => {
  it('a cluster made by PostgreSQL 17 is refused by the PostgreSQL 18 release with the migration steps, untouched', async () => {
    expect(embeddedPgMajor()).toBe('18');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-major-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'pg'));
    fs.writeFileSync(path.join(dir, 'pg', 'PG_VERSION'), '17\n');
    const err = await startEmbedded({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    const msg = (err as Error).message;
    expect(msg).toContain('由 PostgreSQL 17 创建，而本版本内嵌 PostgreSQL 18');
    expect(msg).toContain('pg_dump -Fc');
    expect(msg).toContain('pg_restore --clean --if-exists --no-owner');
    expect(msg).toContain('docs/operations.md');
    expect(fs.readdirSync(path.join(dir, 'pg'))).toEqual(['PG_VERSION']);
    expect(fs.readFileSync(path.join(dir, 'pg', 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(() => checkPgMajor(path.join(dir, 'pg'), '17')).not.toThrow();
  });
});
