/**
 * Start the platform: database (embedded unless DATABASE_URL), migrations, administrator,
 * demo data on a fresh embedded database, HTTP server, clean shutdown on SIGINT/SIGTERM.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from './app';
import { ensureAdmin } from './bootstrap';
import type { TConfig } from './config';
import { createDatabase, type TDatabase } from './db/database';
import { startEmbedded, type TEmbeddedHandle } from './db/embedded';
import { migrate } from './db/migrate';
import { sweepOverdue } from './deadlines/overdue-sweep';
import { sweepCustodyOverdue } from './custody/sweep-custody-overdue';
import { sweepFinality } from './processes/finality-sweep';
import { seedDemo } from './demo/seed-demo';
import { seedDemoCases } from './demo/seed-hooks';
import { checkNetworkExposure } from './demo/network-exposure';
import { startLedgerRunner } from './ledger/runner';
import { ledgerSettings } from './ledger/settings';
import { backfillSignatureEntries } from './ledger/backfill-rows';

const BOOTSTRAP_LOCK = 7_240_215_002;

export type TPlatform = {
  app: FastifyInstance;
  database: TDatabase;
  embedded: TEmbeddedHandle | null;
  url: string;
  stop: () => Promise<void>;
};

export async function openDatabase(config: TConfig, log: (m: string) => void): Promise<{ url: string; embedded: TEmbeddedHandle | null; dbKind: 'embedded' | 'external' }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null, dbKind: 'external' };
  const embedded = await startEmbedded({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  return { url: embedded.url, embedded, dbKind: 'embedded' };
}

export async function startPlatform(config: TConfig, log: (m: string) => void = console.log): Promise<TPlatform> {
  const { url, embedded, dbKind } = await openDatabase(config, log);
  let database: TDatabase | null = null;
  try {
    await migrate(url, log);
    database = createDatabase(url, { checkoutTimeoutMs: config.dbCheckoutTimeoutMs });
    // Two servers may start together on one database: bootstrap under an advisory lock.
    await database.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${BOOTSTRAP_LOCK})`.execute(conn);
      try {
        const fresh = !(await conn.selectFrom('users').select('id').limit(1).executeTakeFirst());
        await ensureAdmin(conn, config.adminPassword, log);
        await backfillSignatureEntries(conn, log);
        if (fresh && dbKind === 'embedded' && config.demo) {
          log('首次启动：正在生成演示数据… / seeding demo data');
          const { accounts } = await seedDemo(conn, log);
          await seedDemoCases(conn, log, undefined, config.dataDir);
          log(`演示账号 demo accounts (password ${accounts[0]?.password}):`);
          for (const a of accounts) log(`  ${a.username.padEnd(24)} ${a.agency} ${a.role}`);
        }
      } finally {
        await sql`SELECT pg_advisory_unlock(${BOOTSTRAP_LOCK})`.execute(conn);
      }
    });
    await checkNetworkExposure(database.db, config, log);
    const app = await buildApp({ database, config, dbKind });
    await app.listen({ port: config.port, host: config.host });
    log(`Xietong 协同 listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port} (db: ${dbKind})`);
    // 区块链存证: integrate ledger entries, publish checkpoints, collect agency cosignatures.
    const ledger = startLedgerRunner(database.db, ledgerSettings(config.dataDir), log);
    // 超期告警: statutory deadlines past their last day, swept every minute
    // 生效: judgments whose appeal window passed take effect and open 交付执行 (CPL 230, 264)
    const sweep = setInterval(() => {
      void sweepOverdue(database!.db).catch((e: unknown) => log(`overdue sweep failed: ${String(e)}`));
      void sweepFinality(database!.db).catch((e: unknown) => log(`finality sweep failed: ${String(e)}`));
      void sweepCustodyOverdue(database!.db).catch((e: unknown) => log(`custody overdue sweep failed: ${String(e)}`));
    }, 60_000);
    sweep.unref();
    const db = database;
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        clearInterval(sweep);
        await app.close().catch(() => {});
        await ledger.stop().catch(() => {});
        await db.close().catch(() => {});
        await embedded?.stop().catch(() => {});
      })());
    return { app, database, embedded, url, stop };
  } catch (e) {
    await database?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw e;
  }
}
