/**
 * Routes of 辩护: requests, decisions, ends, 会见 bookings, the access report and licence
 * verification. One encapsulated plugin: multipart only for the mandate upload.
 */
import fastifyMultipart from '@fastify/multipart';
import { defenceApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { createBlobStore } from '../documents/create-blob-store';
import { fileOf } from '../documents/documents.routes';
import { multipartFileLimit } from '../documents/receive-upload';
import { documentSettings } from '../documents/settings';
import type { TDocumentDeps } from '../documents/types';
import { accessReport } from './access-report';
import { bookMeeting } from './book-meeting';
import { createDefenceRequest } from './create-defence-request';
import { decideDefenceRequest } from './decide-defence-request';
import { endDefence } from './end-defence';
import { listDefenceRequests } from './list-defence-requests';
import { listMeetings } from './list-meetings';
import { uploadDefenceMandate } from './upload-defence-mandate';
import { verifyLicence } from './verify-licence';
import { withdrawDefenceRequest } from './withdraw-defence-request';

export function defenceRoutes(app: FastifyInstance): void {
  app.register(async (scope) => {
    const settings = documentSettings(app.deps.config.dataDir);
    const deps: TDocumentDeps = { db: app.deps.database.db, store: createBlobStore(settings), settings };
    const { db } = deps;
    await scope.register(fastifyMultipart, { limits: { files: 1, fields: 0, parts: 1 }, throwFileSizeLimit: true });
    route(scope, api.createDefenceRequest, async ({ body }, ctx) => createDefenceRequest(db, ctx, body));
    route(scope, api.uploadDefenceMandate, async ({ params }, ctx, req) => uploadDefenceMandate(deps, ctx, params.id, fileOf(req, multipartFileLimit(settings))));
    route(scope, api.listDefenceRequests, async ({ query }, ctx) => listDefenceRequests(db, ctx, query.status));
    route(scope, api.decideDefenceRequest, async ({ params, body }, ctx) => decideDefenceRequest(db, ctx, params.id, body));
    route(scope, api.withdrawDefenceRequest, async ({ params }, ctx) => withdrawDefenceRequest(db, ctx, params.id));
    route(scope, api.endDefence, async ({ params, body }, ctx) => endDefence(db, ctx, params.id, body));
    route(scope, api.bookMeeting, async ({ params, body }, ctx) => bookMeeting(db, ctx, params.id, body));
    route(scope, api.listMeetings, async ({ params }, ctx) => listMeetings(db, ctx, params.id));
    route(scope, api.accessReport, async ({ params }, ctx) => accessReport(db, ctx, params.id));
    route(scope, api.verifyLicence, async ({ params, body }, ctx) => verifyLicence(db, ctx, params.id, body));
  });
}
