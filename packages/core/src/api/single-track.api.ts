/**
 * HTTP contract for 单轨流转 exceptions (issue 16): the sanctioned reasons for paper-only flow
 * (data, editable by an administrator), the backfill deadline setting, registering a flow that
 * happened on paper (单轨例外登记) with its real legal event time, backfilling it (补录: scans +
 * the missed transition replayed through the engine, appended, never rewriting), and the
 * reconciliation report (对账: not yet backfilled, cases keyed twice).
 */
import { z } from 'zod';
import { defineEndpoint, ZIsoDateTime, ZUuid } from './contract';

export const ZSingleTrackReason = z.object({
  code: z.number().int(),
  zh: z.string(),
  en: z.string(),
  evidence: z.string(),
  active: z.boolean(),
});

export const ZUpdateSingleTrackReason = z.strictObject({
  zh: z.string().trim().min(1, '请填写原因名称').max(100),
  en: z.string().trim().min(1, 'name required').max(200),
  evidence: z.string().max(200).optional(),
  active: z.boolean(),
});

export const ZSingleTrackSettings = z.object({
  /** 补录期限: days after the registration (the pilot's value is unverified: data, not code) */
  backfillDays: z.number().int().min(1).max(60),
});

export const ZSingleTrackFlow = z.object({
  id: ZUuid,
  caseId: ZUuid,
  caseTitle: z.string(),
  instanceId: ZUuid,
  process: z.string(),
  action: z.string(),
  actionLabel: z.object({ zh: z.string(), en: z.string() }),
  fromAgency: z.object({ id: ZUuid, name: z.string() }),
  toAgency: z.object({ id: ZUuid, name: z.string() }).nullable(),
  /** the real legal event time on paper: statutory clocks run from it */
  occurredAt: ZIsoDateTime,
  reason: z.object({ code: z.number().int(), zh: z.string(), en: z.string() }),
  reasonNote: z.string(),
  approvedBy: z.string(),
  registeredAt: ZIsoDateTime,
  backfillDue: ZIsoDateTime,
  /** null until 补录 */
  backfilledAt: ZIsoDateTime.nullable(),
  eventId: z.string().nullable(),
  scanDocumentIds: z.array(ZUuid),
  overdue: z.boolean(),
  escalatedAt: ZIsoDateTime.nullable(),
});

const ZInstant = z.string().trim().max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), '应为带时区的时间，例如 2026-11-20T09:30:00+08:00');

export const ZRegisterSingleTrackFlow = z.strictObject({
  instanceId: ZUuid,
  /** the step that happened on paper (an action of the instance's process) */
  action: z.string().trim().min(1).max(80),
  occurredAt: ZInstant.describe('the real legal event time (受理/送达/执行) with its offset'),
  reasonCode: z.number().int().min(1).max(99),
  reasonNote: z.string().trim().max(500).default(''),
  approvedBy: z.string().trim().min(1, '请填写批准人').max(100),
  toAgencyId: ZUuid.optional(),
});

export const ZBackfillSingleTrackFlow = z.strictObject({
  /** the step's input, as the online action would take it */
  input: z.record(z.string().max(80), z.unknown()).default({}),
  /** documents attached to the step (template ids), as the online action would take them */
  documents: z.array(z.string().max(80)).max(20).default([]),
  /** the scans of the paper documents, uploaded into the dossier first */
  scanDocumentIds: z.array(ZUuid).min(1, '请先上传纸质文书的扫描件').max(50),
  evidenceOverrideReason: z.string().trim().min(1).max(500).optional(),
});

export const ZFlowListQuery = z.object({
  status: z.enum(['open', 'backfilled', 'all']).default('all'),
});

export const ZDuplicateCases = z.object({
  /** resident_charge: same 身份证号 + charge + registering agency; number: same agency case number */
  key: z.enum(['resident_charge', 'number']),
  value: z.string(),
  agency: z.object({ id: ZUuid, name: z.string() }),
  cases: z.array(z.object({ id: ZUuid, title: z.string(), createdAt: ZIsoDateTime })),
});

export const singleTrackApi = {
  listSingleTrackReasons: defineEndpoint({
    method: 'GET', path: '/api/single-track/reasons', summary: '单轨例外原因 Sanctioned reasons for paper-only flow', tags: ['single-track'], auth: true,
    response: z.object({ items: z.array(ZSingleTrackReason) }),
  }),
  updateSingleTrackReason: defineEndpoint({
    method: 'PUT', path: '/api/single-track/reasons/:code', summary: '修改单轨例外原因 Edit a sanctioned reason (administrator)', tags: ['single-track'], auth: true,
    params: z.object({ code: z.coerce.number().int().min(1).max(99) }), body: ZUpdateSingleTrackReason, response: ZSingleTrackReason,
  }),
  getSingleTrackSettings: defineEndpoint({
    method: 'GET', path: '/api/single-track/settings', summary: '补录期限设置 Backfill deadline', tags: ['single-track'], auth: true,
    response: ZSingleTrackSettings,
  }),
  updateSingleTrackSettings: defineEndpoint({
    method: 'PUT', path: '/api/single-track/settings', summary: '修改补录期限 Set the backfill deadline (administrator)', tags: ['single-track'], auth: true,
    body: ZSingleTrackSettings.strict(), response: ZSingleTrackSettings,
  }),
  registerSingleTrackFlow: defineEndpoint({
    method: 'POST', path: '/api/single-track/flows', summary: '单轨例外登记 Register a flow that happened on paper', tags: ['single-track'], auth: true, status: 201,
    body: ZRegisterSingleTrackFlow, response: ZSingleTrackFlow,
  }),
  listSingleTrackFlows: defineEndpoint({
    method: 'GET', path: '/api/single-track/flows', summary: '单轨例外登记列表 Paper flows of the caller\'s agency', tags: ['single-track'], auth: true,
    query: ZFlowListQuery, response: z.object({ items: z.array(ZSingleTrackFlow) }),
  }),
  backfillSingleTrackFlow: defineEndpoint({
    method: 'POST', path: '/api/single-track/flows/:id/backfill', summary: '补录 Backfill: scans + the missed transition replayed at its real time', tags: ['single-track'], auth: true,
    params: z.object({ id: ZUuid }), body: ZBackfillSingleTrackFlow, response: ZSingleTrackFlow,
  }),
  singleTrackReconciliation: defineEndpoint({
    method: 'GET', path: '/api/single-track/reconciliation', summary: '线上线下对账 Reconciliation: not backfilled, cases keyed twice', tags: ['single-track'], auth: true,
    response: z.object({ notBackfilled: z.array(ZSingleTrackFlow), duplicates: z.array(ZDuplicateCases) }),
  }),
} as const;
