/**
 * Scheduled backups with retention (issue #12): the schedule is configuration; a scheduled
 * run on a real embedded PostgreSQL writes a backup that restores, the directory is pruned
 * to XIETONG_BACKUP_KEEP, and of two server processes only the one holding the advisory lock
 * backs up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type TEmbeddedHandle } from '../db/embedded';
import { migrate } from '../db/migrate';
import { StartupError } from '../startup-checks';
import { lastBackupAge, restoreDataDir } from './backup';
import { BACKUP_LOCK_KEY, backupScheduleSettings, nextRunAt, parseBackupSchedule, startBackupSchedule } from './backup-schedule';

const PASS = 'schedule-passphrase-2026';

describe('backup schedule configuration', () => {
  it('takes an interval or a cron expression in Beijing time; anything else is one clear start-up error', () => {
    expect(parseBackupSchedule('6h')).toMatchObject({ kind: 'interval', ms: 6 * 3_600_000 });
    expect(parseBackupSchedule('30m')).toMatchObject({ kind: 'interval', ms: 1_800_000 });
    const daily = parseBackupSchedule('0 2 * * *');
    // 02:00 in Asia/Shanghai is 18:00 UTC of the day before
    expect(nextRunAt(daily, new Date('2026-03-01T12:00:00Z'))!.toISOString()).toBe('2026-03-01T18:00:00.000Z');
    expect(() => parseBackupSchedule('every night')).toThrow(StartupError);
    expect(() => parseBackupSchedule('every night')).toThrow(/XIETONG_BACKUP_SCHEDULE/);
  });

  it('is off by default; a schedule needs a passphrase, a positive XIETONG_BACKUP_KEEP, and defaults to <dataDir>/backups, keep 7', () => {
    expect(backupScheduleSettings('/srv/xt', {})).toBeNull();
    expect(() => backupScheduleSettings('/srv/xt', { XIETONG_BACKUP_SCHEDULE: '1d' })).toThrow(/XIETONG_BACKUP_PASSPHRASE/);
    expect(() => backupScheduleSettings('/srv/xt', { XIETONG_BACKUP_SCHEDULE: '1d', XIETONG_BACKUP_PASSPHRASE: PASS, XIETONG_BACKUP_KEEP: '0' })).toThrow(/XIETONG_BACKUP_KEEP/);
    expect(backupScheduleSettings('/srv/xt', { XIETONG_BACKUP_SCHEDULE: '1d', XIETONG_BACKUP_PASSPHRASE: PASS })).toMatchObject({ dir: '/srv/xt/backups', keep: 7 });
    expect(backupScheduleSettings('/srv/xt', { XIETONG_BACKUP_SCHEDULE: '1d', XIETONG_BACKUP_PASSPHRASE: PASS, XIETONG_BACKUP_DIR: '/mnt/b', XIETONG_BACKUP_KEEP: '3' }))
      .toMatchObject({ dir: '/mnt/b', keep: 3 });
  });
});

describe('scheduled backups on an embedded data directory', () => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-sched-'));
  fs.chmodSync(top, 0o755);
  const dataDir = path.join(top, 'data');
  const backupDir = path.join(top, 'backups');
  let pgh: TEmbeddedHandle;
  beforeAll(async () => {
    pgh = await startEmbedded({ dataDir });
    await migrate(pgh.url);
    const c = new pg.Client({ connectionString: pgh.url });
    await c.connect();
    await c.query(`INSERT INTO agencies (type, level, region_code, name, short_name, unit_code) VALUES ('plc', 'province', '220000', '定时备份测试局', '测试局', '000001')`);
    await c.end();
  }, 120_000);
  afterAll(async () => {
    await pgh?.stop();
    fs.rmSync(top, { recursive: true, force: true });
  });

  it('runs on its own, writes backups that restore, and keeps only the newest XIETONG_BACKUP_KEEP', async () => {
    fs.mkdirSync(backupDir, { recursive: true });
    fs.writeFileSync(path.join(backupDir, 'pre-upgrade-0019-to-0020-x.xtb'), 'not ours to prune');
    const written: string[] = [];
    const settings = backupScheduleSettings(dataDir, { XIETONG_BACKUP_SCHEDULE: '1s', XIETONG_BACKUP_PASSPHRASE: PASS, XIETONG_BACKUP_DIR: backupDir, XIETONG_BACKUP_KEEP: '2' })!;
    const s = startBackupSchedule({
      dataDir, url: pgh.url, settings,
      log: (m) => { const f = /scheduled backup written: ([^\s;]+)/.exec(m)?.[1]; if (f) written.push(f); },
    });
    try {
      expect(s.status()).toMatchObject({ schedule: '1s', keep: 2, running: false });
      for (let i = 0; i < 1200 && written.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
      expect(written.length).toBeGreaterThanOrEqual(3);
    } finally {
      await s.stop();
    }
    // (a run the stop interrupted leaves at most a *.partial-<pid>, never a *.xtb)
    const kept = fs.readdirSync(backupDir).filter((f) => /^xietong-.*\.xtb$/.test(f)).sort();
    // the newest two written are the two kept; the pre-upgrade backup is untouched
    expect(kept).toEqual(written.slice(-2).map((f) => path.basename(f)).sort());
    expect(fs.existsSync(path.join(backupDir, 'pre-upgrade-0019-to-0020-x.xtb'))).toBe(true);
    expect(s.status().lastError).toBeNull();
    expect(lastBackupAge(dataDir)).not.toBeNull();

    // what a scheduled run wrote restores: every part's SM3, the manifest MAC, the keys
    const restored = path.join(top, 'restored');
    const newest = path.join(backupDir, kept.at(-1)!);
    const r = await restoreDataDir({ file: newest, dataDir: restored, passphrase: PASS });
    expect(r.manifest.counts).toMatchObject({ cases: 0 });
    expect(fs.existsSync(path.join(restored, 'pg', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(restored, 'embedded.json'))).toBe(true);
  }, 180_000);

  it('of two server processes on one database only the holder of the advisory lock backs up', async () => {
    const other = new pg.Client({ connectionString: pgh.url });
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [BACKUP_LOCK_KEY]);
    const count = () => fs.readdirSync(backupDir).filter((f) => f.endsWith('.xtb')).length;
    const before = count();
    // a cron schedule (an interval schedule would also skip: a backup younger than half an interval exists)
    const settings = backupScheduleSettings(dataDir, { XIETONG_BACKUP_SCHEDULE: '0 3 * * *', XIETONG_BACKUP_PASSPHRASE: PASS, XIETONG_BACKUP_DIR: backupDir, XIETONG_BACKUP_KEEP: '5' })!;
    const s = startBackupSchedule({ dataDir, url: pgh.url, settings, log: () => {} });
    try {
      expect(await s.runOnce()).toBe('skipped');
      expect(count()).toBe(before);
      await other.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]);
      expect(await s.runOnce()).toBe('done');
      expect(count()).toBe(before + 1);
    } finally {
      await s.stop();
      await other.end();
    }
  }, 120_000);
});
