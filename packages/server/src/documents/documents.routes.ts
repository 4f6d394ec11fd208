/**
 * Routes of electronic case files, legal documents, records, evidence checks and the dossier.
 * Registered as one encapsulated plugin: @fastify/multipart is added only here, so every other
 * route keeps accepting JSON alone (a cross-site form cannot post JSON without a preflight).
 */
import fastifyMultipart from '@fastify/multipart';
import { documentApi as api } from '@xietong/core/api';
import { findLegalTemplate, LEGAL_TEMPLATES } from '@xietong/core/dossier';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { evidenceCheckView } from '../dossier/evidence-check';
import { exportPackage } from '../dossier/export-package';
import { getDossier } from '../dossier/get-dossier';
import { readAll, UPLOAD_STAGE_BYTES } from './blob-store';
import { createBlobStore } from './create-blob-store';
import { confirmRecord } from './confirm-record';
import { createRecord } from './create-record';
import { contentDisposition, downloadDocument } from './download-document';
import { generateLegalDocument } from './generate-legal-document';
import { getDocument, listDocuments } from './list-documents';
import { multipartFileLimit } from './receive-upload';
import { searchDocuments } from './search-documents';
import { documentSettings } from './settings';
import { supersedeDocument } from './supersede-document';
import { tagEvidence } from './tag-evidence';
import type { TDocumentDeps } from './types';
import { uploadDocument, type TIncomingFile } from './upload-document';
import { verifySignature } from './verify-signature';
import { verifyPrintReference } from './verify-print-reference';

const VERIFY_MAX_BYTES = 128 * 1024 * 1024;

export function fileOf(req: FastifyRequest, limit: number): () => Promise<TIncomingFile> {
  return async () => {
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '请以 multipart/form-data 上传文件（字段名 file）' });
    // a body without boundary throws here; fastify's error mapping (http/errors.ts) answers 400
    const part = await req.file({ limits: { fileSize: limit, files: 1, fields: 0 } });
    if (!part) throw new AppError('VALIDATION_FAILED', { message: '请求中没有文件（字段名 file）' });
    if (part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', { message: '文件字段名应为 file' });
    return { stream: part.file, fileName: part.filename };
  };
}

function sendBinary(reply: FastifyReply, body: unknown, type: string, disposition: string, extra: Record<string, string> = {}) {
  reply.header('content-type', type).header('content-disposition', disposition).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
  for (const [k, v] of Object.entries(extra)) reply.header(k, v);
  return body as never;
}

export function documentRoutes(app: FastifyInstance): void {
  app.register(async (scope) => {
    const settings = documentSettings(app.deps.config.dataDir);
    const deps: TDocumentDeps = {
      db: app.deps.database.db, store: createBlobStore(settings), settings, maxClassification: app.deps.config.maxClassification,
      onIntegrityFailure: (e) => app.log.error(e, 'ALERT: stored document does not match its recorded hashes (tampered or corrupt storage)'),
    };
    const { db } = deps;
    // the file stream holds up to a stage's bytes before the parser waits (blob-store.ts UPLOAD_STAGE_BYTES)
    await scope.register(fastifyMultipart, { limits: { files: 1, fields: 0, parts: 1 }, throwFileSizeLimit: true, fileHwm: UPLOAD_STAGE_BYTES });

    route(scope, api.uploadDocument, async ({ params, query }, ctx, req) => uploadDocument(deps, ctx, params.id, query, fileOf(req, multipartFileLimit(settings))));
    route(scope, api.supersedeDocument, async ({ params, query }, ctx, req) => supersedeDocument(deps, ctx, params.id, query, fileOf(req, multipartFileLimit(settings))));
    route(scope, api.listDocuments, async ({ params }, ctx) => listDocuments(db, ctx, params.id));
    route(scope, api.getDocument, async ({ params }, ctx) => getDocument(db, ctx, params.id));
    route(scope, api.downloadDocument, async ({ params, query }, ctx, _req, reply) => {
      const d = await downloadDocument(deps, ctx, params.id, query);
      return sendBinary(reply, d.stream, d.mediaType, contentDisposition(query.disposition, d.fileName), {
        'content-length': String(d.size), 'x-content-sha256': d.sha256, 'x-content-sm3': d.sm3,
      });
    });
    route(scope, api.searchDocuments, async ({ params, query }, ctx) => searchDocuments(db, ctx, params.id, query.q));
    route(scope, api.tagEvidence, async ({ params, body }, ctx) => tagEvidence(db, ctx, params.id, body.items));
    route(scope, api.evidenceCheck, async ({ params, query }, ctx) => evidenceCheckView(db, ctx, params.id, query.stage));
    route(scope, api.listLegalTemplates, async () => ({
      items: LEGAL_TEMPLATES.map((t) => ({ id: t.id, docType: t.docType, title: t.title.replace(/\s+/g, ''), issuers: [...t.issuers], fields: t.fields.map((f) => ({ ...f })) })),
    }));
    route(scope, api.generateLegalDocument, async ({ params, body }, ctx) => {
      if (!findLegalTemplate(body.templateId)) throw new AppError('VALIDATION_FAILED', { message: `没有这个文书模板：${body.templateId}` });
      return generateLegalDocument(deps, ctx, params.id, body);
    });
    route(scope, api.verifyPrintReference, async ({ body }, ctx) => verifyPrintReference(db, ctx, body.reference));
    route(scope, api.verifySignature, async (_input, ctx, req) => {
      const file = await fileOf(req, VERIFY_MAX_BYTES)();
      const bytes = await readAll(file.stream as never);
      if ((file.stream as { truncated?: boolean }).truncated) throw new AppError('DOCUMENT_TOO_LARGE');
      return verifySignature(db, ctx, bytes);
    });
    route(scope, api.createRecord, async ({ params, body }, ctx) => createRecord(db, ctx, params.id, body));
    route(scope, api.confirmRecord, async ({ params, body }, ctx) => confirmRecord(deps, ctx, params.id, body));
    route(scope, api.getDossier, async ({ params }, ctx) => getDossier(db, ctx, params.id));
    route(scope, api.exportVolumePdf, async ({ params }, ctx, _req, reply) => {
      // pdf-lib and fontkit load on first use, not at start (issue #12: restart time)
      const { exportVolumePdf } = await import('../dossier/export-volume-pdf');
      const out = await exportVolumePdf(deps, ctx, params.id, params.agencyId, params.kind);
      return sendBinary(reply, Buffer.from(out.bytes), 'application/pdf', contentDisposition('attachment', out.fileName));
    });
    route(scope, api.exportPackage, async ({ params }, ctx, req, reply) => {
      const out = await exportPackage(deps, ctx, params.id, req.log);
      return sendBinary(reply, out.stream, 'application/zip', contentDisposition('attachment', out.fileName));
    });
  });
}
