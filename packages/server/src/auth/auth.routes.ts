import { describePasswordPolicy } from '@xietong/core/access';
import { foundationApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { changePassword } from './change-password';
import { loadMe } from './load-me';
import { login } from './login';
import { SESSION_COOKIE, deleteSession } from './sessions';
import { writeAudit } from '../audit/write-audit';

export function authRoutes(app: FastifyInstance): void {
  const { database, config, dbKind } = app.deps;
  const db = database.db;

  route(app, api.health, async () => {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { status: 'ok' as const, db: dbKind, version: config.version };
  });

  route(app, api.login, async ({ body }, ctx, req, reply) => {
    const { token, me } = await login(db, config, ctx, body);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'strict',
      secure: config.secureCookies || req.protocol === 'https',
      maxAge: config.sessionMaxHours * 3600,
    });
    return me;
  });

  route(app, api.logout, async (_i, ctx, req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    await writeAudit(db, ctx, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor.userId });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  route(app, api.passwordPolicy, async () => ({ ...config.passwordPolicy, ...describePasswordPolicy(config.passwordPolicy) }));

  route(app, api.me, async (_i, ctx) => (await loadMe(db, ctx.actor.userId)).me);

  route(app, api.changePassword, async ({ body }, ctx, req) => {
    await changePassword(db, app.deps.config, ctx, req.cookies[SESSION_COOKIE] ?? '', body);
    return { ok: true as const };
  });
}
