/**
 * One mapping from anything thrown to an error response. 4xx always carry a catalogue
 * code and a Chinese message; 5xx details never leave the server.
 */
import { errorBody, type TErrorCode } from '@xietong/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './app-error';

type TIssue = { path: string; message: string };

function fastifyCodeToAppCode(err: FastifyError): TErrorCode | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'MALFORMED_BODY';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'BODY_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_BODY';
    case 'FST_ERR_VALIDATION':
      return 'VALIDATION_FAILED';
    default:
      return null;
  }
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorBody(err.code, err.details, err.userMessage));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues: TIssue[] = err.validation.map((v) => {
        const p = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
        const params = v.params as { issue?: { message?: string; keys?: string[]; code?: string } } | undefined;
        let message = v.message ?? '';
        if (params?.issue?.code === 'unrecognized_keys') message = `不允许的字段: ${(params.issue.keys ?? []).join(', ')}`;
        else if (params?.issue?.code === 'invalid_type' && /received undefined/.test(message)) message = '必填';
        return { path: [where, p].filter(Boolean).join('.'), message };
      });
      const first = issues[0];
      const msg = first ? `请求内容不符合要求：${first.path} ${first.message}` : undefined;
      return reply.status(400).send(errorBody('VALIDATION_FAILED', { issues }, msg));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause }, 'response did not match its schema');
      return reply.status(500).send(errorBody('INTERNAL'));
    }
    const mapped = fastifyCodeToAppCode(err);
    if (mapped) return reply.status(mapped === 'BODY_TOO_LARGE' ? 413 : mapped === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : 400).send(errorBody(mapped));
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Any other client error fastify raises (bad multipart, bad header …): still a catalogue code.
      const code: TErrorCode = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : status === 413 ? 'BODY_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
      return reply.status(status).send(errorBody(code, { reason: err.message }));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL'));
  });
}
