/**
 * Build the Fastify application: plugins, the session hook, the Origin check, error
 * mapping, every route, the OpenAPI document and (when built) the web app.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { errorBody, isAuditAdministratorOnly } from '@xietong/core';
import { maskResidentIdsIn } from '@xietong/core/cases';
import { findUnstorable, unstorableMessage } from '@xietong/core/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { SESSION_COOKIE, lookupSession } from './auth/sessions';
import type { TConfig } from './config';
import { createDatabase, type TDatabase } from './db/database';
import { startCacheBus } from './db/cache-bus';
import { clientErrorAnswer, frameworkErrors, installErrorHandling, settleUnreadBody } from './http/errors';
import { z } from 'zod';
import { registerRoutes } from './routes';
import { AppError } from './http/app-error';
import { installMetrics } from './ops/metrics';
import type { TBackupStatus } from './ops/backup-schedule';

// Validation messages speak Chinese (the catalogue's English text rides along in messageEn).
z.config(z.locales.zhCN());

export type TAppDeps = {
  database: TDatabase;
  config: TConfig;
  dbKind: 'embedded' | 'external';
  /** a streaming replica (DATABASE_REPLICA_URL) for reads that may lag: the statistics */
  replica?: TDatabase | null;
  /** seconds since the last successful backup, for the metrics (issue #12) */
  backupAge?: () => number | null;
  /** scheduled backups: schedule, age, next run (readiness details) */
  backupStatus?: () => TBackupStatus;
};

