/**
 * The overdue sweep (STYLE.md §2.8): running statutory timers whose deadline instant has
 * passed are taken in bounded batches, skipping those already handled; each gets one audit
 * row (超期告警) and a 站内信 to the agencies that must act (deadline-notices.ts), and is marked, so the alert fires once however many servers run the sweep
 * (FOR UPDATE SKIP LOCKED). The inbox shows overdue items from the same stored due date.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { notifyDeadline } from './deadline-notices';

const SYSTEM = { actor: null, ip: null, userAgent: 'overdue-sweep' };

export async function sweepOverdue(db: TDb, opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 200;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await tx.selectFrom('process_timers').select(['id', 'instance_id', 'case_id', 'timer_id', 'zh', 'due'])
        .where('status', '=', 'running').where('overdue_notified_at', 'is', null).where('due_instant', '<=', now)
        .orderBy('due_instant').limit(batch).forUpdate().skipLocked().execute();
      for (const t of due) {
        await writeAudit(tx, SYSTEM, {
          action: 'deadline.overdue', outcome: 'ok', targetType: 'process_timer', targetId: t.id, caseId: t.case_id,
          details: { timer: t.timer_id, name: t.zh, due: t.due, instanceId: t.instance_id },
        });
      }
      await notifyDeadline(tx, 'overdue', due);
      if (due.length) await tx.updateTable('process_timers').set({ overdue_notified_at: sql`now()` }).where('id', 'in', due.map((t) => t.id)).execute();
      return due.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
