/**
 * Exchange API routes (issue 16). The administration routes use the session like every other
 * route; the routes agency systems call are registered in their own scope, whose JSON parser
 * keeps the body's bytes: the SM2 signature is checked over exactly what was sent, before the
 * handler runs (authenticate-system.ts).
 */
import {
  createExchangeSystem as createSystemContract, getExchangeSchemas, listExchangeReceipts, listExchangeSystems as listSystemsContract,
  listCaseExchangeReceipts, postExchangeReceipts, pushExchangeAction as pushContract, readExchangeFeed, updateExchangeSystem as updateSystemContract,
} from '@xietong/core/api';
import { exchangeJsonSchemas } from '@xietong/core/exchange';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { issueDepsFor } from '../documents/issue-legal-document';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { authenticateSystem, type TExchangeSystem } from './authenticate-system';
import { listCaseReceipts, listReceipts } from './list-receipts';
import { createExchangeSystem, listExchangeSystems, updateExchangeSystem } from './manage-systems';
import { platformSigner } from './platform-signer';
import { pushExchangeAction } from './push-exchange-action';
import { readFeed } from './read-feed';
import { recordReceipts } from './record-receipts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    exchangeSystem?: TExchangeSystem;
  }
}

function systemOf(req: FastifyRequest): TExchangeSystem {
  if (!req.exchangeSystem) throw new AppError('EXCHANGE_AUTH_FAILED');
  return req.exchangeSystem;
}

export function exchangeRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  const dataDir = app.deps.config.dataDir;

  route(app, getExchangeSchemas, async () => {
    const s = platformSigner(dataDir);
    return { schemas: exchangeJsonSchemas(), platformKey: { keyId: s.keyId, publicKeyPem: s.publicKeyPem } };
  });
  route(app, createSystemContract, async ({ body }, ctx) => createExchangeSystem(db, ctx, body));
  route(app, listSystemsContract, async (_i, ctx) => listExchangeSystems(db, ctx));
  route(app, listCaseExchangeReceipts, async ({ params }, ctx) => listCaseReceipts(db, ctx, params.id));
  route(app, updateSystemContract, async ({ params, body }, ctx) => updateExchangeSystem(db, ctx, params.id, body));

  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      const buf = body as Buffer;
      req.rawBody = buf;
      try {
        done(null, JSON.parse(buf.toString('utf8')));
      } catch {
        done(new AppError('MALFORMED_BODY'), undefined);
      }
    });
    // who is calling, before validation: an unsigned request learns nothing about the schema
    scope.addHook('preValidation', async (req) => {
      const { actor, system } = await authenticateSystem(db, req, req.rawBody, Date.now());
      req.ctx.actor = actor;
      req.exchangeSystem = system;
    });
    const issue = issueDepsFor(dataDir);
    route(scope, pushContract, async ({ body }, ctx, req) =>
      pushExchangeAction(db, { ...ctx, actor: ctx.actor! }, systemOf(req), body, req.headers['idempotency-key'], { issue, dataDir }));
    route(scope, readExchangeFeed, async ({ query }, _ctx, req) => readFeed(db, systemOf(req), query.cursor, query.limit));
    route(scope, postExchangeReceipts, async ({ body }, ctx, req) => recordReceipts(db, { ...ctx, actor: ctx.actor! }, systemOf(req), body.receipts));
    route(scope, listExchangeReceipts, async ({ query }, _ctx, req) => listReceipts(db, systemOf(req), query));
  });
}
