/**
 * HTTP contract for the shared case record (一家录入, 多家共享).
 */
import { z } from 'zod';
import { defineEndpoint, ZIsoDateTime, ZPageQuery, ZUuid } from './contract';

export const ZCaseParty = z.object({ agencyId: ZUuid, agencyName: z.string(), agencyType: z.string(), joinedAt: ZIsoDateTime });

export const ZCaseSummary = z.object({
  id: ZUuid,
  title: z.string(),
  regionCode: z.string(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  version: z.number(),
});

export const ZCaseDetail = ZCaseSummary.extend({
  summary: z.string(),
  createdByAgencyId: ZUuid,
  parties: z.array(ZCaseParty),
});

export const ZCreateCaseRequestBasic = z.strictObject({
  title: z.string().trim().min(2, '案件名称至少2个字').max(200, '案件名称过长'),
  summary: z.string().max(20000, '简要案情过长').default(''),
  classified: z.boolean().default(false),
});

export const caseApi = {
  listCases: defineEndpoint({
    method: 'GET', path: '/api/cases', summary: '案件列表 Cases', tags: ['cases'], auth: true,
    query: ZPageQuery.extend({ q: z.string().max(100).optional() }),
    response: z.object({ items: z.array(ZCaseSummary), total: z.number() }),
  }),
  getCase: defineEndpoint({
    method: 'GET', path: '/api/cases/:id', summary: '案件详情 Case', tags: ['cases'], auth: true,
    params: z.object({ id: ZUuid }), response: ZCaseDetail,
  }),
  createCase: defineEndpoint({
    method: 'POST', path: '/api/cases', summary: '新建案件 Create case', tags: ['cases'], auth: true, status: 201,
    body: ZCreateCaseRequestBasic, response: ZCaseDetail,
  }),
} as const;
