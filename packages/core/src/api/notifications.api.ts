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

export const notificationsApi = {
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
