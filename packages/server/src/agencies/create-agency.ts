import { isPlatformSystemAdministrator } from '@xietong/core';
import type { TAgency } from '@xietong/core/api';
import type { z } from 'zod';
import type { ZCreateAgencyRequest } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TRequestContext } from '../http/context';
import { toAgency } from './to-agency';

/** Create an agency in the tree (platform administrator, or a trusted local caller). */
export async function createAgency(db: TDb, ctx: TRequestContext, input: z.output<typeof ZCreateAgencyRequest>): Promise<TAgency> {
  if (ctx.actor && !isPlatformSystemAdministrator(ctx.actor)) throw new AppError('FORBIDDEN', { message: '只有平台系统管理员可以新建机构' });
  return db.transaction().execute(async (tx) => {
    if (input.parentId) {
      const parent = await tx.selectFrom('agencies').select('id').where('id', '=', input.parentId).executeTakeFirst();
      if (!parent) throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.parentId 上级机构不存在' });
    }
    const dup = await tx.selectFrom('agencies').select('id').where('name', '=', input.name).executeTakeFirst();
    if (dup) throw new AppError('ALREADY_EXISTS', { message: `机构 ${input.name} 已存在` });
    const row = await tx
      .insertInto('agencies')
      .values({
        parent_id: input.parentId, type: input.type, level: input.level, region_code: input.regionCode,
        name: input.name, short_name: input.shortName, unit_code: input.unitCode,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, { action: 'agency.created', targetType: 'agency', targetId: row.id, details: { name: row.name } });
    return toAgency(row);
  });
}
