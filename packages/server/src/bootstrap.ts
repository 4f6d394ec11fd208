/**
 * First start on an empty database: the platform root agency and the administrator
 * `admin`, with XIETONG_ADMIN_PASSWORD when set, otherwise a random password printed once.
 * Either way the first password is single-use: it has been in an environment variable or a
 * console log, so `admin` must change it at the first sign-in before doing anything else.
 */
import type { TDb } from './db/database';
import { generatePassword } from './auth/password';
import { createAgency } from './agencies/create-agency';
import { createUser } from './users/create-user';

export const ROOT_AGENCY_NAME = '协同平台管理中心';

/** The platform's own agency (协同平台管理中心), where the platform administrators (三员) belong. */
export async function ensureRootAgency(db: TDb): Promise<{ id: string }> {
  return (await db.selectFrom('agencies').select('id').where('name', '=', ROOT_AGENCY_NAME).executeTakeFirst()) ??
    createAgency(db, { actor: null, ip: null, userAgent: 'xietong bootstrap' }, {
      parentId: null, type: 'plc', level: 'province', regionCode: '220000', name: ROOT_AGENCY_NAME, shortName: '平台', unitCode: '000000',
    });
}

export async function ensureAdmin(db: TDb, adminPassword: string | null, log: (m: string) => void): Promise<void> {
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (admin) return;
  const sys = { actor: null, ip: null, userAgent: 'xietong bootstrap' };
  const root = await ensureRootAgency(db);
  const password = adminPassword ?? generatePassword();
  await createUser(db, sys, {
    username: 'admin', displayName: '平台管理员', agencyId: root.id, roles: ['admin'], password,
    platformAdmin: true, mustChangePassword: true,
  });
  if (!adminPassword) {
    log(`\n  平台管理员 admin 已创建，初始密码（仅显示一次）/ administrator created, initial password (shown once):\n    admin / ${password}\n`);
  } else log('platform administrator admin created from XIETONG_ADMIN_PASSWORD');
}
