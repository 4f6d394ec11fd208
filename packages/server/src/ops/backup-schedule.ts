/**
 * Scheduled backups with retention (issue #12), run by the serving process:
 *
 *   XIETONG_BACKUP_SCHEDULE   an interval (`30m`, `6h`, `1d`) or a cron expression (`0 2 * * *`,
 *                             Asia/Shanghai time); unset: no scheduled backups
 *   XIETONG_BACKUP_DIR        where they go (default `<dataDir>/backups`)
 *   XIETONG_BACKUP_KEEP       how many scheduled backups to keep (default 7; older ones are
 *                             deleted after a successful run; pre-upgrade backups are never touched)
 *   XIETONG_BACKUP_PASSPHRASE encrypts the keys inside each backup (required with a schedule)
 *
 * Each run takes a session advisory lock on the database first, so of several server
 * processes on one database one backs up and the others skip; it also skips when a backup
 * younger than half an interval exists (another node has just made one). The backup itself
 * (ops/backup.ts, which reads the data directory synchronously) runs in a child process
 * (ops/backup-child.ts) attached to this server's PostgreSQL: requests keep being served
 * while it copies. The outcome is in the readiness details and in /metrics (backup age).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Cron } from 'croner';
import pg from 'pg';
import { StartupError } from '../startup-checks';
import { lastBackupAge } from './backup';

export const BACKUP_LOCK_KEY = 7_240_215_012; // "xietong scheduled backup"
export const SCHEDULED_PREFIX = 'xietong-';
const SCHEDULED_NAME = /^xietong-\d{8}T\d{6}Z\.xtb$/;
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const BACKUP_TIMEZONE = 'Asia/Shanghai';

export type TBackupSchedule =
  | { kind: 'interval'; text: string; ms: number }
  | { kind: 'cron'; text: string; next: (after: Date) => Date | null };

export type TBackupScheduleSettings = { schedule: TBackupSchedule; dir: string; keep: number; passphrase: string };

export type TBackupStatus = {
  schedule: string | null;
  dir: string | null;
  keep: number | null;
  ageSeconds: number | null;
  lastFile: string | null;
  lastError: string | null;
  nextAt: string | null;
  running: boolean;
};

const bad = (what: string, why: string) => new StartupError(`${what}：${why}`);

/** `6h`, `30m`, `1d`, `90s`, or a five/six-field cron expression. */
export function parseBackupSchedule(text: string): TBackupSchedule {
  const t = text.trim();
  const m = /^(\d+)\s*([smhd])$/.exec(t);
  if (m) {
    const ms = Number(m[1]) * UNITS[m[2]!]!;
    if (ms < 1000) throw bad('XIETONG_BACKUP_SCHEDULE', `间隔至少 1 秒 / the interval must be at least 1 s (got "${text}")`);
    return { kind: 'interval', text: t, ms };
  }
  let cron: Cron;
  try {
    cron = new Cron(t, { paused: true, timezone: BACKUP_TIMEZONE });
  } catch (e) {
    throw bad('XIETONG_BACKUP_SCHEDULE', `应为间隔（如 6h、30m、1d）或 cron 表达式（如 "0 2 * * *"）/ expected an interval (6h, 30m, 1d) or a cron expression ("0 2 * * *"), got "${text}": ${(e as Error).message}`);
  }
  return { kind: 'cron', text: t, next: (after) => cron.nextRun(after) };
}

/** The schedule from the environment, or null when none is configured. */
export function backupScheduleSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): TBackupScheduleSettings | null {
  const text = env.XIETONG_BACKUP_SCHEDULE?.trim();
  if (!text) return null;
  const schedule = parseBackupSchedule(text);
  const keepText = env.XIETONG_BACKUP_KEEP?.trim() || '7';
  const keep = Number(keepText);
  if (!Number.isInteger(keep) || keep < 1) throw bad('XIETONG_BACKUP_KEEP', `应为正整数 / must be a positive integer (got "${keepText}")`);
  const passphrase = env.XIETONG_BACKUP_PASSPHRASE ?? '';
  if (passphrase.length < 8) {
    throw bad('XIETONG_BACKUP_SCHEDULE', '定时备份需要 XIETONG_BACKUP_PASSPHRASE（至少 8 个字符），用于加密备份中的密钥 / scheduled backups need XIETONG_BACKUP_PASSPHRASE (at least 8 characters) to encrypt the keys inside them');
  }
  return { schedule, dir: path.resolve(env.XIETONG_BACKUP_DIR || path.join(dataDir, 'backups')), keep, passphrase };
}

/** When the next run is due after `after` (null: never). */
export function nextRunAt(s: TBackupSchedule, after: Date): Date | null {
  return s.kind === 'interval' ? new Date(after.getTime() + s.ms) : s.next(after);
}

