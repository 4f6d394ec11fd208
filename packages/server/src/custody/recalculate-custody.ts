/**
 * CPL 160: another major crime found during investigation — the investigating police agency
 * recalculates the person's 侦查羁押期限 from the discovery day (and files it with the
 * procuratorate, 程序规定 151, sec.). The same running timer restarts in place, with the
 * explanation of why; the discovery day is a fact date (not in the future, not before 案发时间).
 */
import { hasRole } from '@xietong/core';
import type { z } from 'zod';
import type { ZCustodyDeadline, ZRecalculateCustodyRequest } from '@xietong/core/api';
import { checkFactDate, factDay, parseFactInstant, recalculateInvestigativeCustody } from '@xietong/core/custody';
import type { TDb } from '../db/database';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadCalendar } from '../deadlines/calendar-store';
import { todayInShanghai } from '../cases/get-case';
import { lockRunningTimer, toDeadline } from './apply-custody-effects';
import { custodyDeadlineView } from './custody-view';

export async function recalculateCustody(
  db: TDb, ctx: TAuthedContext, caseId: string, personId: string, req: z.output<typeof ZRecalculateCustodyRequest>,
): Promise<z.output<typeof ZCustodyDeadline>> {
  await assertCaseWritable(db, ctx, caseId, 'custody.recalculated');
  const actor = ctx.actor;
  if (actor.agencyType !== 'police' || !hasRole(actor, 'handler', 'approver')) {
    await writeAudit(db, ctx, { action: 'custody.recalculated', outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'role_or_agency', personId } });
    throw new AppError('FORBIDDEN', { message: '只有侦查机关（公安机关）的承办人或审批人可以重新计算侦查羁押期限' });
  }
  const person = await db.selectFrom('case_persons').select('id').where('id', '=', personId).where('case_id', '=', caseId).executeTakeFirst();
  if (!person) throw new AppError('NOT_FOUND');
  const now = new Date();
  const c = await db.selectFrom('cases').select('occurred_at').where('id', '=', caseId).executeTakeFirstOrThrow();
  const at = parseFactInstant(req.discoveredAt);
  const problem = at ? checkFactDate(at, { now, occurredAt: c.occurred_at, fieldZh: '发现时间' }) : { zh: '格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm（北京时间）' };
  if (!at || problem) {
    const zh = problem!.zh.replace(/^发现时间/, '');
    throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：发现另有重要罪行的时间(body.discoveredAt)${zh}`, details: { issues: [{ path: 'body.discoveredAt', message: zh }] } });
  }
  const calendar = await loadCalendar(db);
  const view = await db.transaction().execute(async (tx) => {
    const row = await lockRunningTimer(tx, caseId, personId);
    const r = row ? recalculateInvestigativeCustody(toDeadline(row), factDay(at), calendar) : null;
    if (!row || !r || !r.ok) {
      throw new AppError('PROCESS_GUARD_FAILED', {
        message: r && !r.ok ? r.zh : '该人员没有正在计算的侦查羁押期限（CPL 160 仅适用于逮捕后的侦查羁押）',
        details: { articles: ['CPL 160'], reason: r && !r.ok ? r.reason : 'no_custody' },
      });
    }
    const d = r.deadline;
    const explanation = [...d.explanation, { code: 'CUSTODY_REASON', article: 'CPL 160', zh: `发现的其他重要罪行：${req.reason}`, en: 'Crime found (as recorded)' }];
    const updated = await tx.updateTable('person_custody_timers').set({
      kind: d.kind, zh: d.zh, article: d.article, started_on: d.startedOn, due: d.due, due_instant: new Date(d.dueInstant),
      extensions: JSON.stringify([]), explanation: JSON.stringify(explanation), updated_at: now,
    }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: 'custody.recalculated', targetType: 'case', targetId: caseId, caseId,
      details: { personId, previousDue: row.due, due: d.due, discoveredOn: d.startedOn, reason: req.reason },
    });
    return custodyDeadlineView(updated, todayInShanghai());
  });
  return view;
}
