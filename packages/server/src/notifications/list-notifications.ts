/**
 * 站内信 of the caller: addressed to the caller, or to every user of the caller's agency (of the
 * kinds the caller receives as 站内信, notification_preferences);
 * newest first, with the caller's own read mark. The unread badge counts at most 1,000.
 */
import type { z } from 'zod';
import type { ZNotification, ZNotificationQuery } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';

type TItem = z.output<typeof ZNotification>;

/** Addressed to the caller (or the caller's agency), of a kind the caller did not switch off for 站内信. */
function mine(ctx: TAuthedContext) {
  return sql<boolean>`n.recipient_agency_id = ${ctx.actor.agencyId} AND (n.recipient_user_id IS NULL OR n.recipient_user_id = ${ctx.actor.userId})
    AND NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = ${ctx.actor.userId} AND p.kind = n.kind AND p.channel = 'inbox' AND NOT p.enabled)`;
}

export async function listNotifications(db: TDb, ctx: TAuthedContext, q: z.output<typeof ZNotificationQuery>): Promise<{ items: TItem[]; unread: number }> {
  let page = db.selectFrom('notifications as n')
    .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', ctx.actor.userId))
    .select(['n.id', 'n.kind', 'n.title_zh', 'n.title_en', 'n.body_zh', 'n.body_en', 'n.link', 'n.case_id', 'n.created_at', 'r.read_at'])
    .where(mine(ctx))
    .orderBy('n.created_at', 'desc').orderBy('n.id', 'desc')
    .limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  if (q.unread === 'true') page = page.where('r.read_at', 'is', null);
  if (q.unread === 'false') page = page.where('r.read_at', 'is not', null);
  if (q.kind) page = page.where('n.kind', '=', q.kind);
  const unreadSource = db.selectFrom('notifications as n')
    .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', ctx.actor.userId))
    .select('n.id').where(mine(ctx)).where('r.read_at', 'is', null).limit(1000);
  const [rows, unread] = await Promise.all([
    page.execute(),
    db.selectFrom(unreadSource.as('u')).select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id, kind: r.kind, title: { zh: r.title_zh, en: r.title_en }, body: { zh: r.body_zh, en: r.body_en },
      link: r.link, caseId: r.case_id, createdAt: r.created_at.toISOString(), readAt: r.read_at ? r.read_at.toISOString() : null,
    })),
    unread: Number(unread.n),
  };
}
