/**
 * `xietong backup FILE` and `xietong restore FILE --data-dir DIR` (issue #12, server/src/ops/backup.ts).
 * Backup works while the platform runs (it attaches to the running server's PostgreSQL);
 * the passphrase comes from XIETONG_BACKUP_PASSPHRASE or, on a terminal, a prompt.
 * Exit codes: 0 done, 1 refused or failed, 2 could not run.
 */
import readline from 'node:readline';
import type { Command } from 'commander';
import { loadConfig, openDatabase } from '@xietong/server';
import { BackupError, backupDataDir, restoreDataDir } from '@xietong/server/ops/backup';

async function passphrase(confirm: boolean): Promise<string> {
  const env = process.env.XIETONG_BACKUP_PASSPHRASE;
  if (env) return env;
  if (!process.stdin.isTTY) throw new BackupError('请设置 XIETONG_BACKUP_PASSPHRASE / set XIETONG_BACKUP_PASSPHRASE (no terminal to ask on)');
  const ask = (q: string) => new Promise<string>((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // do not echo the passphrase
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => { if (s.includes(q)) process.stderr.write(q); };
    rl.question(q, (a) => { rl.close(); process.stderr.write('\n'); resolve(a); });
  });
  const a = await ask('备份口令 passphrase: ');
  if (confirm && (await ask('再次输入 again: ')) !== a) throw new BackupError('两次输入的口令不一致 / the passphrases differ');
  return a;
}

function progressPrinter(): ((done: number, what: string | number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, what) => {
    const mb = (done / 1048576).toFixed(1);
    process.stderr.write(`\r  ${mb} MB ${typeof what === 'number' ? `/ ${(what / 1048576).toFixed(1)} MB` : what}        `);
  };
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('在线备份数据目录（数据库、材料文件、加密的密钥）back up the data directory while the platform runs')
    .argument('<file>', 'backup file to write')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) {
        console.error('外部数据库请使用运维自己的工具备份（pg_basebackup 或同版本 pg_dump），材料与密钥目录另行备份，见 docs/operations.md。' +
          ' / With DATABASE_URL, back up PostgreSQL with your own tools (pg_basebackup, or pg_dump of the same major version) and the data directory beside it: see docs/operations.md.');
        process.exit(2);
      }
      const pass = await passphrase(true);
      const { url, embedded } = await openDatabase(config, (m) => console.error(m), { kind: 'cli', command: 'backup' });
      try {
        const t0 = Date.now();
        const r = await backupDataDir({ dataDir: config.dataDir, url, file, passphrase: pass, progress: progressPrinter() });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const c = Object.entries(r.manifest.counts).map(([k, v]) => `${k} ${v}`).join(', ');
        console.log(`备份完成 / backup written: ${file} (${(r.bytes / 1048576).toFixed(1)} MB, ${r.manifest.parts.length} parts, PostgreSQL ${r.manifest.pgVersion}, ${((Date.now() - t0) / 1000).toFixed(1)} s; ${c})`);
      } finally {
        await embedded?.stop();
      }
    });

  program
    .command('restore')
    .description('从备份恢复到新的数据目录 restore a backup into a new data directory')
    .argument('<file>', 'backup file')
    .requiredOption('--data-dir <dir>', 'new (empty) data directory to create')
    .action(async (file: string, o: { dataDir: string }) => {
      const pass = await passphrase(false);
      try {
        const r = await restoreDataDir({ file, dataDir: o.dataDir, passphrase: pass, progress: progressPrinter() });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const c = Object.entries(r.manifest.counts).map(([k, v]) => `${k} ${v}`).join(', ');
        console.log(`恢复完成 / restored into ${o.dataDir} (backup of ${r.manifest.createdAt}; ${c}; embedded PostgreSQL port ${r.pgPort})`);
        console.log(`下一步 / next: XIETONG_DATA_DIR=${o.dataDir} xietong verify`);
      } catch (e) {
        if (e instanceof BackupError) {
          console.error(`错误 / error: ${e.message}`);
          process.exit(1);
        }
        throw e;
      }
    });
}
