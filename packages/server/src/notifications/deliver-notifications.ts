/**
 * Send the pending SMS and e-mail deliveries (the outbox notify() writes). Each row is claimed
 * with FOR UPDATE SKIP LOCKED and leased (next_attempt_at moved on) in a short transaction, sent
 * outside it, then marked sent — or retried with backoff, and failed after the last attempt with
 * the provider's answer. Several nodes may run it; a node dying mid-send leaves the lease to
 * expire and another node sends again (at least once — providers de-duplicate by our id).
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import type { TChannelAdapters } from './channels';

const MAX_ATTEMPTS = 5;
const LEASE = '5 minutes';

export async function deliverNotifications(db: TDb, adapters: TChannelAdapters, opts: { batch?: number } = {}): Promise<{ sent: number; failed: number }> {
  const channels = (['sms', 'email'] as const).filter((c) => adapters[c]);
  if (channels.length === 0) return { sent: 0, failed: 0 };
  const claimed = await db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('notification_deliveries as d').innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.id', 'd.channel', 'd.address', 'd.attempts', 'n.title_zh', 'n.body_zh'])
      .where('d.status', '=', 'pending').where('d.channel', 'in', channels).where('d.next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('d.next_attempt_at').limit(opts.batch ?? 100).forUpdate('d').skipLocked().execute();
    if (rows.length) {
      await tx.updateTable('notification_deliveries').set({ attempts: sql`attempts + 1`, next_attempt_at: sql`now() + ${LEASE}::interval` })
        .where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows;
  });
  let sent = 0;
  let failed = 0;
  for (const d of claimed) {
    const adapter = adapters[d.channel as 'sms' | 'email']!;
    try {
      const ref = await adapter.send({ to: d.address ?? '', subject: d.title_zh, text: d.body_zh || d.title_zh });
      await db.updateTable('notification_deliveries').set({ status: 'sent', provider_ref: ref, delivered_at: sql`now()`, last_error: null }).where('id', '=', d.id).execute();
      sent++;
    } catch (e) {
      const last = d.attempts + 1 >= MAX_ATTEMPTS;
      // backoff: 1, 2, 4, 8 minutes
      await db.updateTable('notification_deliveries').set({
        status: last ? 'failed' : 'pending', last_error: String((e as Error).message ?? e).slice(0, 500),
        next_attempt_at: sql`now() + ${`${2 ** d.attempts} minutes`}::interval`,
      }).where('id', '=', d.id).execute();
      if (last) failed++;
    }
  }
  return { sent, failed };
}
