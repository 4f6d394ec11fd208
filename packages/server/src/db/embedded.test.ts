/**
 * The embedded PostgreSQL's failure modes (issue #2): an orphaned postmaster after the
 * Node process was SIGKILLed, and a port taken by another program.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPgError, embeddedUrl, findFreePort, liveOrphanPostmaster, startEmbedded } from './embedded';
import { migrate } from './migrate';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xt-emb-'));
  fs.chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('embedded PostgreSQL', () => {
  it('keeps its password in a 0600 file, listens on 127.0.0.1, runs with fsync on, and migrates from empty', async () => {
    const dir = tmp();
    const h = await startEmbedded({ dataDir: dir });
    try {
      expect(fs.statSync(path.join(dir, 'embedded.json')).mode & 0o777).toBe(0o600);
      const c = new pg.Client({ connectionString: h.url });
      await c.connect();
      const s = await c.query<{ fsync: string; listen: string }>("SELECT current_setting('fsync') AS fsync, current_setting('listen_addresses') AS listen");
      expect(s.rows[0]).toEqual({ fsync: 'on', listen: '127.0.0.1' });
      await c.end();
      const applied = await migrate(h.url);
      expect(applied[0]).toBe('0001_foundation');
      expect(await migrate(h.url)).toEqual([]); // idempotent
    } finally {
      await h.stop();
    }
  });

  it('after the owning process is SIGKILLed, the next start stops the orphaned postmaster and comes up with the data', async () => {
    const dir = tmp();
    // a child process starts the server, writes a row, then is killed with SIGKILL
    const script = `
      import { startEmbedded } from ${JSON.stringify(path.resolve(import.meta.dirname, 'embedded.ts'))};
      import pg from 'pg';
      const h = await startEmbedded({ dataDir: ${JSON.stringify(dir)} });
      const c = new pg.Client({ connectionString: h.url }); await c.connect();
      await c.query('CREATE TABLE acked (v text)'); await c.query("INSERT INTO acked VALUES ('written before kill -9')");
      await c.end();
      console.log('READY');
      setInterval(() => {}, 1000);`;
    // inside the repository so that `pg` resolves from node_modules
    const tmpDir = path.resolve(import.meta.dirname, '../../../../.tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    const file = path.join(tmpDir, `child-${process.pid}-${Date.now()}.ts`);
    fs.writeFileSync(file, script);
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: path.resolve(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('READY')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = liveOrphanPostmaster(path.join(dir, 'pg'));
    expect(orphan).not.toBeNull(); // the postmaster outlived its parent
    const logs: string[] = [];
    const h = await startEmbedded({ dataDir: dir, log: (m) => logs.push(m) });
    try {
      expect(logs.join('\n')).toContain('未正常退出');
      fs.rmSync(file, { force: true });
      const c = new pg.Client({ connectionString: h.url });
      await c.connect();
      expect((await c.query('SELECT v FROM acked')).rows).toEqual([{ v: 'written before kill -9' }]);
      await c.end();
    } finally {
      await h.stop();
    }
  });

  it('a port taken by another program gives a clear message', async () => {
    const port = await findFreePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const err = await startEmbedded({ dataDir: tmp(), port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmbeddedPgError);
      expect((err as Error).message).toContain(`端口 ${port} 已被其他程序占用`);
      expect((err as Error).message).toContain('XIETONG_PG_PORT');
    } finally {
      blocker.close();
    }
  });

  it('embeddedUrl names the application database on loopback', () => {
    expect(embeddedUrl({ port: 5555, password: 'p w', user: 'xietong' })).toBe('postgres://xietong:p%20w@127.0.0.1:5555/xietong');
  });
});
