/**
 * One scheduled backup, in its own process (started by ops/backup-schedule.ts with tsx):
 * `backupDataDir` reads the data directory synchronously, which must not stall the server's
 * requests. Input: XIETONG_BACKUP_CHILD = {dataDir, url, file}, XIETONG_BACKUP_PASSPHRASE.
 * Exit 0 when the backup is written; otherwise the reason on stderr and exit 1. A SIGTERM
 * (the server shutting down) removes the partial file and exits.
 */
import fs from 'node:fs';
import { backupDataDir } from './backup';

const args = JSON.parse(process.env.XIETONG_BACKUP_CHILD ?? '{}') as { dataDir: string; url: string; file: string };
process.on('SIGTERM', () => {
  fs.rmSync(`${args.file}.partial-${process.pid}`, { force: true });
  process.exit(1);
});
try {
  await backupDataDir({ dataDir: args.dataDir, url: args.url, file: args.file, passphrase: process.env.XIETONG_BACKUP_PASSPHRASE ?? '' });
  process.exit(0);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
