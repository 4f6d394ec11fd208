/**
 * 待办 站内信: each new 待办 (inbox item) becomes a notice for its agency, written by a sweep
 * rather than in the transition (the write path keeps its round-trip budget). Items are claimed
 * FOR UPDATE SKIP LOCKED and marked in the same transaction; a 待办 already done is not announced;
 * the items one step opens for one agency (one per side) make one notice.
 */
import { getProcess } from '@xietong/core/processes';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { notify } from './notify';

export async function sweepTodoNotices(db: TDb, opts: { batch?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 200;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const items = await tx.selectFrom('inbox_items as b').innerJoin('process_instances as i', 'i.id', 'b.instance_id').innerJoin('cases as c', 'c.id', 'b.case_id')
        .select(['b.id', 'b.agency_id', 'b.case_id', 'b.instance_id', 'b.event_id', 'i.code', 'i.state', 'c.title'])
        .where('b.notified_at', 'is', null).where('b.done_at', 'is', null)
        .orderBy('b.created_at').limit(batch).forUpdate('b').skipLocked().execute();
      for (const b of items) {
        const def = getProcess(b.code);
        const name = def?.name ?? { zh: b.code, en: b.code };
        const state = def?.states[b.state];
        await notify(tx, {
          agencyId: b.agency_id, kind: 'todo', caseId: b.case_id, link: `/cases/${b.case_id}`, source: { type: 'todo', id: `${b.instance_id}:${b.event_id ?? b.id}` },
          title: { zh: `新待办：${name.zh} · ${b.title}`, en: `New to-do: ${name.en} · ${b.title}` },
          body: { zh: state ? `当前环节：${state.zh}` : '', en: state ? `Step: ${state.en}` : '' },
        });
      }
      if (items.length) await tx.updateTable('inbox_items').set({ notified_at: sql`now()` }).where('id', 'in', items.map((b) => b.id)).execute();
      return items.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
