/**
 * `xietong` — the platform's command line: serve | migrate | seed-demo | create-user | set-user | db-url | verify | witness | backup | restore | gateway | webhook-receiver.
 * Exit codes: 0 success, 1 the operation failed, 2 bad usage or the command could not run.
 */
import { Command, CommanderError } from 'commander';
import { passwordProblems, ZRole } from '@xietong/core';
import {
  createDatabase, createUser, embeddedUrl, ensureAdmin, loadConfig, openDatabase, operatorUpdateUser, readEmbeddedMeta, startPlatform,
} from '@xietong/server';
import { explainStartupError } from '@xietong/server/startup-checks';
import { migrateWithBackup } from '@xietong/server/ops/upgrade';
import { registerBackupCommands } from './backup-commands';
import { registerLedgerCommands } from './ledger-commands';
import { registerGatewayCommands } from './gateway-commands';

const program = new Command();
program.name('xietong').description('Xietong 协同 — 执法司法办案业务协同系统').exitOverride();

function fail(msg: string, code = 1): never {
  console.error(`错误 / error: ${msg}`);
  process.exit(code);
}

async function withDb<T>(command: string, fn: (db: ReturnType<typeof createDatabase>['db']) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // attaches to the running server's PostgreSQL when `serve` owns the data directory
  const { url, embedded } = await openDatabase(config, (m) => console.error(m), { kind: 'cli', command });
  const database = createDatabase(url, { max: 4 });
  try {
    await migrateWithBackup({ url, dataDir: config.dataDir, embedded: !config.databaseUrl, log: (m) => console.error(m) });
    return await fn(database.db);
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

program.command('serve').description('启动平台 start the platform').action(async () => {
  const config = loadConfig();
  // Shutdown (issue #12): the first SIGINT/SIGTERM stops cleanly, bounded by a hard 10 s
  // deadline; a second signal exits at once (asking PostgreSQL for a fast shutdown on the way).
  // A signal during start-up is held until the platform is up, then stops it the same way.
  let platform: Awaited<ReturnType<typeof startPlatform>> | null = null;
  let signalled: string | null = null;
  const stop = () => {
    console.log(`收到 ${signalled}，正在关闭… / shutting down`);
    setTimeout(() => {
      console.error('关闭超时，强制退出 / shutdown took too long, exiting');
      platform?.embedded?.kill();
      process.exit(1);
    }, 9500).unref();
    platform!.stop().then(() => process.exit(0), () => process.exit(1));
  };
  const onSignal = (sig: string) => {
    if (signalled) {
      console.error(`再次收到 ${sig}，立即退出 / second signal, exiting now`);
      platform?.embedded?.kill();
      process.exit(1);
    }
    signalled = sig;
    if (platform) stop();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  platform = await startPlatform(config);
  if (signalled) stop();
});

program.command('migrate').description('执行数据库迁移 apply database migrations').action(async () => {
  const config = loadConfig();
  const { url, embedded } = await openDatabase(config, console.error, { kind: 'cli', command: 'migrate' });
  try {
    const applied = await migrateWithBackup({ url, dataDir: config.dataDir, embedded: !config.databaseUrl, log: console.log });
    console.log(applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
  } finally {
    await embedded?.stop();
  }
});

program.command('seed-demo').description('生成演示机构、账号与案件 seed the demo data').action(async () => {
  const { seedDemo } = await import('@xietong/server/demo/seed-demo');
  const { seedDemoCases } = await import('@xietong/server/demo/seed-hooks');
  await withDb('seed-demo', async (db) => {
    await ensureAdmin(db, loadConfig().adminPassword, console.log);
    const { accounts } = await seedDemo(db, console.log);
    await seedDemoCases(db, console.log, undefined, loadConfig().dataDir);
    for (const a of accounts) console.log(`${a.username.padEnd(24)} ${a.password}  ${a.agency} ${a.title} ${a.name}（${a.role}）`);
  });
});

program
  .command('create-user')
  .description('创建用户 create a user')
  .requiredOption('--username <name>', '用户名')
  .requiredOption('--name <displayName>', '姓名')
  .requiredOption('--agency <name>', '所属机构名称')
  .requiredOption('--roles <roles>', 'comma-separated: handler,approver,clerk,supervisor,admin,lawyer')
  .requiredOption('--password <password>', '初始密码 (≥10)')
  .action(async (o: { username: string; name: string; agency: string; roles: string; password: string }) => {
    const roles = o.roles.split(',').map((r) => r.trim());
    for (const r of roles) if (!ZRole.safeParse(r).success) fail(`未知角色 unknown role "${r}"`, 2);
    await withDb('create-user', async (db) => {
      const agency = await db.selectFrom('agencies').select('id').where('name', '=', o.agency).executeTakeFirst();
      if (!agency) fail(`机构不存在 no agency named "${o.agency}"`);
      const u = await createUser(db, { actor: null, ip: null, userAgent: 'xietong cli' }, {
        username: o.username, displayName: o.name, agencyId: agency.id, roles: roles as never, password: o.password,
      });
      console.log(`created ${u.username} (${u.id})`);
    });
  });

program
  .command('set-user')
  .description('运维变更账户：临时密码、停用/启用、解锁（管理员账户的安全管理员不能变更） set a temporary password, disable/enable or unlock an account')
  .requiredOption('--username <name>', '用户名')
  .option('--temporary-password <password>', '临时密码（下次登录须修改）')
  .option('--disable', '停用账户')
  .option('--enable', '启用账户')
  .option('--unlock', '解除登录失败锁定')
  .action(async (o: { username: string; temporaryPassword?: string; disable?: boolean; enable?: boolean; unlock?: boolean }) => {
    if (o.disable && o.enable) fail('--disable 与 --enable 不能同时使用', 2);
    if (o.temporaryPassword === undefined && !o.disable && !o.enable && !o.unlock) fail('请指定 --temporary-password、--disable、--enable 或 --unlock', 2);
    if (o.temporaryPassword !== undefined) {
      const problems = passwordProblems(loadConfig().passwordPolicy, o.temporaryPassword, { username: o.username });
      if (problems.length) fail(`临时密码不符合密码策略：${problems.join('；')}`, 2);
    }
    await withDb('set-user', async (db) => {
      const u = await operatorUpdateUser(db, o.username, {
        ...(o.temporaryPassword !== undefined ? { temporaryPassword: o.temporaryPassword } : {}),
        ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}), ...(o.unlock ? { unlock: true } : {}),
      });
      if (!u) fail(`用户不存在 no user named "${o.username}"`);
      console.log(`updated ${u.username} (${u.id})`);
    });
  });

program.command('db-url').description('打印内嵌数据库连接串 print the embedded database URL').action(() => {
  const config = loadConfig();
  if (config.databaseUrl) return void console.log(config.databaseUrl);
  const meta = readEmbeddedMeta(config.dataDir);
  if (!meta) fail(`数据目录 ${config.dataDir} 中没有内嵌数据库；请先运行 npm start`, 1);
  console.log(embeddedUrl(meta));
});

registerLedgerCommands(program);
registerBackupCommands(program);
registerGatewayCommands(program);

// An error nobody awaited (e.g. a child process that could not be spawned) is still one
// message and a non-zero exit, not a stack trace (XIETONG_DEBUG=1 shows the stack).
const explainUncaught = (e: unknown) => {
  const cfg = (() => { try { return loadConfig(); } catch { return null; } })();
  const known = explainStartupError(e, cfg?.dataDir ?? '.');
  if (process.env.XIETONG_DEBUG === '1') console.error(e);
  fail(known?.message ?? (e instanceof Error ? e.message : String(e)), 1);
};
process.on('uncaughtException', explainUncaught);
process.on('unhandledRejection', explainUncaught);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  const err = e as Error & { code?: string };
  fail(err.message + (err.code ? ` (${err.code})` : ''), 1);
}
