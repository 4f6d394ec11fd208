/**
 * HTTP contract for the shared case record (一家录入, 多家共享).
 */
import { z } from 'zod';
import { ZAgencyStage, ZClassification, ZCreateCaseRequest } from '../cases';
import { ZChargeCode } from '../charges';
import { defineEndpoint, ZIsoDateTime, ZPageQuery, ZUuid } from './contract';
import { ZAgencyRef, ZCustodyDeadline } from './custody.api';

export { ZCreateCaseRequest };

export const ZCaseParty = z.object({ agencyId: ZUuid, agencyName: z.string(), agencyType: z.string(), joinedAt: ZIsoDateTime });

export const ZCaseNumbers = z.object({
  police: z.string().nullable(),
  procuratorate: z.string().nullable(),
  court: z.string().nullable(),
});

export const ZCaseSummary = z.object({
  id: ZUuid,
  title: z.string(),
  /** 密级 (公开/内部/秘密/机密/绝密) */
  classification: ZClassification,
  regionCode: z.string(),
  stage: z.string(),
  stageName: z.string(),
  charges: z.array(z.object({ code: z.string(), name: z.string() })),
  persons: z.array(z.string()),
  numbers: ZCaseNumbers,
  occurredAt: ZIsoDateTime,
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  version: z.number(),
  /** the nearest running statutory deadline visible to the caller, if any */
  nextDeadline: z.object({ zh: z.string(), due: z.string(), status: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue']) }).nullable(),
  /** each person held in custody with their running custody deadline (CPL 91, 156, 172 …), shown beside the name */
  custody: z.array(z.object({ personId: ZUuid, name: z.string(), zh: z.string(), due: z.string(), status: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue']) })),
});

export const ZMeasure = z.object({
  id: ZUuid,
  measure: z.string(),
  measureName: z.string(),
  startedAt: ZIsoDateTime,
  endedAt: ZIsoDateTime.nullable(),
  custodial: z.boolean(),
  /** legal maximum (e.g. 取保候审 12 months, CPL 79; 拘留 10 / 14 / 37 days, CPL 91), when the measure has one of its own */
  legalMaxDue: z.string().nullable(),
  article: z.string().nullable(),
  /** why it ended (逮捕, 释放, 变更…) */
  endReason: z.string().nullable(),
  detentionCentre: ZAgencyRef.nullable(),
});

export const ZPerson = z.object({
  id: ZUuid,
  name: z.string(),
  title: z.string(),
  /** masked (220104********123X) everywhere but the person endpoint, whose read is audited */
  residentId: z.string().nullable(),
  sex: z.string(),
  birthDate: z.string().nullable(),
  custodyStatus: z.string(),
  inCustody: z.boolean(),
  /** current measure code (free, detention, arrest, bail, residential_surveillance, released) */
  currentMeasure: z.string(),
  /** the running custody (or 取保候审/监视居住) deadline with its explanation */
  custodyDeadline: ZCustodyDeadline.nullable(),
  measures: z.array(ZMeasure),
});

export const ZCaseDetail = ZCaseSummary.extend({
  summary: z.string(),
  createdByAgencyId: ZUuid,
  parties: z.array(ZCaseParty),
  persons: z.array(z.string()),
  people: z.array(ZPerson),
});

export const ZCaseListQuery = ZPageQuery.extend({
  q: z.string().max(100).optional(),
  charge: ZChargeCode.optional(),
  stage: ZAgencyStage.optional(),
  agencyId: ZUuid.optional(),
  from: z.iso.date({ message: '日期格式应为YYYY-MM-DD' }).optional(),
  to: z.iso.date({ message: '日期格式应为YYYY-MM-DD' }).optional(),
  deadline: z.enum(['dueSoon', 'overdue']).optional(),
  /** 'deadline': the nearest running statutory deadline first (cases without one last); the workbench's default. */
  sort: z.enum(['updated', 'deadline']).default('updated'),
});

export const caseApi = {
  listCases: defineEndpoint({
    method: 'GET', path: '/api/cases', summary: '案件列表 Cases (search by number, name, ID number, charge, stage, agency, date, deadline)', tags: ['cases'], auth: true,
    query: ZCaseListQuery,
    response: z.object({ items: z.array(ZCaseSummary), total: z.number(), totalCapped: z.boolean().describe('total stops at 1000: the UI shows "1000+"') }),
  }),
  getCase: defineEndpoint({
    method: 'GET', path: '/api/cases/:id', summary: '案件详情 Case', tags: ['cases'], auth: true,
    params: z.object({ id: ZUuid }), response: ZCaseDetail,
  }),
  getCasePerson: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/persons/:personId', summary: '当事人详情（完整身份证号，查看留痕）Person with full ID number (audited)', tags: ['cases'], auth: true,
    params: z.object({ id: ZUuid, personId: ZUuid }), response: ZPerson,
  }),
  createCase: defineEndpoint({
    method: 'POST', path: '/api/cases', summary: '新建案件 Create case', tags: ['cases'], auth: true, status: 201,
    body: ZCreateCaseRequest.strict(), response: ZCaseDetail,
  }),
} as const;
