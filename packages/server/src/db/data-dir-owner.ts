/**
 * One owner per data directory (issue #12). `<dataDir>/owner.lock` names the process that
 * started the embedded PostgreSQL of this directory: pid, the kernel's start time of that
 * pid (so a reused pid is not taken for the owner), HTTP port, PostgreSQL port, start time.
 *
 * - A live owner is never stopped: `serve` refuses, every other command attaches to its
 *   PostgreSQL and leaves it running.
 * - An owner that is gone (SIGKILL, power loss) leaves a stale lock and perhaps an orphaned
 *   postmaster; the next owner takes the lock over and stops the orphan (embedded.ts).
 *
 * The lock is created with O_EXCL, so of two processes starting together exactly one wins.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TOwnerKind = 'serve' | 'cli';

export type TDataDirOwner = {
  pid: number;
  /** start time of the pid in clock ticks since boot (/proc/<pid>/stat field 22); null without /proc */
  procStart: string | null;
  kind: TOwnerKind;
  command: string;
  httpPort: number | null;
  pgPort: number | null;
  startedAt: string;
  hostname: string;
};

export const OWNER_LOCK = 'owner.lock';

export class DataDirBusyError extends Error {
  constructor(readonly dataDir: string, readonly owner: TDataDirOwner) {
    const what = owner.kind === 'serve' ? `平台服务 xietong serve（HTTP 端口 ${owner.httpPort ?? '?'}）` : `命令 xietong ${owner.command}`;
    super(
      `数据目录 ${dataDir} 已由正在运行的${what}占用（pid ${owner.pid}，自 ${owner.startedAt} 起）。` +
        `同一数据目录只能有一个平台实例；如需另起实例，请使用其他 XIETONG_DATA_DIR。` +
        ` / Data directory ${dataDir} is owned by a running ${owner.kind === 'serve' ? 'xietong serve' : `xietong ${owner.command}`}` +
        ` (pid ${owner.pid}, port ${owner.httpPort ?? '-'}, since ${owner.startedAt}); one instance per data directory — use another XIETONG_DATA_DIR.`,
    );
  }
}

function procStartOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces and parentheses: count from the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall = index 19 after "pid (comm) "
  } catch {
    return null;
  }
}

/**
 * Whether a process is running. A zombie counts as gone: it has exited and released everything,
 * only its parent has not reaped it yet — and an orphaned postmaster's parent is PID 1, which in
 * a container may reap late (1.5–1.8 s of every crash restart were that wait, issue #12).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z'; // field 3, after "pid (comm) "
  } catch {
    return true; // no /proc (or it vanished just now): trust kill(0)
  }
}

/** Whether the process a lock names is still that process (alive, and not a reused pid). */
export function ownerAlive(owner: TDataDirOwner): boolean {
  if (owner.hostname !== os.hostname()) return true; // another machine (shared volume): never assume it is gone
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !processAlive(owner.pid)) return false;
  if (owner.procStart === null) return true;
  const now = procStartOf(owner.pid);
  return now === null || now === owner.procStart;
}

export function readOwner(dataDir: string): TDataDirOwner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_LOCK), 'utf8')) as TDataDirOwner;
  } catch {
    return null; // missing, or torn by a crash while writing: treat as no owner
  }
}

/** The live owner of the directory, or null when nobody (alive) owns it. */
export function liveOwner(dataDir: string): TDataDirOwner | null {
  const o = readOwner(dataDir);
  return o && ownerAlive(o) ? o : null;
}

export type TOwnership = {
  owner: TDataDirOwner;
  update: (patch: Partial<Pick<TDataDirOwner, 'httpPort' | 'pgPort'>>) => void;
  release: () => void;
};

/**
 * Take the directory for this process, or throw DataDirBusyError naming the live owner.
 * A stale lock (its owner is dead) is taken over.
 */
export function acquireOwnership(dataDir: string, who: { kind: TOwnerKind; command: string; httpPort?: number | null; pgPort?: number | null }): TOwnership {
  const file = path.join(dataDir, OWNER_LOCK);
  const owner: TDataDirOwner = {
    pid: process.pid,
    procStart: procStartOf(process.pid),
    kind: who.kind,
    command: who.command,
    httpPort: who.httpPort ?? null,
    pgPort: who.pgPort ?? null,
    startedAt: new Date().toISOString(),
    hostname: os.hostname(),
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(owner, null, 2));
      fs.closeSync(fd);
      let released = false;
      return {
        owner,
        update: (patch) => {
          Object.assign(owner, patch);
          if (!released) fs.writeFileSync(file, JSON.stringify(owner, null, 2), { mode: 0o600 });
        },
        release: () => {
          if (released) return;
          released = true;
          // only remove the lock if it is still ours
          if (readOwner(dataDir)?.pid === owner.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const current = readOwner(dataDir);
      if (current && ownerAlive(current)) throw new DataDirBusyError(dataDir, current);
      // stale: remove it under a short takeover mutex (mkdir is atomic), re-checking inside so
      // that of two racers the second cannot remove the lock the first has just written
      const mutex = `${file}.takeover`;
      try {
        fs.mkdirSync(mutex);
      } catch {
        try {
          if (Date.now() - fs.statSync(mutex).mtimeMs > 10_000) fs.rmdirSync(mutex); // left by a crash
        } catch { /* gone meanwhile */ }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // brief pause, then look again
        continue;
      }
      try {
        const again = readOwner(dataDir);
        if (!again || !ownerAlive(again)) fs.rmSync(file, { force: true });
      } finally {
        fs.rmdirSync(mutex);
      }
    }
  }
  const current = readOwner(dataDir);
  if (current) throw new DataDirBusyError(dataDir, current);
  throw new Error(`无法取得数据目录 ${dataDir} 的所有权 / could not take ownership of ${dataDir}`);
}
