/**
 * 通知设置: each user chooses, per kind (待办, 期限, 告警 …) and channel (站内信, 短信, 邮件), what
 * reaches them, and gives the phone number and e-mail address SMS and e-mail go to. A missing row
 * is the default: 站内信 on, SMS and e-mail off. The change is the user's own setting, audited.
 */
import type { z } from 'zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type ZNotificationPreferences, type ZUpdateNotificationPreferences } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';

type TPrefs = z.output<typeof ZNotificationPreferences>;

export async function getNotificationPreferences(db: TDb | TTx, userId: string): Promise<TPrefs> {
  const [rows, user] = await Promise.all([
    db.selectFrom('notification_preferences').select(['kind', 'channel', 'enabled']).where('user_id', '=', userId).execute(),
    db.selectFrom('users').select(['phone', 'email']).where('id', '=', userId).executeTakeFirstOrThrow(),
  ]);
  const items = NOTIFICATION_KINDS.flatMap((kind) => NOTIFICATION_CHANNELS.map((channel) => ({
    kind, channel, enabled: rows.find((r) => r.kind === kind && r.channel === channel)?.enabled ?? channel === 'inbox',
  })));
  return { items, phone: user.phone, email: user.email };
}

export async function updateNotificationPreferences(db: TDb, ctx: TAuthedContext, body: z.output<typeof ZUpdateNotificationPreferences>): Promise<TPrefs> {
  const userId = ctx.actor.userId;
  return db.transaction().execute(async (tx) => {
    if (body.items.length) {
      await tx.insertInto('notification_preferences')
        .values(body.items.map((i) => ({ user_id: userId, kind: i.kind, channel: i.channel, enabled: i.enabled })))
        .onConflict((oc) => oc.columns(['user_id', 'kind', 'channel']).doUpdateSet({ enabled: sql`excluded.enabled`, updated_at: sql`now()` })).execute();
    }
    const contact: { phone?: string | null; email?: string | null } = {};
    if (body.phone !== undefined) contact.phone = body.phone;
    if (body.email !== undefined) contact.email = body.email;
    if (Object.keys(contact).length) await tx.updateTable('users').set(contact).where('id', '=', userId).execute();
    await writeAudit(tx, ctx, {
      action: 'notification.preferences_changed', targetType: 'user', targetId: userId,
      details: { items: body.items, phoneChanged: body.phone !== undefined, emailChanged: body.email !== undefined },
    });
    return getNotificationPreferences(tx, userId);
  });
}
