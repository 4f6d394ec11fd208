/**
 * 站内信: write a notification inside the caller's transaction, so it exists exactly when the
 * change that caused it committed. With `source` the same (source, recipient) is notified once
 * (a sweep that runs twice stays silent the second time); returns whether a row was written.
 *
 * Delivery (issue 16): in the same statement's wake, one delivery row per recipient user and
 * channel that user chose for this kind (notification_preferences; 站内信 on, SMS and e-mail off
 * unless chosen). 站内信 rows are delivered at once; SMS and e-mail rows are an outbox that
 * deliver-notifications.ts sends after commit, so a crash loses no message.
 */
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';

export type TNotice = {
  agencyId: string;
  /** only this user of the agency; omitted: every user of the agency */
  userId?: string | null;
  kind: string;
  title: { zh: string; en: string };
  body?: { zh: string; en: string };
  link?: string | null;
  caseId?: string | null;
  source?: { type: string; id: string } | null;
};

export async function notify(db: TDb | TTx, n: TNotice): Promise<boolean> {
  const r = await db.insertInto('notifications').values({
    recipient_agency_id: n.agencyId, recipient_user_id: n.userId ?? null, kind: n.kind,
    title_zh: n.title.zh, title_en: n.title.en, body_zh: n.body?.zh ?? '', body_en: n.body?.en ?? '',
    link: n.link ?? null, case_id: n.caseId ?? null, source_type: n.source?.type ?? null, source_id: n.source?.id ?? null,
  }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (!r) return false;
  await recordDeliveries(db, r.id, n);
  return true;
}

/** One row per (user, chosen channel); a channel without the user's address is recorded as failed. */
async function recordDeliveries(db: TDb | TTx, notificationId: string, n: TNotice): Promise<void> {
  await sql`
    INSERT INTO notification_deliveries (notification_id, user_id, channel, status, address, delivered_at, last_error)
    SELECT ${notificationId}::uuid, u.id, ch.channel,
           CASE WHEN ch.channel = 'inbox' THEN 'delivered' WHEN a.address IS NULL THEN 'failed' ELSE 'pending' END,
           a.address,
           CASE WHEN ch.channel = 'inbox' THEN now() END,
           CASE WHEN ch.channel <> 'inbox' AND a.address IS NULL THEN '未登记联系方式' END
      FROM users u
     CROSS JOIN (VALUES ('inbox'), ('sms'), ('email')) AS ch(channel)
     CROSS JOIN LATERAL (SELECT CASE ch.channel WHEN 'sms' THEN nullif(u.phone, '') WHEN 'email' THEN nullif(u.email, '') END AS address) a
      LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = ${n.kind} AND p.channel = ch.channel
     WHERE u.agency_id = ${n.agencyId}::uuid AND NOT u.disabled
       AND (${n.userId ?? null}::uuid IS NULL OR u.id = ${n.userId ?? null}::uuid)
       AND coalesce(p.enabled, ch.channel = 'inbox')
    ON CONFLICT DO NOTHING`.execute(db);
}
