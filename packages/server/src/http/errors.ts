/**
 * One mapping from anything thrown to an error response. 4xx always carry a catalogue
 * code and a Chinese message; 5xx details never leave the server.
 */
import { errorBody, type TErrorCode } from '@xietong/core';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './app-error';

/** What pg-pool says when no connection came free within `connectionTimeoutMillis`. */
const POOL_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

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

/** Errors of the multipart parser (busboy): the body is not the multipart/form-data it claims to be. */
const MULTIPART_BROKEN = /^(Multipart: |Unexpected end of (multipart data|form)|.* terminated early due to unexpected end of multipart data|Malformed part header)/;

function multipartCode(err: FastifyError): { status: number; code: TErrorCode; message: string } | null {
  switch (err.code) {
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以 multipart/form-data 上传文件（字段名 file）' };
    case 'FST_PARTS_LIMIT': case 'FST_FILES_LIMIT': case 'FST_FIELDS_LIMIT':
      return { status: 400, code: 'VALIDATION_FAILED', message: '请求内容不符合要求：一次只能上传一个文件（字段名 file），不带其他字段' };
    case 'FST_MP_PREMATURE_CLOSE': case 'FST_PROTO_VIOLATION': case 'FST_INVALID_JSON_FIELD_ERROR':
      return { status: 400, code: 'VALIDATION_FAILED', message: '请求内容不符合要求：上传内容（multipart/form-data）格式错误或不完整' };
  }
  if (!err.statusCode && MULTIPART_BROKEN.test(err.message)) {
    return { status: 400, code: 'VALIDATION_FAILED', message: '请求内容不符合要求：上传内容（multipart/form-data）格式错误或不完整' };
  }
  return null;
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): an over-long
 * path parameter (GET and POST alike) and a URL that is not valid percent-encoding.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(414).send(errorBody('URI_TOO_LONG'));
    return;
  }
  reply.status(400).send(errorBody('VALIDATION_FAILED', { reason: err.code }, '请求内容不符合要求：请求地址的编码无效'));
}

/** How much of an unread request body is drained to keep the connection; past it the connection is closed. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * A request refused before its body was read (an upload refused on its query or by its magic
 * bytes, a multipart parse error, a body over the limit) leaves the rest of the body in the
 * socket: left alone, the keep-alive connection stalls and its next request never answers, and
 * Fastify closes it after a body-parser error. A remainder of known, modest length is read and
 * dropped so the connection serves its next request; a large or unknown one closes the
 * connection after the answer (announced with `Connection: close`).
 */
export function settleUnreadBody(req: FastifyRequest, reply: FastifyReply): void {
  const raw = req.raw;
  const length = Number(raw.headers['content-length']);
  const modest = Number.isFinite(length) && length <= DRAIN_LIMIT_BYTES;
  if (raw.complete) {
    if (reply.getHeader('connection') === 'close' && modest) reply.removeHeader('connection');
    return;
  }
  if (modest && !raw.headers['transfer-encoding']) {
    if (reply.getHeader('connection') === 'close') reply.removeHeader('connection');
    raw.unpipe();
    raw.resume();
  } else {
    reply.header('connection', 'close');
  }
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // a binary answer that failed before its first byte (e.g. a stored file failing its hash
    // check) had its headers set already: the error goes out as JSON, not as a PDF
    for (const h of ['content-disposition', 'content-length', 'x-content-sha256', 'x-content-sm3']) reply.removeHeader(h);
    reply.type('application/json; charset=utf-8');
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
    const mp = multipartCode(err);
    if (mp) return reply.status(mp.status).send(errorBody(mp.code, undefined, mp.message));
    const mapped = fastifyCodeToAppCode(err);
    if (mapped) return reply.status(mapped === 'BODY_TOO_LARGE' ? 413 : mapped === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : 400).send(errorBody(mapped));
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Any other client error fastify raises (bad multipart, bad header …): still a catalogue code.
      const code: TErrorCode = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : status === 413 ? 'BODY_TOO_LARGE' : status === 414 ? 'URI_TOO_LONG' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
      return reply.status(status).send(errorBody(code, { reason: err.message }));
    }
    if (err.message === POOL_TIMEOUT_MESSAGE) {
      // every pooled connection stayed busy past the checkout timeout: say so, do not hang
      req.log.warn({ err }, 'database pool checkout timed out');
      return reply.status(503).header('retry-after', '5').send(errorBody('SERVICE_UNAVAILABLE', { reason: 'database_busy' }, '服务繁忙：数据库连接已满，请稍后重试'));
    }
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '40P01' || pgCode === '40001') {
      // PostgreSQL chose this transaction to undo (a deadlock, a serialization failure): nothing of it
      // was written, and the same request again will go through
      req.log.warn({ err }, 'transaction rolled back by the database; the client may retry');
      return reply.status(409).send(errorBody('CONFLICT', { reason: pgCode === '40P01' ? 'deadlock' : 'serialization' }));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL'));
  });
}

/**
 * What Node's HTTP parser refuses before Fastify routes anything (a request line and headers over
 * 16 KB, malformed HTTP): answered from the error catalogue, not with Fastify's English default
 * without a code. The connection is closed, as Node does for these.
 */
export function clientErrorAnswer(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const code = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST';
  const status = code === 'HEADERS_TOO_LARGE' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify(errorBody(code));
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
