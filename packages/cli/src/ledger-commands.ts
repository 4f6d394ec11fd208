/**
 * `xietong verify` and `xietong witness`: the ledger's command-line side. Both read the
 * database directly (DATABASE_URL, or the embedded server of XIETONG_DATA_DIR — attached
 * to when a running server owns it, started and stopped otherwise), so they work while
 * servers run. `verify --package` needs no database at all.
 * Exit codes of verify: 0 intact, 1 tampering found, 2 could not run.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { createDatabase, loadConfig, openDatabase, readEmbeddedMeta } from '@xietong/server';
import { runWitness } from '@xietong/server/ledger/run-witness';
import { ledgerSettings } from '@xietong/server/ledger/settings';
import { verifyLedgerDatabase, type TVerifyReport } from '@xietong/server/ledger/verify-database';
import { readPackage, verifyPackage, type TPackageReport } from '@xietong/server/ledger/verify-package';

type TDbHandle = { db: ReturnType<typeof createDatabase>['db']; close: () => Promise<void> };

async function openLedgerDb(): Promise<TDbHandle> {
  const config = loadConfig();
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!url) {
    const meta = readEmbeddedMeta(config.dataDir);
    if (!meta) throw new Error(`数据目录 ${config.dataDir} 中没有数据库 / no database in ${config.dataDir} (set DATABASE_URL or XIETONG_DATA_DIR)`);
    // a running server owns it: attach, never stop it (db/data-dir-owner.ts)
    const h = await openDatabase(config, (m) => console.error(m), { kind: 'cli', command: 'verify' });
    url = h.url;
    stopEmbedded = h.embedded ? h.embedded.stop : null;
  }
  const database = createDatabase(url, { max: 4 });
  return {
    db: database.db,
    close: async () => {
      await database.close();
      await stopEmbedded?.();
    },
  };
}

function printDbReport(r: TVerifyReport): void {
  const head = `${r.origin ?? '(no ledger)'} ${r.hashAlg ?? ''}: ${r.entries} leaves (+${r.pendingEntries} pending), ${r.nodesChecked} nodes, ${r.rowsChecked} rows, ${r.checkpoints} checkpoints, ${r.cosignatures} cosignatures`;
  if (r.status === 'intact') {
    console.log(`账本完整 / ledger intact — ${head}`);
    return;
  }
  console.log(`发现篡改 / TAMPERING FOUND — ${head}`);
  console.log(`first: ${r.first}`);
  for (const f of r.findings.slice(0, 30)) console.log(`  [${f.code}] ${f.message}`);
  if (r.findings.length > 30) console.log(`  … ${r.findings.length - 30} more (use --json)`);
}

function printPackageReport(r: TPackageReport): void {
  const head = `${r.origin} ${r.hashAlg}: ${r.entries} entries, ${r.filesChecked} files, checkpoint size ${r.checkpointSize ?? '?'}, log key ${r.logKeyIds.map((k) => k.slice(0, 16)).join(',')}, cosigned by ${r.cosigners.length ? r.cosigners.join('、') : 'nobody'} (quorum ${r.quorum})`;
  if (r.status === 'intact') console.log(`卷宗存证完整 / package intact — ${head}`);
  else {
    console.log(`发现篡改 / TAMPERING FOUND — ${head}`);
    for (const f of r.findings) console.log(`  ${f}`);
  }
  if (r.uncoveredFiles.length) console.log(`  not covered by the ledger: ${r.uncoveredFiles.join(', ')}`);
}

export function registerLedgerCommands(program: Command): void {
  program
    .command('verify')
    .description('校验区块链存证 verify the ledger (live database, or --package offline); exit 0 intact, 1 tampered, 2 could not run')
    .option('--json', 'machine-readable report')
    .option('--package <path>', 'verify an exported dossier package (.zip or directory) offline')
    .option('--log-key <vkey...>', 'pin the platform log key(s) instead of trusting the package')
    .option('--quorum <k>', 'agency cosignatures required (package mode)')
    .action(async (o: { json?: boolean; package?: string; logKey?: string[]; quorum?: string }) => {
      let code: number;
      try {
        if (o.package) {
          const quorum = o.quorum === undefined ? undefined : Number(o.quorum);
          if (quorum !== undefined && (!Number.isInteger(quorum) || quorum < 0)) throw new Error('--quorum must be a non-negative integer');
          const r = verifyPackage(readPackage(o.package), { ...(o.logKey ? { logKeys: o.logKey } : {}), ...(quorum === undefined ? {} : { quorum }) });
          if (o.json) console.log(JSON.stringify(r, null, 2));
          else printPackageReport(r);
          code = r.status === 'intact' ? 0 : 1;
        } else {
          const h = await openLedgerDb();
          try {
            const r = await verifyLedgerDatabase(h.db);
            if (o.json) console.log(JSON.stringify(r, null, 2));
            else printDbReport(r);
            code = r.status === 'intact' ? 0 : 1;
          } finally {
            await h.close();
          }
        }
      } catch (e) {
        const msg = (e as Error).message;
        if (o.json) console.log(JSON.stringify({ status: 'error', error: msg }));
        console.error(`无法校验 / could not verify: ${msg}`);
        code = 2;
      }
      process.exit(code);
    });

  program
    .command('witness')
    .description('机构见证 cosign the latest checkpoint as an agency witness, if consistent with the state file')
    .requiredOption('--agency <name>', 'agency name (or id)')
    .requiredOption('--state <file>', "this witness's own state file (created on first run)")
    .option('--key <pem>', 'private key file (default: <dataDir>/keys/agency-<id>.pem)')
    .option('--checkpoint <file>', 'witness this signed checkpoint note instead of the latest in the database')
    .option('--trust-log-key <vkey...>', 'log key(s) to trust besides those pinned in the state file')
    .action(async (o: { agency: string; state: string; key?: string; checkpoint?: string; trustLogKey?: string[] }) => {
      let code: number;
      try {
        const h = await openLedgerDb();
        try {
          const r = await runWitness(h.db, ledgerSettings(loadConfig().dataDir), {
            agency: o.agency, statePath: o.state,
            ...(o.key ? { keyPem: fs.readFileSync(o.key, 'utf8') } : {}),
            ...(o.checkpoint ? { checkpointNote: fs.readFileSync(o.checkpoint, 'utf8') } : {}),
            ...(o.trustLogKey ? { trustLogKeys: o.trustLogKey } : {}),
          });
          if (r.ok) {
            console.log(`${r.agency} 已见证 / cosigned size ${r.size}`);
            process.stdout.write(r.line);
            code = 0;
          } else {
            console.log(`${r.agency} 拒绝见证 / REFUSED: ${r.code} ${r.detail}`);
            code = 1;
          }
        } finally {
          await h.close();
        }
      } catch (e) {
        console.error(`见证失败 / witness could not run: ${(e as Error).message}`);
        code = 2;
      }
      process.exit(code);
    });
}
