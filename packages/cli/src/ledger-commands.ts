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
import { finish, verifyLedgerDatabase, type TVerifyReport } from '@xietong/server/ledger/verify-database';
import { verifyBlobs } from '@xietong/server/ledger/verify-blobs';
import { createBlobStore } from '@xietong/server/documents/create-blob-store';
import { documentSettings } from '@xietong/server/documents/settings';
import { listDocumentSigningKeys, rotateDocumentSigningKey } from '@xietong/server/keys/rotate-signing-key';
import { rotateLedgerKey } from '@xietong/server/ledger/keys';
import { readPackage, readTrustFile, TRUST_FORMAT, verifyPackage, type TPackageReport } from '@xietong/server/ledger/verify-package';

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
  const blobs = r.blobsChecked === null || r.blobsChecked === undefined ? 'blobs not checked (--no-blobs)' : `${r.blobsChecked} blobs re-hashed`;
  const head = `${r.origin ?? '(no ledger)'} ${r.hashAlg ?? ''}: ${r.entries} leaves (+${r.pendingEntries} pending), ${r.nodesChecked} nodes, ${r.rowsChecked} rows, ${r.checkpoints} checkpoints, ${r.cosignatures} cosignatures, ${r.instancesChecked ?? 0} process instances replayed, ${blobs}`;
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
  const head = `${r.origin} ${r.hashAlg}: ${r.entries} entries, ${r.filesChecked} files, checkpoint size ${r.checkpointSize ?? '?'}, log key ${r.logKeyIds.map((k) => k.slice(0, 16)).join(',')}, cosigned by ${r.cosigners.length ? r.cosigners.join('、') : 'nobody'} (quorum ${r.quorum})${r.unpinnedCosigners.length ? `; cosignatures by unpinned keys, not counted: ${r.unpinnedCosigners.join('、')}` : ''}`;
  if (r.status === 'intact') console.log(`卷宗存证完整 / package intact — ${head}`);
  else if (r.status === 'untrusted') console.log(`未验证：签名密钥未被信任 / NOT VERIFIED — ${head}`);
  else {
    console.log(`发现篡改 / TAMPERING FOUND — ${head}`);
    for (const f of r.findings) console.log(`  ${f}`);
  }
  for (const k of r.untrustedKeys) console.log(`  untrusted ${k}: not pinned (pass --log-key <vkey> or --trust <file from xietong keys export>)`);
  if (r.uncoveredFiles.length) console.log(`  not covered by the ledger: ${r.uncoveredFiles.join(', ')}`);
}

