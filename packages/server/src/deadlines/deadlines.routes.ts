import { deadlineApi as api } from '@xietong/core/api';
import { calculateDeadline, civilDate, isCivilDate } from '@xietong/core/deadlines';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { clearCalendarCache, loadCalendar } from './calendar-store';
import { writeAudit } from '../audit/write-audit';

/** Years the calculator answers for: the 1979 Criminal Procedure Law onwards, and a century ahead (1000 months at most). */
const CALCULATOR_YEARS = { from: 1979, to: 2100 } as const;

export function deadlineRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listCalendarOverrides, async () => {
    const rows = await db.selectFrom('calendar_overrides').selectAll().orderBy('date').execute();
    const cal = await loadCalendar(db);
    return { items: rows.map((r) => ({ date: r.date, kind: r.kind as 'holiday' | 'workday', note: r.note, coversYear: r.covers_year })), coveredYears: [...cal.coveredYears].sort(), source: cal.source };
  });
  // Each year's State Council notice (节假日安排) is entered here; deadlines use it at once.
  route(app, api.putCalendarOverride, async ({ body }, ctx) => {
    if (!ctx.actor.platformAdmin || !ctx.actor.roles.includes('admin')) throw new AppError('FORBIDDEN');
    if (!isCivilDate(body.date)) throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.date 不是有效日期' });
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('calendar_overrides').values({ date: body.date, kind: body.kind, note: body.note, covers_year: body.coversYear })
        .onConflict((oc) => oc.column('date').doUpdateSet({ kind: body.kind, note: body.note, covers_year: body.coversYear })).execute();
      await writeAudit(tx, ctx, { action: 'calendar.changed', targetType: 'calendar', targetId: body.date, details: { ...body } });
    });
    clearCalendarCache(db);
    return body;
  });
  route(app, api.calculate, async ({ body }) => {
    if (!isCivilDate(body.start)) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.start 不是有效日期', details: { issues: [{ path: 'body.start', message: '不是有效日期' }] } });
    }
    if (body.unit !== 'month' && !Number.isInteger(body.amount)) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.amount 以日或小时计的期间应为整数', details: { issues: [{ path: 'body.amount', message: '应为整数' }] } });
    }
    if (body.unit === 'hour' && !body.startTime) {
      throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.startTime 以小时计的期间须给出起算时刻（HH:mm）', details: { issues: [{ path: 'body.startTime', message: '必填' }] } });
    }
    const year = Number(body.start.slice(0, 4));
    if (year < CALCULATOR_YEARS.from || year > CALCULATOR_YEARS.to) {
      throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：body.start 应在 ${CALCULATOR_YEARS.from} 至 ${CALCULATOR_YEARS.to} 年之间`, details: { issues: [{ path: 'body.start', message: '超出可计算的年份' }] } });
    }
    const r = calculateDeadline({ start: civilDate(body.start), amount: body.amount, unit: body.unit, inCustody: body.inCustody, calendar: await loadCalendar(db), ...(body.startTime ? { startTime: body.startTime } : {}) });
    return { due: r.due, dueInstant: r.dueInstant, arithmeticDue: r.arithmeticDue, calendarComplete: r.calendarComplete, explanation: r.explanation };
  });
}
