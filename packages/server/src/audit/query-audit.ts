/**
 * The audit administrator (审计管理员) and supervisors (政法委/检察监督) query the trail by case,
 * user, agency and time: a platform audit administrator every row, an agency's audit
 * administrator their agency's, a supervisor the agencies of their jurisdiction. A system
 * administrator may not (三员 separation). The query itself is audited.
 */
import { auditReach, canReadAudit } from '@xietong/core';
import type { z } from 'zod';
import type { ZAuditQuery, ZAuditRow } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { writeAudit } from './write-audit';

export async function queryAudit(
  db: TDb, ctx: TAuthedContext, q: z.output<typeof ZAuditQuery>,
): Promise<{ items: z.output<typeof ZAuditRow>[]; total: number }> {
  const actor = ctx.actor;
  if (!canReadAudit(actor)) {
    await writeAudit(db, ctx, { action: 'audit.queried', outcome: 'denied' });
    throw new AppError('FORBIDDEN');
  }
  let query = db.selectFrom('audit_log as l');
  const reach = auditReach(actor);
  if (reach.kind === 'jurisdiction') {
    query = query.where('l.agency_id', 'in', db.selectFrom('agencies').select('id').where('region_code', 'like', `${reach.regionPrefix}%`));
  } else if (reach.kind !== 'all') {
    query = query.where('l.agency_id', '=', reach.kind === 'agency' ? reach.agencyId : actor.agencyId);
  }
  if (q.caseId) query = query.where('l.case_id', '=', q.caseId);
  if (q.userId) query = query.where('l.user_id', '=', q.userId);
  if (q.agencyId) query = query.where('l.agency_id', '=', q.agencyId);
  if (q.action) query = query.where('l.action', '=', q.action);
  if (q.outcome) query = query.where('l.outcome', '=', q.outcome);
  if (q.from) query = query.where('l.at', '>=', new Date(q.from));
  if (q.to) query = query.where('l.at', '<', new Date(q.to));
  const [rows, count] = await Promise.all([
    query.selectAll('l').orderBy('l.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await writeAudit(db, ctx, { action: 'audit.queried', details: { filter: { ...q } } });
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), userId: r.user_id, username: r.username, displayName: r.display_name,
      agencyId: r.agency_id, agencyName: r.agency_name, roles: r.roles, action: r.action, targetType: r.target_type,
      targetId: r.target_id, caseId: r.case_id, outcome: r.outcome as 'ok' | 'denied' | 'failed', ip: r.ip,
      userAgent: r.user_agent, details: r.details,
    })),
  };
}
