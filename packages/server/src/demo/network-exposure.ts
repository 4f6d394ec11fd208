/**
 * Safe defaults before the platform listens. The demo seeds forty accounts, agency
 * administrators among them, with one published password: on a loopback address that is a
 * demo; on a network address it is an open door. So on a non-loopback address the platform
 * refuses to start while any demo account still has the published password, unless
 * XIETONG_ALLOW_DEMO_ON_NETWORK=1 (a training deployment): then every such account must
 * change its password at its first sign-in before it can do anything else.
 */
import net from 'node:net';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { verifyPassword } from '../auth/password';
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_PLATFORM_ADMINS, demoUsername } from './demo-agencies';

/** 127.0.0.0/8, ::1 and `localhost`: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

export function demoUsernames(): string[] {
  return [...DEMO_AGENCIES.flatMap((a) => a.roles.map((r) => demoUsername(a.key, r))), ...DEMO_PLATFORM_ADMINS.map((p) => p.username)];
}

/** Demo accounts whose password is still the published one (and that are not disabled). */
export async function demoAccountsWithPublishedPassword(db: TDb): Promise<{ id: string; username: string }[]> {
  const rows = await db.selectFrom('users').select(['id', 'username', 'password_hash']).where('username', 'in', demoUsernames()).where('disabled', '=', false).execute();
  const open: { id: string; username: string }[] = [];
  for (const r of rows) if (await verifyPassword(DEMO_PASSWORD, r.password_hash)) open.push({ id: r.id, username: r.username });
  return open;
}

export class DemoOnNetworkError extends Error {}

/** Throws DemoOnNetworkError (the platform does not start) or marks demo accounts for a forced password change. */
export async function checkNetworkExposure(db: TDb, config: { host: string; allowDemoOnNetwork: boolean }, log: (m: string) => void): Promise<void> {
  if (isLoopbackHost(config.host)) return;
  const open = await demoAccountsWithPublishedPassword(db);
  if (open.length === 0) return;
  if (!config.allowDemoOnNetwork) {
    throw new DemoOnNetworkError(
      `拒绝启动：HOST=${config.host} 对网络开放，而 ${open.length} 个演示账号（如 ${open[0]!.username}）仍使用公开的演示密码。` +
      `请仅在本机监听（不设 HOST 或 HOST=127.0.0.1），或停用/修改这些账号的密码；培训环境可设 XIETONG_ALLOW_DEMO_ON_NETWORK=1（演示账号首次登录须改密）。\n` +
      `Refusing to start: HOST=${config.host} is reachable from the network and ${open.length} demo accounts still have the published demo password.`,
    );
  }
  await db.updateTable('users').set({ must_change_password: true, updated_at: sql`now()` }).where('id', 'in', open.map((o) => o.id)).execute();
  log(`培训部署：${open.length} 个演示账号首次登录须修改密码 / training deployment: ${open.length} demo accounts must change their password at first sign-in`);
}
