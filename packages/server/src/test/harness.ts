/**
 * Test harness: a fresh database cloned from the migrated template, an in-process app
 * (app.inject), and factories that create agencies and users through the real actions.
 */
import crypto from 'node:crypto';
import type { TAgencyLevel, TAgencyType, TRole } from '@xietong/core';
import type { TAgency } from '@xietong/core/api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { createAgency } from '../agencies/create-agency';
import { buildApp } from '../app';
import { loadConfig, type TConfig } from '../config';
import { createDatabase, type TDatabase } from '../db/database';
import { withDatabase } from '../db/url';
export { withDatabase };
import { createUser } from '../users/create-user';
import './provided-context';
import { caseBody } from './case-body';

// Test users' passwords are hashed at scrypt N = 2^10 (a real scrypt hash, cheaper: the suite creates
// thousands of users); the platform's default stays 2^14 (auth/password.test.ts). Verification reads N
// from the stored hash, so nothing else differs.
process.env.XIETONG_PASSWORD_SCRYPT_LOG2N ??= '10';

const SYSTEM = { actor: null, ip: null, userAgent: 'test factory' };


export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('templateDb');
  const name = `${template}_t_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (e) {
      // another file cloning the template at the same instant: try again shortly
      if (attempt > 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  // Commits need not wait for the WAL flush in a database thrown away after the file (an fsync
  // costs ~6 ms on a shared CI disk and every action commits at least once). Per database, so
  // the machine's PostgreSQL stays as it is for everything else; nothing here survives a crash
  // anyway. The platform's own clusters keep synchronous_commit=on (db/embedded.ts, embedded.test.ts).
  if (process.env.TEST_SYNC_COMMIT !== 'on') await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export type TTestEnv = {
  app: FastifyInstance;
  database: TDatabase;
  url: string;
  config: TConfig;
  close: () => Promise<void>;
};

export async function createTestEnv(overrides: Partial<TConfig> = {}, pool: { max?: number; checkoutTimeoutMs?: number } = {}): Promise<TTestEnv> {
  const tdb = await createTestDatabase();
  const database = createDatabase(tdb.url, { max: pool.max ?? 10, ...(pool.checkoutTimeoutMs ? { checkoutTimeoutMs: pool.checkoutTimeoutMs } : {}) });
  // tests change rows behind the app's back and ask again at once: no node caches unless a test
  // is about them (round-trips.test.ts; several-nodes.test.ts runs real nodes with them)
  const config = { ...loadConfig({}), logLevel: 'silent', nodeCaches: false, ...overrides };
  const app = await buildApp({ database, config, dbKind: inject('dbKind') }, { logger: false });
  await app.ready();
  return {
    app, database, url: tdb.url, config,
    close: async () => {
      await app.close();
      await database.close();
      await tdb.drop();
    },
  };
}

let seq = 0;
function uniq(): string {
  return `${process.pid.toString(36)}${(seq++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;
}

export async function makeAgency(
  env: TTestEnv,
  o: { type?: TAgencyType; level?: TAgencyLevel; regionCode?: string; name?: string; parentId?: string | null } = {},
): Promise<TAgency> {
  const u = uniq();
  return createAgency(env.database.db, SYSTEM, {
    parentId: o.parentId ?? null, type: o.type ?? 'police', level: o.level ?? 'district', regionCode: o.regionCode ?? '220104',
    name: o.name ?? `测试机构${u}`, shortName: `测${u.slice(0, 4)}`, unitCode: '220104000000',
  });
}

export type TTestUser = { id: string; username: string; password: string; agencyId: string; cookie: string };

export async function makeUser(env: TTestEnv, agencyId: string, roles: TRole[] = ['handler'], opts: { login?: boolean } = {}): Promise<TTestUser> {
  const username = `u${uniq()}`.toLowerCase();
  const password = `pw${crypto.randomBytes(8).toString('hex')}1`;
  const u = await createUser(env.database.db, SYSTEM, { username, displayName: `测试${username}`, agencyId, roles, password });
  const cookie = opts.login === false ? '' : await login(env, username, password);
  return { id: u.id, username, password, agencyId, cookie };
}

export async function login(env: TTestEnv, username: string, password: string): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((k) => k.name === 'xt_session');
  if (!c) throw new Error('no session cookie');
  return `xt_session=${c.value}`;
}

/** A request as a signed-in user. */
export function as(env: TTestEnv, user: { cookie: string }) {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    env.app.inject({ method, url, headers: { cookie: user.cookie, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload ?? {}, headers),
    put: (url: string, payload?: unknown) => call('PUT', url, payload ?? {}),
    patch: (url: string, payload?: unknown) => call('PATCH', url, payload ?? {}),
    delete: (url: string) => call('DELETE', url),
  };
}

export { caseBody } from './case-body';

export async function makeCase(env: TTestEnv, user: { cookie: string }, overrides: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
  const res = await as(env, user).post('/api/cases', caseBody(overrides));
  if (res.statusCode !== 201) throw new Error(`makeCase: ${res.statusCode} ${res.body}`);
  return res.json();
}
