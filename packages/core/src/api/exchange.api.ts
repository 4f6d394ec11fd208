/**
 * HTTP contract of the exchange API (issue 16). Routes marked "signed" are called by agency
 * systems, not browsers: they carry no session but an API key and an SM2 signature over
 * timestamp, method, path and body (x-xietong-key / -timestamp / -signature, see
 * exchange/signing.ts and docs/exchange.md). The administration routes use the session.
 */
import { z } from 'zod';
import { ZExchangeFlowAction, ZExchangeFlowMessage, ZExchangeReceipt, RECEIPT_STATUSES } from '../exchange/messages';
import { defineEndpoint, ZIsoDateTime, ZUuid } from './contract';

const ZCursor = z.string().regex(/^\d{1,18}$/, { message: '应为非负整数' });

export const ZSignedReceipt = z.object({
  schema: z.literal('xietong.receipt/v1'),
  messageId: z.string(),
  status: z.enum(RECEIPT_STATUSES),
  reason: z.string().nullable(),
  at: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

export const ZPushAnswer = z.object({
  /** the platform's receipt for the pushed action (messageId = the Idempotency-Key), signed by the platform key */
  receipt: ZSignedReceipt,
  eventId: z.string().nullable(),
  instance: z.object({ id: ZUuid, state: z.string(), version: z.number().int() }).nullable(),
  /** for a rejected action: the catalogue code of the refusal */
  errorCode: z.string().nullable(),
});

export const pushExchangeAction = defineEndpoint({
  method: 'POST', path: '/api/exchange/actions', tags: ['exchange'], auth: false,
  summary: '（系统账户，签名）推送流程操作：与用户操作经过同样的校验、事务、审计与存证；须带 Idempotency-Key',
  body: ZExchangeFlowAction, response: ZPushAnswer,
});

export const readExchangeFeed = defineEndpoint({
  method: 'GET', path: '/api/exchange/feed', tags: ['exchange'], auth: false,
  summary: '（系统账户，签名）按游标读取发给本机构的消息',
  query: z.object({ cursor: ZCursor.default('0'), limit: z.coerce.number().int().min(1).max(500).default(100) }),
  response: z.object({ messages: z.array(ZExchangeFlowMessage), nextCursor: z.string() }),
});

export const postExchangeReceipts = defineEndpoint({
  method: 'POST', path: '/api/exchange/receipts', tags: ['exchange'], auth: false,
  summary: '（系统账户，签名）对收到的消息出具回执（已接收/已受理/拒收并说明理由），以本系统密钥签名',
  body: z.object({ receipts: z.array(ZExchangeReceipt).min(1).max(500) }),
  response: z.object({ recorded: z.number().int(), duplicates: z.number().int() }),
});

export const ZReceiptRecord = z.object({
  id: ZUuid,
  direction: z.enum(['inbound', 'outbound']),
  messageId: z.string(),
  eventId: z.string().nullable(),
  status: z.enum(RECEIPT_STATUSES),
  reason: z.string().nullable(),
  at: ZIsoDateTime,
  /** who signed: the receiving agency's system (outbound) or the platform (inbound) */
  signerAgencyId: ZUuid.nullable(),
  signerKeyId: z.string(),
  signedText: z.string(),
  signature: z.string(),
});

export const listExchangeReceipts = defineEndpoint({
  method: 'GET', path: '/api/exchange/receipts', tags: ['exchange'], auth: false,
  summary: '（系统账户，签名）本机构发出的消息所得回执，及平台对本系统推送的回执',
  query: z.object({ eventId: ZCursor.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
  response: z.object({ receipts: z.array(ZReceiptRecord) }),
});

export const listCaseExchangeReceipts = defineEndpoint({
  method: 'GET', path: '/api/cases/:id/exchange-receipts', tags: ['exchange'], auth: true,
  summary: '本案流转消息的回执（各机构业务系统签名的已接收/已受理/拒收）',
  params: z.object({ id: ZUuid }),
  response: z.object({ receipts: z.array(ZReceiptRecord.extend({ process: z.string(), action: z.string(), receiverAgencyId: ZUuid })) }),
});

export const getExchangeSchemas = defineEndpoint({
  method: 'GET', path: '/api/exchange/schemas', tags: ['exchange'], auth: false,
  summary: '交换报文的 JSON Schema（按版本）及平台验签公钥',
  response: z.object({ schemas: z.record(z.string(), z.unknown()), platformKey: z.object({ keyId: z.string(), publicKeyPem: z.string() }).nullable() }),
});

export const ZExchangeSystem = z.object({
  id: ZUuid,
  agencyId: ZUuid,
  userId: ZUuid,
  username: z.string(),
  name: z.string(),
  keyId: z.string(),
  webhookUrl: z.string().nullable(),
  webhookPaused: z.boolean(),
  disabled: z.boolean(),
  /** messages not yet delivered by webhook */
  backlog: z.number().int(),
  createdAt: ZIsoDateTime,
});

const ZWebhookUrl = z.string().max(500).regex(/^https?:\/\/[^\s]+$/, { message: '应为 http(s) 地址' });
const ZSystemRole = z.enum(['handler', 'approver', 'clerk']);

export const createExchangeSystem = defineEndpoint({
  method: 'POST', path: '/api/exchange/systems', tags: ['exchange'], auth: true, status: 201,
  summary: '登记本机构的业务系统账户（API 密钥只显示一次，SM2 公钥用于验签）',
  body: z.object({
    agencyId: ZUuid,
    username: z.string().min(3).max(64).regex(/^[a-z0-9._-]+$/, { message: '只能包含小写字母、数字和 ._-' }),
    name: z.string().min(1).max(100),
    roles: z.array(ZSystemRole).min(1).max(3),
    publicKeyPem: z.string().min(1).max(2000),
    webhookUrl: ZWebhookUrl.nullable().default(null),
  }),
  response: z.object({ system: ZExchangeSystem, apiKey: z.string() }),
});

export const listExchangeSystems = defineEndpoint({
  method: 'GET', path: '/api/exchange/systems', tags: ['exchange'], auth: true,
  summary: '业务系统账户及其待投递消息数',
  response: z.object({ items: z.array(ZExchangeSystem) }),
});

export const updateExchangeSystem = defineEndpoint({
  method: 'PATCH', path: '/api/exchange/systems/:id', tags: ['exchange'], auth: true,
  summary: '暂停/恢复向该系统推送（webhook），修改推送地址或停用账户',
  params: z.object({ id: ZUuid }),
  body: z.object({ webhookPaused: z.boolean().optional(), webhookUrl: ZWebhookUrl.nullable().optional(), disabled: z.boolean().optional() }),
  response: ZExchangeSystem,
});
