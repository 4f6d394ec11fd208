/**
 * Mark one of the caller's notifications read. A notification the caller cannot see answers
 * 404 (the same as one that does not exist). A read mark is the user's own view state, not a
 * change to the case, so it writes no audit row or ledger entry.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

export async function markNotificationRead(db: TDb, ctx: TAuthedContext, id: string): Promise<{ ok: true }> {
  const r = await sql`
    INSERT INTO notification_reads (notification_id, user_id)
    SELECT n.id, ${ctx.actor.userId}::uuid FROM notifications n
     WHERE n.id = ${id}::uuid AND n.recipient_agency_id = ${ctx.actor.agencyId}::uuid
       AND (n.recipient_user_id IS NULL OR n.recipient_user_id = ${ctx.actor.userId}::uuid)
    ON CONFLICT DO NOTHING
    RETURNING 1 AS ok`.execute(db);
  if (r.rows.length === 0) {
    const already = await db.selectFrom('notification_reads').select('user_id').where('notification_id', '=', id).where('user_id', '=', ctx.actor.userId).executeTakeFirst();
    if (!already) throw new AppError('NOT_FOUND', { message: '该站内信不存在或不属于您' });
  }
  return { ok: true };
}
