import type { TActor, TAgencyLevel, TAgencyType, TRole } from '@xietong/core';
import type { TMe } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import { toAgency } from '../agencies/to-agency';

export async function loadMe(db: TDb, userId: string): Promise<{ me: TMe; actor: TActor }> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .selectAll('a')
    .select(['u.id as user_id', 'u.username', 'u.display_name', 'u.roles', 'u.platform_admin', 'u.must_change_password'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('AUTH_REQUIRED');
  const agency = toAgency(row);
  const roles = row.roles as TRole[];
  return {
    me: {
      id: row.user_id, username: row.username, displayName: row.display_name, roles,
      platformAdmin: row.platform_admin, agency, mustChangePassword: row.must_change_password,
    },
    actor: {
      userId: row.user_id, username: row.username, displayName: row.display_name, agencyId: row.id,
      agencyType: row.type as TAgencyType, agencyLevel: row.level as TAgencyLevel, regionCode: row.region_code,
      roles, platformAdmin: row.platform_admin,
    },
  };
}
