/**
 * Upgrades (issue #12).
 * - A newer release on an older data directory: before the first pending migration runs,
 *   an automatic backup is written to `<dataDir>/backups/` (embedded database), so a failed
 *   or unwanted upgrade can be undone with `xietong restore`. Without a passphrase for the
 *   keys in it the upgrade is refused, unless XIETONG_UPGRADE_BACKUP=0 says to go on without.
 * - Another major version of the embedded PostgreSQL: db/pg-major.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { listMigrations, migrate } from '../db/migrate';
import { StartupError } from '../startup-checks';
import { backupDataDir } from './backup';

export const BACKUP_DIR = 'backups';

export async function migrationState(url: string): Promise<{ applied: number[]; pending: string[] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const exists = await c.query("SELECT to_regclass('public.schema_migrations') AS t");
    const applied = exists.rows[0].t ? (await c.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).rows.map((r) => Number(r.id)) : [];
    const done = new Set(applied);
    return { applied, pending: listMigrations().filter((m) => !done.has(m.id)).map((m) => m.name) };
  } finally {
    await c.end();
  }
}

/** Apply pending migrations; on an embedded data directory that has data, back it up first. */
export async function migrateWithBackup(opts: {
  url: string;
  dataDir: string;
  embedded: boolean;
  log: (m: string) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<string[]> {
  const env = opts.env ?? process.env;
  if (opts.embedded) {
    const state = await migrationState(opts.url);
    if (state.applied.length > 0 && state.pending.length > 0) {
      const passphrase = env.XIETONG_BACKUP_PASSPHRASE;
      if (passphrase) {
        const from = String(state.applied[state.applied.length - 1]).padStart(4, '0');
        const to = state.pending[state.pending.length - 1]!.slice(0, 4);
        fs.mkdirSync(path.join(opts.dataDir, BACKUP_DIR), { recursive: true, mode: 0o700 });
        const file = path.join(opts.dataDir, BACKUP_DIR, `pre-upgrade-${from}-to-${to}-${new Date().toISOString().replace(/[:.]/g, '-')}.xtb`);
        opts.log(`升级前自动备份 / backing up before ${state.pending.length} migration(s): ${file}`);
        await backupDataDir({ dataDir: opts.dataDir, url: opts.url, file, passphrase });
      } else if (env.XIETONG_UPGRADE_BACKUP === '0') {
        opts.log('XIETONG_UPGRADE_BACKUP=0: 升级前不备份 / migrating without a backup');
      } else {
        throw new StartupError(
          `此数据目录需要执行 ${state.pending.length} 个数据库迁移（${state.pending.join(', ')}）。升级前会自动备份，备份中的密钥需要口令加密：` +
            `请设置 XIETONG_BACKUP_PASSPHRASE 后重新启动（或设置 XIETONG_UPGRADE_BACKUP=0 不备份直接升级）。` +
            ` / This data directory needs ${state.pending.length} migration(s); an automatic backup is taken first and its keys are encrypted with a passphrase:` +
            ` set XIETONG_BACKUP_PASSPHRASE and start again (or XIETONG_UPGRADE_BACKUP=0 to migrate without a backup).`,
        );
      }
    }
  }
  return migrate(opts.url, opts.log);
}
