import { notificationsApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { listNotifications } from './list-notifications';
import { markNotificationRead } from './mark-notification-read';
import { getNotificationPreferences, updateNotificationPreferences } from './notification-preferences';

export function notificationRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  route(app, api.listNotifications, async ({ query }, ctx) => listNotifications(db, ctx, query));
  route(app, api.markNotificationRead, async ({ params }, ctx) => markNotificationRead(db, ctx, params.id));
  route(app, api.getNotificationPreferences, async (_i, ctx) => getNotificationPreferences(db, ctx.actor.userId));
  route(app, api.updateNotificationPreferences, async ({ body }, ctx) => updateNotificationPreferences(db, ctx, body));
}
