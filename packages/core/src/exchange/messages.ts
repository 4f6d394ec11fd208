/**
 * Exchange messages (issue 16): what an agency's own system (警综平台, 统一业务应用系统, 审判系统,
 * 监狱系统) sends to and receives from the platform. Each schema carries its name and version in
 * `schema`; a breaking change is a new version (`…/v2`), served beside the old one.
 * The JSON Schema of each is served at GET /api/exchange/schemas and printed in docs/exchange.md.
 */
import { z } from 'zod';
import { ZActionRequest } from '../api/processes.api';

export const EXCHANGE_SCHEMAS = {
  case: 'xietong.case/v1',
  document: 'xietong.document/v1',
  flowAction: 'xietong.flow-action/v1',
  flowMessage: 'xietong.flow-message/v1',
  receipt: 'xietong.receipt/v1',
} as const;

const ZId = z.uuid({ message: '应为UUID格式' });

/** The case a message is about (案件): enough for the receiving system to match its own record. */
export const ZExchangeCase = z.object({
  schema: z.literal(EXCHANGE_SCHEMAS.case),
  id: ZId,
  title: z.string(),
  /** 公安 案件编号 / 检察 受案号 / 法院 案号, as far as they exist yet */
  numbers: z.object({ police: z.string().nullable(), procuratorate: z.string().nullable(), court: z.string().nullable() }),
  stage: z.string().nullable(),
  registeringAgencyId: ZId,
});

/** A legal document (文书) a step issued or sent along: a reference, the file is fetched by id. */
export const ZExchangeDocument = z.object({
  schema: z.literal(EXCHANGE_SCHEMAS.document),
  id: ZId,
  docType: z.string(),
  /** 文号 in the issuing agency's series, when numbered */
  number: z.string().nullable(),
  agencyId: ZId,
});

/**
 * A flow action an agency system pushes (推送): the same request a user's action is, plus the
 * instance it acts on. The Idempotency-Key header makes a retry safe.
 */
export const ZExchangeFlowAction = ZActionRequest.extend({
  schema: z.literal(EXCHANGE_SCHEMAS.flowAction),
  instanceId: ZId,
});

/** A message addressed to an agency (webhook body, feed item): one recorded process event. */
export const ZExchangeFlowMessage = z.object({
  schema: z.literal(EXCHANGE_SCHEMAS.flowMessage),
  /** the receipt names this id; per receiving system, increasing in commit order */
  messageId: z.string(),
  /** the process event (its id in the event log, decimal) */
  eventId: z.string(),
  case: ZExchangeCase,
  instanceId: ZId,
  process: z.string(),
  action: z.string(),
  from: z.string(),
  to: z.string(),
  version: z.number().int(),
  at: z.string(),
  actorAgencyId: ZId,
  actorAgencyName: z.string(),
  input: z.record(z.string(), z.unknown()),
  articles: z.array(z.string()),
  documents: z.array(ZExchangeDocument),
});

export const RECEIPT_STATUSES = ['received', 'accepted', 'rejected'] as const;
export type TReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/**
 * 回执: what the receiver of a message says about it — received, accepted, or rejected with a
 * reason — signed by the receiver's key over receiptSigningText(...).
 */
export const ZExchangeReceipt = z.object({
  schema: z.literal(EXCHANGE_SCHEMAS.receipt),
  messageId: z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/, { message: '消息编号格式不符' }),
  status: z.enum(RECEIPT_STATUSES),
  reason: z.string().max(2000).nullable().default(null),
  /** ISO 8601 time the receiver issued the receipt */
  at: z.string().regex(/^[0-9T:.+Z-]{10,40}$/, { message: '应为 ISO 8601 时间' }),
  /** the signer's key id (hex SHA-256 of its SPKI) */
  keyId: z.string().max(128),
  /** base64 DER SM2 signature over receiptSigningText */
  signature: z.string().max(400),
}).refine((r) => r.status !== 'rejected' || !!r.reason, { message: '拒收回执须说明理由', path: ['reason'] });

export type TExchangeCase = z.output<typeof ZExchangeCase>;
export type TExchangeDocument = z.output<typeof ZExchangeDocument>;
export type TExchangeFlowAction = z.output<typeof ZExchangeFlowAction>;
export type TExchangeFlowMessage = z.output<typeof ZExchangeFlowMessage>;
export type TExchangeReceipt = z.output<typeof ZExchangeReceipt>;

/** The exact text a receipt's signature covers, one line per field; only the reason may hold a line break, and it is followed by `at`, which cannot. */
export function receiptSigningText(r: { messageId: string; status: TReceiptStatus; reason: string | null; at: string }): string {
  return [EXCHANGE_SCHEMAS.receipt, r.messageId, r.status, r.reason ?? '', r.at].join('\n');
}

/** Every message schema as JSON Schema (draft 2020-12), keyed by its versioned name. */
export function exchangeJsonSchemas(): Record<string, unknown> {
  return {
    [EXCHANGE_SCHEMAS.case]: z.toJSONSchema(ZExchangeCase, { io: 'output' }),
    [EXCHANGE_SCHEMAS.document]: z.toJSONSchema(ZExchangeDocument, { io: 'output' }),
    [EXCHANGE_SCHEMAS.flowAction]: z.toJSONSchema(ZExchangeFlowAction, { io: 'input', unrepresentable: 'any' }),
    [EXCHANGE_SCHEMAS.flowMessage]: z.toJSONSchema(ZExchangeFlowMessage, { io: 'output' }),
    [EXCHANGE_SCHEMAS.receipt]: z.toJSONSchema(ZExchangeReceipt, { io: 'input' }),
  };
}
