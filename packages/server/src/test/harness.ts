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
import { createUser } from '../users/create-user';
import './provided-context';

const SYSTEM = { actor: null, ip: null, userAgent: 'test factory' };

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

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

export async function createTestEnv(overrides: Partial<TConfig> = {}): Promise<TTestEnv> {
  const tdb = await createTestDatabase();
  const database = createDatabase(tdb.url, { max: 10 });
  const config = { ...loadConfig({}), logLevel: 'silent', ...overrides };
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

let idSeed = 1;
/** A valid create-case body (a 危险驾驶 case with one suspect under detention) with overrides. */
export function caseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const seed = idSeed++ + process.pid * 1000;
  return {
    title: `测试案件${seed}`,
    summary: '2025年3月1日晚，犯罪嫌疑人醉酒驾驶机动车被查获。',
    occurredAt: '2025-03-01T22:30:00+08:00',
    regionCode: '220104',
    charges: ['dangerous_driving'],
    persons: [{ name: `张${seed % 97}某`, residentId: residentIdFor(seed), measures: [{ measure: 'detention', startedAt: '2025-03-02T01:00:00+08:00' }] }],
    ...overrides,
  };
}

function residentIdFor(seed: number): string {
  const first17 = `220104${1980 + (seed % 20)}0${1 + (seed % 9)}1${seed % 10}${String(seed % 1000).padStart(3, '0')}`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * W[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

export async function makeCase(env: TTestEnv, user: { cookie: string }, overrides: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
  const res = await as(env, user).post('/api/cases', caseBody(overrides));
  if (res.statusCode !== 201) throw new Error(`makeCase: ${res.statusCode} ${res.body}`);
  return res.json();
}
