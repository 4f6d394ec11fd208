/**
 * HTTP contract for 站内信: the notifications that reached the caller (addressed to the
 * caller or to every user of the caller's agency), newest first, and marking them read.
 */
import { z } from 'zod';
import { defineEndpoint, ZIsoDateTime, ZOk, ZPageQuery, ZUuid } from './contract';

export const ZNotification = z.object({
  id: ZUuid,
  /** alert | supervision | deadline | todo | petition | system … */
  kind: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  body: z.object({ zh: z.string(), en: z.string() }),
  /** a workbench path to open, e.g. /cases/<id> */
  link: z.string().nullable(),
  caseId: ZUuid.nullable(),
  createdAt: ZIsoDateTime,
  readAt: ZIsoDateTime.nullable(),
});

export const ZNotificationQuery = ZPageQuery.extend({
  unread: z.enum(['true', 'false']).optional().describe('true: only what the caller has not read'),
  kind: z.string().max(40).optional(),
});

/** What a user can choose to receive (kinds) and where (channels); 站内信 on by default, SMS and e-mail opt-in. */
export const NOTIFICATION_KINDS = ['todo', 'deadline', 'alert', 'supervision', 'system'] as const;
export const NOTIFICATION_CHANNELS = ['inbox', 'sms', 'email'] as const;
export const ZNotificationKind = z.enum(NOTIFICATION_KINDS);
export const ZNotificationChannel = z.enum(NOTIFICATION_CHANNELS);

export const ZNotificationPreferences = z.object({
  items: z.array(z.object({ kind: ZNotificationKind, channel: ZNotificationChannel, enabled: z.boolean() })),
  /** where SMS and e-mail go */
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const ZUpdateNotificationPreferences = z.strictObject({
  items: z.array(z.strictObject({ kind: ZNotificationKind, channel: ZNotificationChannel, enabled: z.boolean() })).max(NOTIFICATION_KINDS.length * NOTIFICATION_CHANNELS.length),
  phone: z.string().trim().regex(/^\+?[0-9]{6,15}$/, '手机号格式不正确').nullable().optional(),
  email: z.string().trim().max(200).pipe(z.email({ message: '电子邮箱格式不正确' })).nullable().optional(),
});

export const notificationsApi = {
  getNotificationPreferences: defineEndpoint({
    method: 'GET', path: '/api/me/notification-preferences', summary: '通知设置 What reaches the caller, by kind and channel', tags: ['notifications'], auth: true,
    response: ZNotificationPreferences,
  }),
  updateNotificationPreferences: defineEndpoint({
    method: 'PUT', path: '/api/me/notification-preferences', summary: '修改通知设置 Choose kinds and channels (站内信, SMS, e-mail)', tags: ['notifications'], auth: true,
    body: ZUpdateNotificationPreferences, response: ZNotificationPreferences,
  }),
  listNotifications: defineEndpoint({
    method: 'GET', path: '/api/notifications', summary: '站内信 In-app notifications of the caller, newest first', tags: ['notifications'], auth: true,
    query: ZNotificationQuery,
    response: z.object({ items: z.array(ZNotification), unread: z.number().describe('unread count, at most 1000') }),
  }),
  markNotificationRead: defineEndpoint({
    method: 'POST', path: '/api/notifications/:id/read', summary: '标记已读 Mark a notification read', tags: ['notifications'], auth: true,
    params: z.object({ id: ZUuid }), response: ZOk,
  }),
} as const;