/** A one-line progress bar on a terminal (stderr), redrawn at most every 1 %. */
function progressBar(label: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct === shown) return;
    shown = pct;
    const w = 30;
    const fill = Math.round((pct / 100) * w);
    process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${pct}% ${done}/${total}`);
  };
}

export function registerLedgerCommands(program: Command): void {
  program
    .command('verify')
    .description('校验区块链存证 verify the ledger (live database, or --package offline); exit 0 intact, 1 tampered, 2 could not run')
    .option('--json', 'machine-readable report')
    .option('--no-blobs', 'skip re-hashing every stored blob (SM3 and SHA-256)')
    .option('--package <path>', 'verify an exported dossier package (.zip or directory) offline')
    .option('--log-key <vkey...>', 'pin the platform log key(s); without --log-key or --trust a package is not verified')
    .option('--trust <file>', 'pin the log and agency witness keys exported by `xietong keys export`')
    .option('--quorum <k>', 'agency cosignatures required (package mode)')
    .action(async (o: { json?: boolean; blobs: boolean; package?: string; logKey?: string[]; trust?: string; quorum?: string }) => {
      let code: number;
      try {
        if (o.package) {
          const quorum = o.quorum === undefined ? undefined : Number(o.quorum);
          if (quorum !== undefined && (!Number.isInteger(quorum) || quorum < 0)) throw new Error('--quorum must be a non-negative integer');
          const trust = o.trust ? readTrustFile(o.trust) : { logKeys: [], witnesses: [] };
          const r = verifyPackage(readPackage(o.package), {
            logKeys: [...trust.logKeys, ...(o.logKey ?? [])], witnesses: trust.witnesses ?? [], ...(quorum === undefined ? {} : { quorum }),
          });
          if (o.json) console.log(JSON.stringify(r, null, 2));
          else printPackageReport(r);
          code = r.status === 'intact' ? 0 : 1;
        } else {
          const h = await openLedgerDb();
          try {
            const r = await verifyLedgerDatabase(h.db);
            r.blobsChecked = null;
            if (o.blobs) {
              const bar = process.stderr.isTTY && !o.json ? progressBar('re-hashing blobs 复核文件哈希') : () => {};
              const b = await verifyBlobs(h.db, createBlobStore(documentSettings(loadConfig().dataDir)), bar);
              if (process.stderr.isTTY && !o.json) process.stderr.write('\n');
              r.blobsChecked = b.checked;
              r.findings.push(...b.findings);
              finish(r);
            }
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

  const keys = program.command('keys').description('平台公钥 the platform\'s public keys');
  keys
    .command('export')
    .description('导出信任文件 write the log and agency witness public keys as a trust file for `verify --package --trust`')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (o: { out?: string }) => {
      let code = 0;
      try {
        const h = await openLedgerDb();
        try {
          const meta = await h.db.selectFrom('ledger_meta').select('origin').executeTakeFirst();
          const rows = await h.db.selectFrom('ledger_keys as k').leftJoin('agencies as a', 'a.id', 'k.agency_id')
            .select(['k.key_id', 'k.owner', 'k.agency_id', 'a.name', 'k.vkey', 'k.created_at', 'k.rotated_at']).orderBy('k.created_at').execute();
          const period = (r: (typeof rows)[number]) => ({ validFrom: r.created_at.toISOString(), validTo: r.rotated_at ? new Date(r.rotated_at).toISOString() : null });
          const trust = {
            format: TRUST_FORMAT, origin: meta?.origin ?? null, exportedAt: new Date().toISOString(),
            log: rows.filter((r) => r.owner === 'platform').map((r) => ({ keyId: r.key_id, vkey: r.vkey, ...period(r) })),
            witnesses: rows.filter((r) => r.owner !== 'platform').map((r) => ({ agencyId: r.agency_id, agencyName: r.name ?? '', keyId: r.key_id, vkey: r.vkey, ...period(r) })),
            documentSigning: await listDocumentSigningKeys(h.db),
          };
          const text = `${JSON.stringify(trust, null, 2)}\n`;
          if (o.out) fs.writeFileSync(o.out, text);
          else process.stdout.write(text);
        } finally {
          await h.close();
        }
      } catch (e) {
        console.error(`无法导出 / could not export: ${(e as Error).message}`);
        code = 2;
      }
      process.exit(code);
    });

  keys
    .command('rotate')
    .description('轮换密钥 rotate the platform (log) key and/or agencies\' document-signing keys; the old key\'s validity ends, its signatures keep verifying; each step is a ledger entry')
    .option('--platform', 'rotate the platform log key (signs checkpoints)')
    .option('--agency <id...>', 'rotate the document-signing key of these agencies (uuid)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { platform?: boolean; agency?: string[]; json?: boolean }) => {
      if (!o.platform && !o.agency?.length) {
        console.error('请指定 --platform 或 --agency <id> / name a key: --platform or --agency <id>');
        process.exit(2);
      }
      const bad = (o.agency ?? []).find((a) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a));
      if (bad) {
        console.error(`--agency 应为机构的 uuid / --agency takes an agency uuid: ${bad}`);
        process.exit(2);
      }
      let code = 0;
      const out: Record<string, unknown>[] = [];
      try {
        const h = await openLedgerDb();
        try {
          const dataDir = loadConfig().dataDir;
          if (o.platform) {
            const k = await rotateLedgerKey(h.db, ledgerSettings(dataDir), { kind: 'platform' });
            out.push({ key: 'platform', newKeyId: k.keyId, vkey: k.vkey });
            if (!o.json) console.log(`平台密钥已轮换 / platform key rotated: new ${k.keyId.slice(0, 16)} (${k.vkey})`);
          }
          for (const agencyId of o.agency ?? []) {
            const r = await rotateDocumentSigningKey(h.db, dataDir, agencyId);
            out.push({ key: 'document-signing', ...r, at: r.at.toISOString() });
            if (!o.json) {
              console.log(`${r.completedInterrupted ? '完成中断的轮换 / completed an interrupted rotation' : '签章密钥已轮换 / document-signing key rotated'}: agency ${agencyId} ${r.oldKeyId.slice(0, 16)} valid to ${r.at.toISOString()} → ${r.newKeyId.slice(0, 16)} valid from ${r.at.toISOString()}`);
            }
          }
        } finally {
          await h.close();
        }
      } catch (e) {
        console.error(`无法轮换 / could not rotate: ${(e as Error).message}`);
        code = 1;
      }
      if (o.json) console.log(JSON.stringify({ status: code ? 'error' : 'ok', rotated: out }));
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
