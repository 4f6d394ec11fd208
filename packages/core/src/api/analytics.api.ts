/**
 * HTTP contract for data analysis (数据分析, issue 14): whole-chain statistics with the cases
 * behind each figure and their export, surge alerts, and the petition register (涉法涉诉信访).
 */
import { z } from 'zod';
import { MILESTONE_CODES, PETITION_CHANNELS, PETITION_STATUSES, PETITION_SUBJECTS, STAGE_CODES, type TMilestone, type TPetitionChannel, type TPetitionStatus, type TPetitionSubject, type TStage } from '../analytics';
import { ZChargeCode } from '../charges';
import { defineEndpoint, ZIsoDateTime, ZPageQuery, ZUuid } from './contract';

const ZDay = z.iso.date({ message: '日期格式应为YYYY-MM-DD' });
const ZMilestone = z.enum(MILESTONE_CODES as [TMilestone, ...TMilestone[]], { error: '统计指标无效' });
const ZStage = z.enum(STAGE_CODES as [TStage, ...TStage[]], { error: '办案阶段无效' });

/** Period, region (a GB/T 2260 code: 220000 the province, 220100 the city, 220104 a district) and agency. */
export const ZChainStatsQuery = z.strictObject({
  from: ZDay.optional().describe('first day (Asia/Shanghai); default: a year before `to`'),
  to: ZDay.optional().describe('last day; default: today'),
  region: z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字').optional(),
  agencyId: ZUuid.optional(),
});

const ZNamed = { zh: z.string(), en: z.string() };

export const ZChainStats = z.object({
  from: z.string(), to: z.string(), region: z.string().nullable(), agencyId: z.string().nullable(),
  /** the seed's table shape: per agency, cases reaching its milestones in the period */
  table: z.array(z.object({ agencyId: ZUuid, agencyName: z.string(), agencyType: z.string(), milestone: ZMilestone, name: z.object(ZNamed), count: z.number() })),
  /** 立案 → 判决 → 交付执行 */
  funnel: z.array(z.object({ milestone: ZMilestone, name: z.object(ZNamed), count: z.number() })),
  /** days per stage, nearest-rank median and p90, overall (agencyId null) and per agency */
  stages: z.array(z.object({
    stage: ZStage, name: z.object(ZNamed), agencyId: ZUuid.nullable(), agencyName: z.string().nullable(),
    cases: z.number(), medianDays: z.number().nullable(), p90Days: z.number().nullable(),
  })),
  rates: z.array(z.object({ rate: z.string(), name: z.object(ZNamed), part: z.number(), whole: z.number(), value: z.number().nullable(), partMilestones: z.array(ZMilestone) })),
  /** flows recorded on paper first (单轨流转) among the milestones reached in the period */
  singleTrack: z.object({ singleTrack: z.number(), total: z.number(), rate: z.number().nullable() }),
  /** every milestone's total, for the chart */
  milestones: z.array(z.object({ milestone: ZMilestone, name: z.object(ZNamed), count: z.number(), singleTrack: z.number() })),
});

export const ZChainCasesQuery = ZChainStatsQuery.extend({
  milestone: ZMilestone,
  /** only the figure of this agency (a row of the table) */
  figureAgencyId: ZUuid.optional(),
  singleTrack: z.enum(['true']).optional(),
  page: ZPageQuery.shape.page,
  pageSize: ZPageQuery.shape.pageSize,
});

export const ZChainCase = z.object({
  caseId: ZUuid, title: z.string(), number: z.string().nullable(), at: ZIsoDateTime, agencyName: z.string(), singleTrack: z.boolean(),
});

export const ZChainExportQuery = ZChainStatsQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

// --- surge alerts ---------------------------------------------------------------
export const ZSurgeAlert = z.object({
  id: ZUuid,
  /** cases: new cases per charge; petitions: petitions per charge (a 督办 suggestion) */
  scope: z.enum(['cases', 'petitions']),
  charge: z.string(), chargeName: z.string(),
  regionCode: z.string(), regionName: z.string(),
  periodFrom: z.string(), periodTo: z.string(),
  observed: z.number(), expected: z.number(),
  /** the weeks before and including the alert period, for the chart */
  series: z.array(z.object({ from: z.string(), observed: z.number(), expected: z.number().nullable() })),
  method: z.string().describe('e.g. CUSUM k=0.75 h=4.5 over 12 weeks'),
  routedTo: z.array(z.object({ agencyId: ZUuid, agencyName: z.string() })),
  createdAt: ZIsoDateTime,
});

