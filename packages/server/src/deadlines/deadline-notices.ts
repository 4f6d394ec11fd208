/**
 * 临期/超期 站内信 (issue 16): a statutory timer reaching its warning window (warn_days before the
 * last day) or passing its deadline notifies the agencies that must act on the instance (its open
 * 待办), once per timer and level — the notice's source is the timer row and the level, and the
 * timer row is marked in the same transaction (FOR UPDATE SKIP LOCKED: several nodes, one notice).
 */
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import { notify } from '../notifications/notify';

type TTimerRow = { id: string; instance_id: string; case_id: string; zh: string; due: string | Date };

const dayOf = (d: string | Date) => (typeof d === 'string' ? d : civilDateInShanghai(d.getTime()));

/** The agencies that act next on each instance (open 待办), else the initiator. */
async function recipients(tx: TTx, instanceIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!instanceIds.length) return out;
  const rows = await sql<{ instance_id: string; agency_id: string }>`
    SELECT DISTINCT i.id AS instance_id, coalesce(b.agency_id, i.initiator_agency_id) AS agency_id
      FROM process_instances i LEFT JOIN inbox_items b ON b.instance_id = i.id AND b.done_at IS NULL
     WHERE i.id = ANY(${instanceIds}::uuid[])`.execute(tx);
  for (const r of rows.rows) out.set(r.instance_id, [...(out.get(r.instance_id) ?? []), r.agency_id]);
  return out;
}

export async function notifyDeadline(tx: TTx, level: 'warn' | 'overdue', timers: TTimerRow[]): Promise<void> {
  const to = await recipients(tx, [...new Set(timers.map((t) => t.instance_id))]);
  for (const t of timers) {
    const due = dayOf(t.due);
    const title = level === 'warn'
      ? { zh: `期限临近：${t.zh}（${due} 届满）`, en: `Deadline near: ${t.zh} (ends ${due})` }
      : { zh: `期限已超：${t.zh}（${due} 届满）`, en: `Deadline passed: ${t.zh} (ended ${due})` };
    for (const agencyId of to.get(t.instance_id) ?? []) {
      await notify(tx, { agencyId, kind: 'deadline', title, link: `/cases/${t.case_id}`, caseId: t.case_id, source: { type: `timer_${level}`, id: t.id } });
    }
  }
}

/** 临期: running timers whose warning window opened (today ≥ last day − warn_days), not yet overdue. */
export async function sweepDeadlineWarnings(db: TDb, opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const today = civilDateInShanghai(now.getTime());
  const batch = opts.batch ?? 200;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const due = await tx.selectFrom('process_timers').select(['id', 'instance_id', 'case_id', 'zh', 'due'])
        .where('status', '=', 'running').where('warn_notified_at', 'is', null).where('due_instant', '>', now)
        .where(sql<boolean>`due - warn_days <= ${today}::date`)
        .orderBy('due').limit(batch).forUpdate().skipLocked().execute();
      await notifyDeadline(tx, 'warn', due);
      if (due.length) await tx.updateTable('process_timers').set({ warn_notified_at: sql`now()` }).where('id', 'in', due.map((t) => t.id)).execute();
      return due.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
