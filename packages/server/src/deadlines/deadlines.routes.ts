import { deadlineApi as api } from '@xietong/core/api';
import { calculateDeadline, civilDate, isCivilDate } from '@xietong/core/deadlines';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { loadCalendar } from './calendar-store';

export function deadlineRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.calculate, async ({ body }) => {
    if (!isCivilDate(body.start)) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.start 不是有效日期', details: { issues: [{ path: 'body.start', message: '不是有效日期' }] } });
    }
    if (body.unit !== 'month' && !Number.isInteger(body.amount)) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.amount 以日或小时计的期间应为整数', details: { issues: [{ path: 'body.amount', message: '应为整数' }] } });
    }
    const r = calculateDeadline({ start: civilDate(body.start), amount: body.amount, unit: body.unit, inCustody: body.inCustody, calendar: await loadCalendar(db) });
    return { due: r.due, dueInstant: r.dueInstant, arithmeticDue: r.arithmeticDue, calendarComplete: r.calendarComplete, explanation: r.explanation };
  });
}
