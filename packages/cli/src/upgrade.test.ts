/**
 * Upgrade (issue #12): a data directory made by the previous release (built here from the
 * previous migrations) starts on the current code only after an automatic backup, and verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../server/src/bootstrap';
import { createDatabase } from '../../server/src/db/database';
import { findFreePort, liveOrphanPostmaster, startEmbedded } from '../../server/src/db/embedded';
import { listMigrations, migrate } from '../../server/src/db/migrate';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/xietong.mjs');
const children: ChildProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-upgrade-'));
fs.chmodSync(dir, 0o755);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 3000));
  const pid = liveOrphanPostmaster(path.join(dir, 'pg'));
  if (pid) process.kill(pid, 'SIGINT');
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dir, { recursive: true, force: true });
});

function spawnCli(args: string[], env: Record<string, string>): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, XIETONG_DATA_DIR: dir, LOG_LEVEL: 'warn', XIETONG_DEMO: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out, exit: new Promise((r) => child.on('exit', (c) => r(c))) };
}

describe('upgrade', () => {
  it('a data directory of the previous release is backed up before its migrations, then starts and verifies', async () => {
    // the previous release: every migration but the newest, an administrator, a few ledgered rows
    const all = listMigrations();
    const previous = all[all.length - 2]!;
    const h = await startEmbedded({ dataDir: dir });
    try {
      expect(await migrate(h.url, () => {}, { upTo: previous.id })).toHaveLength(all.length - 1);
      const database = createDatabase(h.url, { max: 2 });
      await ensureAdmin(database.db, 'admin-pass-2026', () => {});
      await database.close();
    } finally {
      await h.stop();
    }

    // without a passphrase for the automatic backup: refused, plainly, nothing migrated
    const refused = spawnCli(['serve'], { PORT: String(await findFreePort()) });
    expect(await refused.exit).toBe(1);
    expect(refused.out()).toContain(`需要执行 1 个数据库迁移（${all[all.length - 1]!.name}）`);
    expect(refused.out()).toContain('XIETONG_BACKUP_PASSPHRASE');
    expect(refused.out()).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);

    const port = await findFreePort();
    const s = spawnCli(['serve'], { PORT: String(port), XIETONG_BACKUP_PASSPHRASE: 'upgrade-pass-2026' });
    const base = `http://127.0.0.1:${port}`;
    let up = false;
    for (let i = 0; i < 900 && !up; i++) {
      if (s.child.exitCode !== null) throw new Error(s.out());
      up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    expect(up).toBe(true);
    const out = s.out();
    expect(out).toContain('升级前自动备份');
    // the backup was taken before the migration ran
    expect(out.indexOf('升级前自动备份')).toBeLessThan(out.indexOf(`applied migration ${all[all.length - 1]!.name}`));
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^pre-upgrade-${String(previous.id).padStart(4, '0')}-to-${all[all.length - 1]!.name.slice(0, 4)}-.*\\.xtb$`));
    const ready = (await (await fetch(`${base}/api/health/ready`)).json()) as { migrations: { ok: boolean } };
    expect(ready.migrations.ok).toBe(true);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-2026' }) });
    expect(login.status).toBe(200);
    const v = spawnCli(['verify'], {});
    expect(await v.exit, v.out()).toBe(0);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  }, 180_000);
});