/** Keep the newest `keep` scheduled backups in `dir`; returns the files deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = fs.readdirSync(dir).filter((f) => SCHEDULED_NAME.test(f)).sort(); // the name is the UTC time
  const gone = files.slice(0, Math.max(0, files.length - keep));
  for (const f of gone) fs.rmSync(path.join(dir, f), { force: true });
  return gone;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Run ops/backup-child.ts in its own Node process (TypeScript through tsx). */
function runChild(args: { dataDir: string; url: string; file: string; passphrase: string }, onChild: (c: ChildProcess | null) => void): Promise<void> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'backup-child.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, script], {
      env: { ...process.env, XIETONG_BACKUP_CHILD: JSON.stringify({ dataDir: args.dataDir, url: args.url, file: args.file }), XIETONG_BACKUP_PASSPHRASE: args.passphrase },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    onChild(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { if (err.length < 4000) err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      onChild(null);
      if (code === 0) resolve();
      else reject(new Error(err.trim().split('\n').slice(-3).join(' ') || `backup process exited with ${code ?? signal}`));
    });
  });
}

export type TBackupScheduler = {
  status: () => TBackupStatus;
  /** one run now (as the timer would): resolves when it has finished or was skipped */
  runOnce: () => Promise<'done' | 'skipped'>;
  stop: () => Promise<void>;
};

export function startBackupSchedule(opts: {
  dataDir: string;
  url: string;
  settings: TBackupScheduleSettings;
  log: (m: string) => void;
}): TBackupScheduler {
  const { settings, dataDir, log } = opts;
  fs.mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let nextAt: Date | null = null;
  let lastFile: string | null = null;
  let lastError: string | null = null;
  let inFlight: Promise<'done' | 'skipped'> | null = null;
  let child: ChildProcess | null = null;

  const run = async (): Promise<'done' | 'skipped'> => {
    const c = new pg.Client({ connectionString: opts.url, application_name: 'xietong scheduled backup' });
    await c.connect();
    try {
      const got = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [BACKUP_LOCK_KEY])).rows[0]!.ok;
      if (!got) return 'skipped'; // another server process of this database is backing up
      try {
        const age = lastBackupAge(dataDir);
        if (settings.schedule.kind === 'interval' && age !== null && age * 1000 < settings.schedule.ms / 2) return 'skipped';
        const file = path.join(settings.dir, `${SCHEDULED_PREFIX}${stamp(new Date())}.xtb`);
        await runChild({ dataDir, url: opts.url, file, passphrase: settings.passphrase }, (ch) => (child = ch));
        lastFile = file;
        lastError = null;
        const gone = pruneBackups(settings.dir, settings.keep);
        log(`定时备份完成 / scheduled backup written: ${file}${gone.length ? `; ${gone.length} older removed (keep ${settings.keep})` : ''}`);
        return 'done';
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]).catch(() => {});
      }
    } finally {
      await c.end().catch(() => {});
    }
  };

  const runOnce = (): Promise<'done' | 'skipped'> =>
    (inFlight ??= run()
      .catch((e: unknown) => {
        lastError = (e as Error).message;
        if (!stopped) log(`定时备份失败 / scheduled backup failed: ${lastError}`);
        return 'skipped' as const;
      })
      .finally(() => (inFlight = null)));

  const schedule = () => {
    if (stopped) return;
    nextAt = nextRunAt(settings.schedule, new Date());
    if (!nextAt) return;
    // setTimeout holds at most 2^31-1 ms (~24.8 days): wake up and look again
    const delay = Math.min(Math.max(0, nextAt.getTime() - Date.now()), 2_147_483_647);
    timer = setTimeout(() => {
      if (nextAt && Date.now() + 5 < nextAt.getTime()) return schedule();
      void runOnce().finally(schedule);
    }, delay);
    timer.unref();
  };
  schedule();
  log(`定时备份 / scheduled backups: ${settings.schedule.text} → ${settings.dir} (keep ${settings.keep})`);

  return {
    status: () => ({
      schedule: settings.schedule.text, dir: settings.dir, keep: settings.keep, ageSeconds: lastBackupAge(dataDir),
      lastFile, lastError, nextAt: nextAt?.toISOString() ?? null, running: inFlight !== null,
    }),
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      // a backup in progress is abandoned (its partial file is removed by the child's own cleanup
      // or left as *.partial-<pid>, never under a backup's name); shutdown stays within its bound
      const ch = child as ChildProcess | null;
      if (ch && ch.exitCode === null) ch.kill('SIGTERM');
      if (inFlight) await Promise.race([inFlight, new Promise((r) => setTimeout(r, 1000))]);
    },
  };
}

/** Status when no schedule is configured (readiness details). */
export function unscheduledStatus(dataDir: string | null): TBackupStatus {
  return { schedule: null, dir: null, keep: null, ageSeconds: dataDir ? lastBackupAge(dataDir) : null, lastFile: null, lastError: null, nextAt: null, running: false };
}
