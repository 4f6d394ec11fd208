import { foundationApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { contentDisposition } from '../documents/download-document';
import { exportAudit } from './export-audit';
import { queryAudit } from './query-audit';

export function auditRoutes(app: FastifyInstance): void {
  route(app, api.audit, async ({ query }, ctx) => queryAudit(app.deps.database.db, ctx, query));
  route(app, api.exportAudit, async ({ query }, ctx, _req, reply) => {
    const out = await exportAudit(app.deps.database.db, ctx, query);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition('attachment', out.fileName))
      .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
    return Buffer.from(out.csv, 'utf8') as never;
  });
}
