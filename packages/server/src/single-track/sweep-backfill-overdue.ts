/**
 * 补录超期督办: paper flows past their backfill deadline and not backfilled are escalated once —
 * a 站内信 to the registering agency and to its superior (the agency above it in the tree), and an
 * audit row. Rows are taken FOR UPDATE SKIP LOCKED and marked in the same transaction, so several
 * nodes running the sweep escalate each flow once.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { notify } from '../notifications/notify';

const SYSTEM = { actor: null, ip: null, userAgent: 'single-track-sweep' };

export async function sweepBackfillOverdue(db: TDb, opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 100;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await tx.selectFrom('single_track_flows as f')
        .innerJoin('agencies as a', 'a.id', 'f.from_agency_id').innerJoin('cases as c', 'c.id', 'f.case_id')
        .select(['f.id', 'f.case_id', 'f.from_agency_id', 'f.backfill_due', 'f.occurred_at', 'a.parent_id', 'a.name as agency_name', 'c.title'])
        .where('f.backfilled_at', 'is', null).where('f.escalated_at', 'is', null).where('f.backfill_due', '<=', now)
        .orderBy('f.backfill_due').limit(batch).forUpdate('f').skipLocked().execute();
      for (const f of due) {
        const title = { zh: `纸质流转补录已超期：${f.title}`, en: `Backfill of a paper flow is overdue: ${f.title}` };
        const body = {
          zh: `${f.agency_name}登记的纸质流转（实际发生于 ${f.occurred_at.toISOString()}）应于 ${f.backfill_due.toISOString()} 前补录，至今未补录。`,
          en: `A paper flow registered by ${f.agency_name} (happened ${f.occurred_at.toISOString()}) was due for backfill by ${f.backfill_due.toISOString()}.`,
        };
        for (const agencyId of [f.from_agency_id, f.parent_id].filter((x): x is string => !!x)) {
          await notify(tx, { agencyId, kind: 'alert', title, body, link: `/single-track`, caseId: f.case_id, source: { type: 'single_track_overdue', id: f.id } });
        }
        await writeAudit(tx, SYSTEM, {
          action: 'single_track.escalated', targetType: 'single_track_flow', targetId: f.id, caseId: f.case_id,
          details: { backfillDue: f.backfill_due.toISOString(), superiorAgencyId: f.parent_id },
        });
      }
      if (due.length) await tx.updateTable('single_track_flows').set({ escalated_at: sql`now()` }).where('id', 'in', due.map((f) => f.id)).execute();
      return due.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