// --- petitions -------------------------------------------------------------------
const ZChannel = z.enum(Object.keys(PETITION_CHANNELS) as [TPetitionChannel, ...TPetitionChannel[]], { error: '信访渠道无效' });
const ZSubject = z.enum(Object.keys(PETITION_SUBJECTS) as [TPetitionSubject, ...TPetitionSubject[]], { error: '信访事项类别无效' });
const ZStatus = z.enum(Object.keys(PETITION_STATUSES) as [TPetitionStatus, ...TPetitionStatus[]], { error: '办理状态无效' });

export const ZCreatePetitionRequest = z.strictObject({
  petitioner: z.string().trim().min(1, '请填写信访人').max(100),
  receivedOn: ZDay,
  channel: ZChannel,
  subject: ZSubject,
  summary: z.string().trim().max(2000).default(''),
  caseId: ZUuid.optional(),
  chargeCode: ZChargeCode.optional(),
  handlingAgencyId: ZUuid,
});

export const ZUpdatePetitionRequest = z.strictObject({
  status: ZStatus.optional(),
  handlingAgencyId: ZUuid.optional(),
  summary: z.string().trim().max(2000).optional(),
  version: z.number().int().min(1),
});

export const ZPetition = z.object({
  id: ZUuid, petitioner: z.string(), receivedOn: z.string(), channel: ZChannel, subject: ZSubject, summary: z.string(),
  caseId: ZUuid.nullable(), caseTitle: z.string().nullable(), chargeCode: z.string().nullable(), chargeName: z.string().nullable(),
  status: ZStatus, handlingAgencyId: ZUuid, handlingAgencyName: z.string(), version: z.number(), createdAt: ZIsoDateTime,
});

export const ZPetitionQuery = ZPageQuery.extend({
  status: ZStatus.optional(),
  chargeCode: ZChargeCode.optional(),
  subject: ZSubject.optional(),
});

export const ZPetitionTrends = z.object({
  periodDays: z.number(),
  periods: z.array(z.object({ from: z.string(), to: z.string() })),
  byCharge: z.array(z.object({ chargeCode: z.string(), chargeName: z.string(), counts: z.array(z.number()), rising: z.boolean() })),
  bySubject: z.array(z.object({ subject: ZSubject, name: z.string(), counts: z.array(z.number()) })),
});

export const analyticsApi = {
  chainStats: defineEndpoint({
    method: 'GET', path: '/api/stats/chain', summary: '全链条统计 Whole-chain statistics (table shape, funnel, stage times, rates)', tags: ['stats'], auth: true,
    query: ZChainStatsQuery, response: ZChainStats,
  }),
  chainCases: defineEndpoint({
    method: 'GET', path: '/api/stats/chain/cases', summary: '统计数据对应案件 The cases behind a figure (only those the caller may read)', tags: ['stats'], auth: true,
    query: ZChainCasesQuery, response: z.object({ items: z.array(ZChainCase), total: z.number(), totalCapped: z.boolean() }),
  }),
  exportChainStats: defineEndpoint({
    method: 'GET', path: '/api/stats/chain/export', summary: '导出全链条统计 Export whole-chain statistics (CSV or XLSX)', tags: ['stats'], auth: true,
    query: ZChainExportQuery, response: z.any().describe('binary content'),
  }),
  listAlerts: defineEndpoint({
    method: 'GET', path: '/api/analytics/alerts', summary: '激增预警 Surge alerts visible to the caller', tags: ['analytics'], auth: true,
    query: ZPageQuery.extend({ charge: ZChargeCode.optional() }), response: z.object({ items: z.array(ZSurgeAlert) }),
  }),
  createPetition: defineEndpoint({
    method: 'POST', path: '/api/petitions', summary: '登记信访 Register a petition', tags: ['petitions'], auth: true, status: 201,
    body: ZCreatePetitionRequest, response: ZPetition,
  }),
  listPetitions: defineEndpoint({
    method: 'GET', path: '/api/petitions', summary: '信访列表 Petitions visible to the caller', tags: ['petitions'], auth: true,
    query: ZPetitionQuery, response: z.object({ items: z.array(ZPetition), total: z.number() }),
  }),
  updatePetition: defineEndpoint({
    method: 'PATCH', path: '/api/petitions/:id', summary: '更新信访办理 Update a petition (status, handling agency)', tags: ['petitions'], auth: true,
    params: z.object({ id: ZUuid }), body: ZUpdatePetitionRequest, response: ZPetition,
  }),
  petitionTrends: defineEndpoint({
    method: 'GET', path: '/api/petitions/trends', summary: '信访趋势 Petition trends by charge and subject', tags: ['petitions'], auth: true,
    query: z.strictObject({ periods: z.coerce.number().int().min(4).max(104).default(16) }), response: ZPetitionTrends,
  }),
} as const;
