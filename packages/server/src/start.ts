/**
 * Start the platform: database (embedded unless DATABASE_URL), migrations, administrator,
 * demo data on a fresh embedded database, HTTP server, clean shutdown on SIGINT/SIGTERM.
 */
import { sweepPendingRenders } from './documents/render-issued-documents';
import { issueDepsFor } from './documents/issue-legal-document';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from './app';
import { ensureAdmin } from './bootstrap';
import type { TConfig } from './config';
import { createDatabase, type TDatabase } from './db/database';
import { openEmbedded, type TEmbeddedHandle } from './db/embedded';
import type { TOwnerKind } from './db/data-dir-owner';
import { migrateWithBackup } from './ops/upgrade';
import { sweepOverdue } from './deadlines/overdue-sweep';
import { sweepCustodyOverdue } from './custody/sweep-custody-overdue';
import { sweepSurges } from './analytics/sweep-surges';
import { sweepFinality } from './processes/finality-sweep';
import { sweepBackfillOverdue } from './single-track/sweep-backfill-overdue';
import { sweepDeadlineWarnings } from './deadlines/deadline-notices';
import { sweepTodoNotices } from './notifications/sweep-todo-notices';
import { deliverNotifications } from './notifications/deliver-notifications';
import { adaptersFromEnv } from './notifications/channels';
import { checkNetworkExposure } from './demo/network-exposure';
import { startLedgerRunner } from './ledger/runner';
import { startWebhookRunner } from './exchange/deliver-webhooks';
import { ledgerSettings } from './ledger/settings';
import { backfillSignatureEntries } from './ledger/backfill-rows';
import { lastBackupAge } from './ops/backup';
import { StartupError, checkDataDir, checkHttpPort, explainListenError, explainStartupError } from './startup-checks';
import { backupScheduleSettings, startBackupSchedule, unscheduledStatus, type TBackupScheduler } from './ops/backup-schedule';
import { noClock, phaseClock, type TPhaseClock } from './ops/startup-phases';

const BOOTSTRAP_LOCK = 7_240_215_002;
/** how long in-flight requests may take to finish once shutdown begins */
const SHUTDOWN_GRACE_MS = 4000;

/** true when p settled within ms */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => (t = setTimeout(() => r(false), ms)))]).finally(() => clearTimeout(t));
}

export type TPlatform = {
  app: FastifyInstance;
  database: TDatabase;
  embedded: TEmbeddedHandle | null;
  url: string;
  stop: () => Promise<void>;
};

/**
 * The database: DATABASE_URL, or the embedded PostgreSQL of the data directory — started and
 * owned by this process, or (for a CLI command while `serve` runs) the running instance's,
 * attached to and never stopped (db/data-dir-owner.ts).
 */
export async function openDatabase(
  config: TConfig,
  log: (m: string) => void,
  who: { kind: TOwnerKind; command: string } = { kind: 'cli', command: 'cli' },
  clock: TPhaseClock = noClock,
): Promise<{ url: string; embedded: TEmbeddedHandle | null; dbKind: 'embedded' | 'external' }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null, dbKind: 'external' };
  checkDataDir(config.dataDir, { embedded: true });
  const embedded = await openEmbedded({
    dataDir: config.dataDir, port: config.embeddedPgPort, kind: who.kind, command: who.command,
    httpPort: who.kind === 'serve' ? config.port : null, log, phase: clock.mark,
  });
  return { url: embedded.url, embedded, dbKind: 'embedded' };
}

export async function startPlatform(config: TConfig, log: (m: string) => void = console.log): Promise<TPlatform> {
  const clock = phaseClock();
  clock.mark('boot');
  try {
    // before anything starts: a taken port or an unusable data directory is one clear message
    checkDataDir(config.dataDir, { embedded: !config.databaseUrl });
    await checkHttpPort(config.host, config.port);
    clock.mark('checks');
    return await startPlatformChecked(config, log, clock);
  } catch (e) {
    throw explainStartupError(e, config.dataDir) ?? e;
  }
}

