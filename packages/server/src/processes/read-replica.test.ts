/**
 * The statistics served from a streaming replica (issue 13, DATABASE_REPLICA_URL): the test
 * starts its own primary and a hot standby made with pg_basebackup (the PostgreSQL binaries
 * installed on the machine: /usr/lib/postgresql/<major>/bin, or PG_BIN), writes through the app,
 * and shows the figures follow the replica — frozen while its replay is paused, caught up after.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { provideAllEvidence } from '../test/evidence';
import { as, makeAgency, makeCase, makeUser, type TTestEnv } from '../test/harness';

/** The newest installed PostgreSQL with pg_basebackup. */
function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'pg_basebackup'))) : [];
  const major = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!major) throw new Error('no PostgreSQL with pg_basebackup under /usr/lib/postgresql (install postgresql, or set PG_BIN)');
  return path.join(root, major, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    }).on('error', reject);
  });
}

const bin = pgBin();
const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: the tools run as the `postgres` account then. */
function pgTool(tool: string, args: string[]): void {
  const exe = path.join(bin, tool);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'pipe' });
  else execFileSync(exe, args, { stdio: 'pipe' });
}

let dir: string;
let env: TTestEnv;
const ports = { primary: 0, replica: 0 };
const started: string[] = [];
let replicaAdmin: pg.Client;
let primaryAdmin: pg.Client;

function startCluster(dataDir: string, port: number): void {
  pgTool('pg_ctl', ['-D', dataDir, '-l', path.join(dir, `${path.basename(dataDir)}.log`), '-w', '-t', '60', '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c wal_level=replica -c max_wal_senders=4 -c fsync=off`, 'start']);
  started.push(dataDir);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xietong-replica-'));
  fs.chmodSync(dir, 0o777);
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  ports.primary = await freePort();
  ports.replica = await freePort();
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  pgTool('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  startCluster(primaryDir, ports.primary);
  // the standby: a base backup of the primary that follows its WAL (-R writes primary_conninfo + standby.signal)
  pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(ports.primary), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream']);
  startCluster(replicaDir, ports.replica);

  const url = (port: number, db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  primaryAdmin = new pg.Client({ connectionString: url(ports.primary, 'postgres') });
  await primaryAdmin.connect();
  await primaryAdmin.query('CREATE DATABASE xietong');
  await migrate(url(ports.primary, 'xietong'));
  replicaAdmin = new pg.Client({ connectionString: url(ports.replica, 'postgres') });
  await replicaAdmin.connect();
  await caughtUp();

  const database = createDatabase(url(ports.primary, 'xietong'), { max: 6 });
  const config = { ...loadConfig({}), logLevel: 'silent', dataDir: path.join(dir, 'app'), databaseReplicaUrl: url(ports.replica, 'xietong') };
  fs.mkdirSync(config.dataDir);
  const app = await buildApp({ database, config, dbKind: 'external' }, { logger: false });
  await app.ready();
  env = { app, database, url: url(ports.primary, 'xietong'), config, close: async () => { await app.close(); await database.close(); } };
}, 180_000);

afterAll(async () => {
  await env?.close();
  await primaryAdmin?.end().catch(() => {});
  await replicaAdmin?.end().catch(() => {});
  for (const d of started.reverse()) {
    try { pgTool('pg_ctl', ['-D', d, '-m', 'fast', '-w', 'stop']); } catch { /* already gone */ }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Wait (bounded) until the replica has replayed everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const { rows: [p] } = await primaryAdmin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  for (let i = 0; i < 600; i++) {
    const { rows: [r] } = await replicaAdmin.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [p!.lsn]);
    if (r!.ok) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the replica did not catch up');
}

describe('statistics from a read replica', () => {
  it('GET /api/stats/flows reads the streaming replica: a 提请 written to the primary shows once the replica has replayed it', async () => {
    const cityProc = await makeAgency(env, { type: 'procuratorate', level: 'city', regionCode: '220100' });
    const proc = await makeAgency(env, { type: 'procuratorate', parentId: cityProc.id });
    const police = await makeAgency(env, { type: 'police' });
    const handler = await makeUser(env, police.id, ['handler']);
    const approver = await makeUser(env, police.id, ['approver']);
    const c = await makeCase(env, handler, { charges: ['theft'] });
    await provideAllEvidence(env, handler, c.id, ['theft']);
    const start = await as(env, handler).post(`/api/cases/${c.id}/processes`, { code: 'arrest', receiverAgencyId: proc.id });
    expect(start.statusCode, start.body).toBe(201);
    const id = start.json().id as string;
    expect((await as(env, handler).post(`/api/process-instances/${id}/actions`, { action: 'record_detention', input: {} })).statusCode).toBe(200);
    await caughtUp();
    const sent = async () => {
      const r = await as(env, handler).get('/api/stats/flows');
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().rows as { agencyId: string; process: string; sent: number }[]).find((x) => x.agencyId === police.id && x.process === 'arrest')?.sent ?? 0;
    };
    expect(await sent()).toBe(0);

    // the replica stops replaying: the primary has the 提请, the statistics do not yet
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    const submit = await as(env, approver).post(`/api/process-instances/${id}/actions`, { action: 'submit', input: { custody: 'detained' } });
    expect(submit.statusCode, submit.body).toBe(200);
    const onPrimary = await env.database.db.selectFrom('flow_stats_daily').select((eb) => eb.fn.sum<string>('n').as('n'))
      .where('agency_id', '=', police.id).where('metric', '=', 'sent').executeTakeFirst();
    expect(Number(onPrimary?.n ?? 0)).toBe(1);
    expect(await sent()).toBe(0);

    // replay resumes: the statistics follow
    await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    await caughtUp();
    expect(await sent()).toBe(1);
  }, 180_000);
});
