/**
 * One change to a person's running custody period that the law ties to a fact date (CPL 149
 * pause/resume, CPL 160 ¶2 identification): gate, role, the fact date checked once (not in the
 * future, not before 案发时间), then one transaction that locks the person's running timer, lets
 * core decide, writes the new period with its explanation and the audit row (ledger entry).
 */
import { hasRole, type TAgencyType, type TAuditAction } from '@xietong/core';
import type { z } from 'zod';
import type { ZCustodyDeadline } from '@xietong/core/api';
import { checkFactDate, factDay, parseFactInstant, type TCustodyDeadline } from '@xietong/core/custody';
import type { TCalendar, TCivilDate } from '@xietong/core/deadlines';
import type { TDb } from '../db/database';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadCalendar } from '../deadlines/calendar-store';
import { todayInShanghai } from '../cases/get-case';
import { lockRunningTimer, toDeadline } from './apply-custody-effects';
import { custodyDeadlineView } from './custody-view';

export type TCustodyChange = {
  audit: TAuditAction;
  /** who may: the agency types handling a case (侦查 / 审查起诉 / 审判), handler or approver */
  agencyTypes: readonly TAgencyType[];
  forbiddenZh: string;
  /** the fact date as typed, its field and its name in Chinese */
  fact: { value: string; field: string; zh: string };
  articles: readonly string[];
  decide: (current: TCustodyDeadline & { pausedOn: TCivilDate | null }, day: TCivilDate, calendar: TCalendar) =>
    { ok: true; deadline: TCustodyDeadline } | { ok: false; reason: string; zh: string };
  /** the paused_on column after the change: keep, set to the fact day, or clear */
  paused: 'keep' | 'set' | 'clear';
  pauseReason?: string;
  details: Record<string, unknown>;
  /** a refusal that depends on the person (checked after access, so it tells nothing to whom the case is closed) */
  refuse?: (person: { resident_id: string | null }) => AppError | null;
};

export async function changeCustodyPeriod(
  db: TDb, ctx: TAuthedContext, caseId: string, personId: string, c: TCustodyChange,
): Promise<z.output<typeof ZCustodyDeadline>> {
  await assertCaseWritable(db, ctx, caseId, c.audit);
  const actor = ctx.actor;
  if (!c.agencyTypes.includes(actor.agencyType) || !hasRole(actor, 'handler', 'approver')) {
    await writeAudit(db, ctx, { action: c.audit, outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'role_or_agency', personId } });
    throw new AppError('FORBIDDEN', { message: c.forbiddenZh });
  }
  const person = await db.selectFrom('case_persons').select(['id', 'resident_id']).where('id', '=', personId).where('case_id', '=', caseId).executeTakeFirst();
  if (!person) throw new AppError('NOT_FOUND');
  const refused = c.refuse?.(person);
  if (refused) throw refused;
  const now = new Date();
  const kase = await db.selectFrom('cases').select('occurred_at').where('id', '=', caseId).executeTakeFirstOrThrow();
  const at = parseFactInstant(c.fact.value);
  const problem = at ? checkFactDate(at, { now, occurredAt: kase.occurred_at, fieldZh: c.fact.zh }) : { zh: `${c.fact.zh}格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm（北京时间）` };
  if (!at || problem) {
    const zh = problem!.zh.replace(new RegExp(`^${c.fact.zh}`), '');
    throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：${c.fact.zh}(body.${c.fact.field})${zh}`, details: { issues: [{ path: `body.${c.fact.field}`, message: zh }] } });
  }
  const day = factDay(at);
  const calendar = await loadCalendar(db);
  return db.transaction().execute(async (tx) => {
    const row = await lockRunningTimer(tx, caseId, personId);
    const r = row ? c.decide({ ...toDeadline(row), pausedOn: row.paused_on ? (String(row.paused_on) as TCivilDate) : null }, day, calendar) : null;
    if (!row || !r || !r.ok) {
      throw new AppError('PROCESS_GUARD_FAILED', {
        message: r && !r.ok ? r.zh : '该人员没有正在计算的羁押期限',
        details: { articles: c.articles, reason: r && !r.ok ? r.reason : 'no_custody' },
      });
    }
    const d = r.deadline;
    const updated = await tx.updateTable('person_custody_timers').set({
      kind: d.kind, zh: d.zh, article: d.article, started_on: d.startedOn, due: d.due, due_instant: new Date(d.dueInstant),
      extensions: JSON.stringify(d.extensions), explanation: JSON.stringify(d.explanation), updated_at: now, overdue_notified_at: null,
      ...(c.paused === 'set' ? { paused_on: day, pause_reason: c.pauseReason ?? null } : c.paused === 'clear' ? { paused_on: null, pause_reason: null } : {}),
    }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: c.audit, targetType: 'case', targetId: caseId, caseId,
      details: { personId, previousDue: row.due, due: d.due, factDay: day, articles: c.articles, ...c.details },
    });
    return custodyDeadlineView(updated, todayInShanghai());
  });
}