async function startPlatformChecked(config: TConfig, log: (m: string) => void, clock: TPhaseClock): Promise<TPlatform> {
  // a schedule that cannot work is refused before anything starts
  const backupSchedule = backupScheduleSettings(config.dataDir);
  if (backupSchedule && config.databaseUrl) {
    throw new StartupError('XIETONG_BACKUP_SCHEDULE 仅适用于内嵌数据库；使用 DATABASE_URL 时请用运维自己的工具定时备份（见 docs/operations.md）' +
      ' / XIETONG_BACKUP_SCHEDULE works with the embedded database only; with DATABASE_URL schedule your own PostgreSQL backups (docs/operations.md)');
  }
  const { url, embedded, dbKind } = await openDatabase(config, log, { kind: 'serve', command: 'serve' }, clock);
  let database: TDatabase | null = null;
  try {
    await migrateWithBackup({ url, dataDir: config.dataDir, embedded: dbKind === 'embedded', log });
    clock.mark('migrations');
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
          // loaded only here: the demo data and its documents are not needed by a restart
          const { seedDemo } = await import('./demo/seed-demo');
          const { seedDemoCases } = await import('./demo/seed-hooks');
          const { accounts } = await seedDemo(conn, log);
          await seedDemoCases(conn, log, undefined, config.dataDir);
          log(`演示账号 demo accounts (password ${accounts[0]?.password}):`);
          for (const a of accounts) log(`  ${a.username.padEnd(24)} ${a.agency} ${a.role}`);
        }
      } finally {
        await sql`SELECT pg_advisory_unlock(${BOOTSTRAP_LOCK})`.execute(conn);
      }
    });
    clock.mark('bootstrap');
    await checkNetworkExposure(database.db, config, log);
    clock.mark('exposure');
    let backups: TBackupScheduler | null = null;
    const app = await buildApp({
      database, config, dbKind,
      backupAge: dbKind === 'embedded' ? () => lastBackupAge(config.dataDir) : undefined,
      backupStatus: () => backups?.status() ?? unscheduledStatus(dbKind === 'embedded' ? config.dataDir : null),
    });
    clock.mark('buildApp');
    await app.listen({ port: config.port, host: config.host }).catch((e: NodeJS.ErrnoException) => {
      throw explainListenError(e, config.host, config.port);
    });
    clock.mark('listen');
    log(`Xietong 协同 listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port} (db: ${dbKind})`);
    log(clock.line());
    // 区块链存证: integrate ledger entries, publish checkpoints, collect agency cosignatures.
    const ledger = startLedgerRunner(database.db, ledgerSettings(config.dataDir), log);
    // 超期告警: statutory deadlines past their last day, swept every minute
    // 生效: judgments whose appeal window passed take effect and open 交付执行 (CPL 230, 264)
    const channels = adaptersFromEnv(process.env, log);
    const sweep = setInterval(() => {
      void sweepOverdue(database!.db).catch((e: unknown) => log(`overdue sweep failed: ${String(e)}`));
      void sweepFinality(database!.db).catch((e: unknown) => log(`finality sweep failed: ${String(e)}`));
      void sweepCustodyOverdue(database!.db).catch((e: unknown) => log(`custody overdue sweep failed: ${String(e)}`));
      void sweepBackfillOverdue(database!.db).catch((e: unknown) => log(`backfill overdue sweep failed: ${String(e)}`));
      // 法律文书 numbered by a step whose PDF did not follow its COMMIT (a crash, a failed render)
      void sweepPendingRenders(database!.db, issueDepsFor(config.dataDir)).catch((e: unknown) => log(`render sweep failed: ${String(e)}`));
      // 站内信 for 临期 and new 待办, then SMS / e-mail to those who chose them
      void sweepDeadlineWarnings(database!.db).then(() => sweepTodoNotices(database!.db)).then(() => deliverNotifications(database!.db, channels))
        .catch((e: unknown) => log(`notification sweep failed: ${String(e)}`));
    }, 60_000);
    sweep.unref();
    // 推送: outbox messages to the agency systems' webhooks (exchange/deliver-webhooks.ts)
    const webhooks = startWebhookRunner(database.db, config.dataDir, log);
    // 激增预警: weekly counts per charge and region against their history, every 15 minutes (advisory lock)
    const surges = setInterval(() => {
      void sweepSurges(database!.db).catch((e: unknown) => log(`surge sweep failed: ${String(e)}`));
    }, 15 * 60_000);
    surges.unref();
    // 定时备份: after listening, like every other background job (the first request does not wait)
    if (backupSchedule) backups = startBackupSchedule({ dataDir: config.dataDir, url, settings: backupSchedule, log });
    const db = database;
    let stopping: Promise<void> | null = null;
    // Shutdown (issue #12) within 10 s whatever clients do: stop accepting and close idle
    // keep-alive sockets at once (Fastify's forceCloseConnections: 'idle'), give in-flight
    // requests a grace period, then cut what is left; stop the timers, the sweep and the
    // ledger runner; close the pool; stop PostgreSQL.
    const stop = () =>
      (stopping ??= (async () => {
        clearInterval(sweep);
        const webhooksStopped = webhooks.stop();
        clearInterval(surges);
        const backupsStopped = backups?.stop();
        const closing = app.close().catch(() => {});
        if (!(await within(closing, SHUTDOWN_GRACE_MS))) {
          app.server.closeAllConnections();
          await within(closing, 500);
        }
        await within(ledger.stop().catch(() => {}), 1500);
        await within(webhooksStopped.catch(() => {}), 1500);
        await within(backupsStopped ?? Promise.resolve(), 1000);
        await within(db.close().catch(() => {}), 1500);
        await embedded?.stop().catch(() => {});
      })());
    return { app, database, embedded, url, stop };
  } catch (e) {
    await database?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw e;
  }
}
