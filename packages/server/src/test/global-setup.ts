/**
 * One PostgreSQL per test run: embedded by default, or the server at TEST_DATABASE_URL.
 * A template database is migrated once; each test file clones it (CREATE DATABASE …
 * TEMPLATE), so files run in parallel without truncation.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { embeddedUrl, startEmbedded } from '../db/embedded';
import { migrate } from '../db/migrate';
import { withDatabase } from '../db/url';
import './provided-context';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The CLI tests start `xietong` processes (bin/xietong.mjs): the bundle `npm start` runs, rebuilt
  // here when a source is newer (~3 s), rather than the sources through tsx (~3× the CPU per start).
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the server bundle failed: ${built.stderr || built.stdout}`);
  const external = process.env.TEST_DATABASE_URL;
  let adminUrl: string;
  let stop: () => Promise<void> = async () => {};
  let dataDir: string | null = null;
  if (external) {
    adminUrl = external;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xietong-test-'));
    fs.chmodSync(dataDir, 0o755);
    const h = await startEmbedded({ dataDir });
    adminUrl = embeddedUrl(h.meta, 'postgres');
    stop = h.stop;
  }
  const template = `xt_tpl_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await migrate(withDatabase(adminUrl, template));
  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', template);
  project.provide('dbKind', external ? 'external' : 'embedded');
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${template}_t_%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
    await c.end();
    await stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
