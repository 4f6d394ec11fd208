import { custodyApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { bookInterrogation } from './book-interrogation';
import { decideInterrogation } from './decide-interrogation';
import { listCustody } from './list-custody';
import { listInterrogations } from './list-interrogations';
import { contentDisposition } from '../documents/download-document';
import { identifySuspect } from './identify-suspect';
import { pauseCustody } from './pause-custody';
import { recalculateCustody } from './recalculate-custody';
import { resumeCustody } from './resume-custody';

export function custodyRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listCustody, async (_req, ctx) => listCustody(db, ctx));
  route(app, api.printOutageSheet, async (_req, ctx, _r, reply) => {
    const { printOutageSheet } = await import('./print-outage-sheet');
    const out = await printOutageSheet(db, ctx);
    reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('attachment', out.fileName))
      .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
    return Buffer.from(out.bytes) as never;
  });
  route(app, api.recalculateCustody, async ({ params, body }, ctx) => recalculateCustody(db, ctx, params.caseId, params.personId, body));
  route(app, api.pauseCustody, async ({ params, body }, ctx) => pauseCustody(db, ctx, params.caseId, params.personId, body));
  route(app, api.resumeCustody, async ({ params, body }, ctx) => resumeCustody(db, ctx, params.caseId, params.personId, body));
  route(app, api.bookInterrogation, async ({ params, body }, ctx) => bookInterrogation(db, ctx, params.caseId, params.personId, body));
  route(app, api.decideInterrogation, async ({ params, body }, ctx) => decideInterrogation(db, ctx, params.id, body));
  route(app, api.listInterrogations, async (_req, ctx) => listInterrogations(db, ctx));
  route(app, api.identifySuspect, async ({ params, body }, ctx) => identifySuspect(db, ctx, params.caseId, params.personId, body));
}
