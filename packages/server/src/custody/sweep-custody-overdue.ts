/**
 * 超期羁押 alert: a person's running custody (or 取保候审/监视居住) timer past its deadline
 * instant gets one audit row, once however many servers sweep (FOR UPDATE SKIP LOCKED), like
 * the process timers' sweep (deadlines/overdue-sweep.ts). Holding a person past the custody
 * limit is unlawful (CPL 98–99): the alert names the person, the period and its article.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';

const SYSTEM = { actor: null, ip: null, userAgent: 'custody-overdue-sweep' };

export async function sweepCustodyOverdue(db: TDb, opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 200;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await tx.selectFrom('person_custody_timers').select(['id', 'person_id', 'case_id', 'kind', 'zh', 'article', 'due', 'in_custody'])
        .where('status', '=', 'running').where('overdue_notified_at', 'is', null).where('due_instant', '<=', now)
        .orderBy('due_instant').limit(batch).forUpdate().skipLocked().execute();
      for (const t of due) {
        await writeAudit(tx, SYSTEM, {
          action: 'deadline.overdue', outcome: 'ok', targetType: 'person_custody_timer', targetId: t.id, caseId: t.case_id,
          details: { personId: t.person_id, period: t.kind, name: t.zh, article: t.article, due: t.due, inCustody: t.in_custody },
        });
      }
      if (due.length) await tx.updateTable('person_custody_timers').set({ overdue_notified_at: sql`now()` }).where('id', 'in', due.map((t) => t.id)).execute();
      return due.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
