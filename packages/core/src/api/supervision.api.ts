/**
 * HTTP contract of 全程监督 (issue 14): the running statutory periods a 政法委 or procuratorate
 * supervisor watches, and the 督办 they send over one that ran out.
 */
import { z } from 'zod';
import { defineEndpoint, ZUuid } from './contract';
import { ZProcessInstance } from './processes.api';
import { ZAgencyRef } from './custody.api';

export const ZSupervisedDeadline = z.object({
  /** custody: a held person's period (person_custody_timers); process: a process's nearest running period */
  kind: z.enum(['custody', 'process']),
  /** the timer id (custody) or the instance id (process): what a 督办 names */
  id: ZUuid,
  caseId: ZUuid,
  caseTitle: z.string(),
  caseNumber: z.string().nullable(),
  process: z.string().nullable(),
  processName: z.string().nullable(),
  instanceId: ZUuid.nullable(),
  stateName: z.string().nullable(),
  personId: ZUuid.nullable(),
  personName: z.string().nullable(),
  deadlineName: z.string(),
  due: z.string(),
  /** whole days to the last day: 0 on it, negative once overdue */
  daysLeft: z.number(),
  status: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue']),
  inCustody: z.boolean(),
  /** the agency that must act now (process) or that handles the case at its stage (custody) */
  responsibleAgency: ZAgencyRef.nullable(),
  /** the last person of that agency who acted, when known */
  handler: z.object({ id: ZUuid, name: z.string() }).nullable(),
  /** an open 督办 on this period, if one was sent */
  openNoticeId: ZUuid.nullable(),
});

export const ZSupervisionQuery = z.object({
  status: z.enum(['all', 'dueSoon', 'overdue'], { message: 'status 应为 all、dueSoon（临期）或 overdue（超期）' }).default('all'),
  kind: z.enum(['custody', 'process'], { message: 'kind 应为 custody 或 process' }).optional(),
  agencyId: ZUuid.optional(),
  handlerId: ZUuid.optional(),
  process: z.string().max(64).optional(),
  /** the `next` of the previous page */
  after: z.string().regex(/^[01]_\d{4}-\d{2}-\d{2}_[0-9a-fA-F-]{36}$/, 'after 应为上一页返回的 next')
    // the date part goes to PostgreSQL as a date: 2026-99-99 would fail there (a 500), not here
    .refine((v) => z.iso.date().safeParse(v.slice(2, 12)).success, 'after 应为上一页返回的 next').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZSendNoticeRequest = z.strictObject({
  deadline: z.strictObject({ kind: z.enum(['custody', 'process'], { message: 'deadline.kind 应为 custody 或 process' }), id: ZUuid }),
  /** defaults to the agency responsible for the period */
  receiverAgencyId: ZUuid.optional(),
  /** 督办事项: what the agency must do and report */
  reason: z.string().trim().min(1, '请写明督办事项').max(2000),
});

export const supervisionApi = {
  listDeadlines: defineEndpoint({
    method: 'GET', path: '/api/supervision/deadlines', summary: '监督期限（临期/超期，羁押优先） Supervised deadlines', tags: ['supervision'], auth: true,
    query: ZSupervisionQuery,
    response: z.object({
      items: z.array(ZSupervisedDeadline),
      /** pass as `after` for the next page; null on the last */
      next: z.string().nullable(),
      counts: z.object({ overdue: z.number(), dueSoon: z.number(), custodyOverdue: z.number() }),
      countsCapped: z.boolean().describe('counts stop at 1000: the UI shows "1000+"'),
    }),
  }),
  sendNotice: defineEndpoint({
    method: 'POST', path: '/api/supervision/notices', summary: '督办 Send a supervision notice over an overdue period (P15)', tags: ['supervision'], auth: true, status: 201,
    body: ZSendNoticeRequest, response: ZProcessInstance,
  }),
} as const;
