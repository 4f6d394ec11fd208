/**
 * Start-up checks (issue #12): an unusable data directory, an unreachable one for the
 * `postgres` account, a full disk and a taken port are each one clear message.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError, blockingAncestor, checkDataDir, checkHttpPort, explainStartupError } from './startup-checks';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('start-up checks', () => {
  it('a 0700 folder on the way to the data directory blocks another account (the postgres user when started as root)', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-start-'));
    dirs.push(top);
    fs.chmodSync(top, 0o700);
    const other = { name: 'postgres', uid: 999_999, gid: 999_999 };
    expect(blockingAncestor(path.join(top, 'data', 'pg'), other)).toBe(top);
    fs.chmodSync(top, 0o711);
    expect(blockingAncestor(path.join(top, 'data', 'pg'), other)).toBeNull();
    // the owner itself is never blocked by its own 0700 folder
    fs.chmodSync(top, 0o700);
    const st = fs.statSync(top);
    expect(blockingAncestor(path.join(top, 'data'), { name: 'me', uid: st.uid, gid: st.gid })).toBeNull();
  });

  it('a path that is not a directory, and a disk with too little room, are refused with one sentence each', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-start-'));
    dirs.push(top);
    fs.writeFileSync(path.join(top, 'file'), 'x');
    expect(() => checkDataDir(path.join(top, 'file', 'data'), { embedded: false })).toThrow(/数据目录 .* 不是目录/);
    const st = fs.statfsSync(top);
    const free = st.bavail * st.bsize;
    const err = (() => { try { checkDataDir(top, { embedded: false, minFreeBytes: free + 1024 ** 3 }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toContain('磁盘空间不足');
    expect((err as Error).message).toContain('Not enough disk space');
    expect(() => checkDataDir(top, { embedded: false })).not.toThrow();
  });

  it('a write that hits a full disk (ENOSPC, as from /dev/full) or initdb reporting it is explained as a full disk', () => {
    let enospc: unknown = null;
    try { fs.writeFileSync('/dev/full', 'x'); } catch (e) { enospc = e; }
    expect((enospc as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(explainStartupError(enospc, '/srv/xietong')?.message).toContain('磁盘空间已满');
    const initdb = new Error('Postgres init script failed (code: 1). ERROR OUTPUT: could not write to file "pg_wal/xlogtemp": No space left on device');
    expect(explainStartupError(initdb, '/srv/xietong')?.message).toContain('磁盘空间已满：无法写入 /srv/xietong');
    expect(explainStartupError(new Error('something else'), '/srv/xietong')).toBeNull();
  });

  it('a taken HTTP port is named with the setting that changes it', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as net.AddressInfo).port)));
    try {
      await expect(checkHttpPort('127.0.0.1', port)).rejects.toThrow(`HTTP 端口 ${port} 已被占用`);
    } finally {
      blocker.close();
    }
    await expect(checkHttpPort('127.0.0.1', port)).resolves.toBeUndefined();
  });
});
