/**
 * 期限计算器: the deadline calculator officers use directly (CPL 105).
 */
import { z } from 'zod';
import { defineEndpoint } from './contract';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const ZCalculateDeadlineRequest = z.strictObject({
  start: ZDate,
  amount: z.number({ message: '期间长度应为数字' }).positive('期间长度应大于0').max(1000, '期间长度过大')
    .refine((n) => Number.isInteger(n * 2), '期间长度应为整数（月可为0.5的倍数）'),
  unit: z.enum(['day', 'month', 'hour'], { message: '单位应为 day、month 或 hour' }),
  inCustody: z.boolean({ message: 'inCustody 应为 true 或 false' }),
  /** Shanghai wall time of the event, required for hour periods (CPL 105: the starting hour is not counted). */
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm').optional(),
});

export const ZExplanationStep = z.object({
  code: z.string(), article: z.string(), zh: z.string(), en: z.string(), date: z.string().optional(),
});

export const ZCalculateDeadlineResponse = z.object({
  due: z.string(),
  dueInstant: z.string(),
  arithmeticDue: z.string(),
  calendarComplete: z.boolean(),
  explanation: z.array(ZExplanationStep),
});

export const ZCalendarOverride = z.object({
  date: ZDate,
  kind: z.enum(['holiday', 'workday'], { message: 'kind 应为 holiday（休息日）或 workday（调休上班）' }),
  note: z.string().max(200),
  coversYear: z.boolean(),
});

export const deadlineApi = {
  listCalendarOverrides: defineEndpoint({
    method: 'GET', path: '/api/calendar/overrides', summary: '节假日调整表 Holiday calendar overrides', tags: ['deadlines'], auth: true,
    response: z.object({ items: z.array(ZCalendarOverride), coveredYears: z.array(z.number()), source: z.string() }),
  }),
  putCalendarOverride: defineEndpoint({
    method: 'PUT', path: '/api/calendar/overrides', summary: '新增或修改节假日调整 Set a calendar override (platform admin)', tags: ['deadlines'], auth: true,
    body: z.strictObject({ date: ZDate, kind: ZCalendarOverride.shape.kind, note: z.string().max(200).default(''), coversYear: z.boolean().default(false) }),
    response: ZCalendarOverride,
  }),
  calculate: defineEndpoint({
    method: 'POST', path: '/api/deadlines/calculate', summary: '期限计算 Deadline calculator (CPL 105)', tags: ['deadlines'], auth: true,
    body: ZCalculateDeadlineRequest, response: ZCalculateDeadlineResponse,
  }),
} as const;