declare module 'fastify' {
  interface FastifyInstance {
    deps: TAppDeps;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PASSWORD_CHANGE_ALLOWED = new Set(['/api/me', '/api/auth/password', '/api/auth/logout']);
/**
 * 三员 separation: an audit administrator (审计管理员) reads the audit trail and nothing else —
 * the trail itself, the proofs that its rows are in the ledger, and their own account.
 */
const AUDIT_ADMINISTRATOR_ALLOWED = new Set([
  ...PASSWORD_CHANGE_ALLOWED, '/api/audit', '/api/audit/export',
  '/api/ledger/proof/inclusion', '/api/ledger/proof/consistency', '/api/ledger/checkpoint/latest', '/api/ledger/checkpoints', '/api/ledger/keys',
]);

/** Length of a path segment as the router measures a parameter (decoded; as sent when it is not valid encoding). */
function decodedLength(segment: string): number {
  try { return decodeURIComponent(segment).length; } catch { return segment.length; }
}

/**
 * What a log line says about a request: a 身份证号 in the URL (a search for a person) is masked
 * (GB/T 22239-2019 §8.1.4.11; 个人信息保护法 第五十一条).
 */
export function requestLogLine(req: { method: string; url: string; ip?: string; host?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: maskResidentIdsIn(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export async function buildApp(deps: TAppDeps, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel, serializers: { req: requestLogLine } },
    // structured JSON logs carry a request id: the caller's X-Request-Id when it is a plain
    // token (a proxy's id joins its logs with ours), else a fresh UUID; echoed in the answer
    requestIdHeader: false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(h) ? h : crypto.randomUUID();
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { coerceTypes: false } },
    // router refusals (over-long id, bad URL encoding) answer catalogue codes like every other error
    frameworkErrors,
    clientErrorHandler: clientErrorAnswer,
  });
  app.decorate('deps', deps);
  // agencies and sessions cached on this node, forgotten on every node when a change commits
  if (config.nodeCaches !== false) {
    const cacheBus = await startCacheBus(deps.database);
    app.addHook('onClose', async () => { await cacheBus.stop(); });
  }
  if (!deps.replica && config.databaseReplicaUrl) {
    const replica = createDatabase(config.databaseReplicaUrl, { max: 5 });
    deps.replica = replica;
    app.addHook('onClose', async () => { await replica.close(); });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only for mutations (CSRF: a cross-site form cannot send application/json without a preflight).
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Xietong 协同 API', description: '执法司法办案业务协同系统 HTTP API', version: config.version },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (req, reply) => {
    req.ctx = { actor: null, ip: req.ip ?? null, userAgent: (req.headers['user-agent'] as string | undefined) ?? null };
    if (MUTATING.has(req.method)) {
      // Origin check: when a browser says where it comes from, it must be us.
      const origin = req.headers.origin;
      const host = req.headers.host;
      if (origin && origin !== 'null' && host) {
        let ok: boolean;
        try {
          ok = new URL(origin).host === host;
        } catch {
          ok = false;
        }
        if (!ok) return reply.status(403).send(errorBody('CSRF_ORIGIN_MISMATCH', { origin }));
      } else if (req.headers['sec-fetch-site'] === 'cross-site') {
        return reply.status(403).send(errorBody('CSRF_ORIGIN_MISMATCH'));
      }
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token && req.url.startsWith('/api/')) {
      const s = await lookupSession(deps.database.db, config, token);
      if (s.kind === 'ok') {
        req.ctx.actor = s.actor;
        req.mustChangePassword = s.mustChangePassword;
      } else if (s.kind === 'expired') req.sessionError = 'expired';
    }
    if (req.routeOptions.config?.auth && !req.ctx.actor) {
      return reply.status(401).send(errorBody(req.sessionError ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED'));
    }
    // A single-use first password (administrator, demo accounts on a training network): until it
    // is changed the session may only see who it is, change the password, or sign out.
    if (req.routeOptions.config?.auth && req.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(req.routeOptions.url ?? '')) {
      return reply.status(403).send(errorBody('AUTH_PASSWORD_CHANGE_REQUIRED'));
    }
    if (req.routeOptions.config?.auth && req.ctx.actor && isAuditAdministratorOnly(req.ctx.actor) &&
      !(AUDIT_ADMINISTRATOR_ALLOWED.has(req.routeOptions.url ?? '') && (req.method === 'GET' || req.routeOptions.url?.startsWith('/api/auth/')))) {
      return reply.status(403).send(errorBody('FORBIDDEN', { reason: 'audit_administrator' }, '审计管理员只能查阅审计日志'));
    }
  });

  // One input boundary: no string PostgreSQL cannot store (NUL, lone surrogate) gets past here,
  // whichever route, field or action it was meant for.
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
      const bad = findUnstorable(value, where);
      if (bad) throw new AppError('VALIDATION_FAILED', { message: unstorableMessage(bad), details: { issues: [{ path: bad.path, message: bad.reason === 'nul' ? '含有空字符' : '含有不成对的代理字符' }] } });
    }
  });
  // A refused request whose body was not read to the end must not leave its connection hanging.
  app.addHook('onSend', async (req, reply) => { settleUnreadBody(req, reply); });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installMetrics(app, { database: deps.database, token: config.metricsToken, backupAge: deps.backupAge });
  await registerRoutes(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webDist = config.webDist ?? path.resolve(import.meta.dirname, '../../web/dist');
  const webIndex = path.join(webDist, 'index.html');
  if (fs.existsSync(webIndex)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart
    await app.register(fastifyStatic, {
      root: webDist, prefix: '/', wildcard: true, index: ['index.html'], preCompressed: true,
      setHeaders: (res, file) => { if (file.endsWith('index.html')) res.header('cache-control', 'no-cache'); },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    // client-side routes of the single-page app get index.html (never cached); a missing file
    // (a stale /assets/… name after a rebuild) is a 404, not index.html served as JavaScript
    if (!url.startsWith('/api/') && req.method === 'GET' && !/\.[a-z0-9]+$/i.test(url) && fs.existsSync(webIndex)) {
      return reply.header('cache-control', 'no-cache').type('text/html').send(fs.createReadStream(webIndex));
    }
    // an /api/ GET with an over-long path id falls through the router to the web app's wildcard
    // (only when the web app is built): answer it as the router answers every other method
    const maxParamLength = app.initialConfig.maxParamLength ?? 100;
    if (url.startsWith('/api/') && url.split('/').some((segment) => decodedLength(segment) > maxParamLength)) {
      return reply.status(414).send(errorBody('URI_TOO_LONG'));
    }
    return reply.status(404).send(errorBody('NOT_FOUND'));
  });
  return app;
}
