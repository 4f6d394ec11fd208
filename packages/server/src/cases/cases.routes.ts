import { caseApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { createCase } from './create-case';
import { readCase, readCasePerson } from './get-case';
import { listCases } from './list-cases';

export function caseRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.createCase, async ({ body }, ctx) => createCase(db, ctx, body, { maxClassification: app.deps.config.maxClassification }));
  route(app, api.getCase, async ({ params }, ctx) => readCase(db, ctx, params.id));
  route(app, api.getCasePerson, async ({ params }, ctx) => readCasePerson(db, ctx, params.id, params.personId));
  route(app, api.listCases, async ({ query }, ctx) => listCases(db, ctx, query));
}
