/**
 * Liveness of a process named by owner.lock or postmaster.pid (issue #12). After kill -9 of the
 * platform its postmaster is re-parented to PID 1; once stopped it is a zombie until PID 1 reaps
 * it, which in a container took 1.5–1.8 s of every crash restart. A zombie has exited: it owns
 * nothing and holds no port or shared memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { ownerAlive, processAlive, type TDataDirOwner } from './data-dir-owner';

const parents: number[] = [];
afterAll(() => {
  for (const pid of parents) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
});

/** A child that has exited but is never reaped: its parent exec's into a sleep that never waits. */
async function zombie(): Promise<{ zombie: number; parent: number }> {
  const sh = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  parents.push(sh.pid!);
  const pid = Number(await new Promise<string>((r) => sh.stdout!.once('data', (d: Buffer) => r(d.toString().trim()))));
  for (let i = 0; i < 500; i++) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat[stat.lastIndexOf(')') + 2] === 'Z') return { zombie: pid, parent: sh.pid! };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no zombie');
}

const lockOf = (pid: number): TDataDirOwner => ({
  pid, procStart: null, kind: 'serve', command: 'serve', httpPort: 1, pgPort: 2, startedAt: new Date().toISOString(), hostname: os.hostname(),
});

describe.runIf(fs.existsSync('/proc/self/stat'))('process liveness', () => {
  it('an exited process not yet reaped (zombie) is not alive; its running parent is', async () => {
    const { zombie: z, parent } = await zombie();
    expect(() => process.kill(z, 0)).not.toThrow(); // kill(0) alone takes a zombie for alive
    expect(processAlive(z)).toBe(false);
    expect(ownerAlive(lockOf(z))).toBe(false);
    expect(processAlive(parent)).toBe(true);
    expect(ownerAlive(lockOf(parent))).toBe(true);
  });
});
