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

export const deadlineApi = {
  calculate: defineEndpoint({
    method: 'POST', path: '/api/deadlines/calculate', summary: '期限计算 Deadline calculator (CPL 105)', tags: ['deadlines'], auth: true,
    body: ZCalculateDeadlineRequest, response: ZCalculateDeadlineResponse,
  }),
} as const;
