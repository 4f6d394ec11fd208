/**
 * 更新信访办理: status (已登记 → 办理中 → 已答复 → 已办结) and handling agency, by whoever may write
 * the petition (core `canWritePetition`), with optimistic concurrency on `version`. A petition the
 * caller cannot see is a 404; a new handling agency must lie within the caller's reach too.
 */
import { canSeePetition, canWritePetition } from '@xietong/core/analytics';
import type { ZUpdatePetitionRequest } from '@xietong/core/api';
import type { z } from 'zod';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { petitionRows, petitionView, type TPetitionView } from './petition-view';

export async function updatePetition(db: TDb, ctx: TAuthedContext, id: string, body: z.output<typeof ZUpdatePetitionRequest>): Promise<TPetitionView> {
  return db.transaction().execute(async (tx) => {
    const cur = await petitionRows(tx).where('p.id', '=', id).forUpdate('p').executeTakeFirst();
    const place = cur ? { handlingAgencyId: cur.handling_agency_id, handlingRegionCode: cur.handling_region } : null;
    if (!cur || !place || !canSeePetition(ctx.actor, place)) throw new AppError('NOT_FOUND');
    if (!canWritePetition(ctx.actor, place)) throw new AppError('FORBIDDEN', { message: '当前角色不能更新该信访的办理情况' });
    if (cur.version !== body.version) throw new AppError('CONFLICT', { details: { version: cur.version } });
    if (body.handlingAgencyId && body.handlingAgencyId !== cur.handling_agency_id) {
      const a = await tx.selectFrom('agencies').select(['id', 'region_code']).where('id', '=', body.handlingAgencyId).executeTakeFirst();
      if (!a || !canWritePetition(ctx.actor, { handlingAgencyId: a.id, handlingRegionCode: a.region_code })) {
        throw new AppError('NOT_FOUND', { message: '新的办理机关不存在或不在您的职权范围内' });
      }
    }
    await tx.updateTable('petitions').set({
      ...(body.status ? { status: body.status } : {}),
      ...(body.handlingAgencyId ? { handling_agency_id: body.handlingAgencyId } : {}),
      ...(body.summary !== undefined ? { summary: body.summary } : {}),
      version: cur.version + 1, updated_at: new Date(),
    }).where('id', '=', id).execute();
    await writeAudit(tx, ctx, {
      action: 'petition.updated', targetType: 'petition', targetId: id, caseId: cur.case_id,
      details: { from: { status: cur.status, handlingAgencyId: cur.handling_agency_id }, to: { status: body.status ?? cur.status, handlingAgencyId: body.handlingAgencyId ?? cur.handling_agency_id } },
    });
    return petitionView(await petitionRows(tx).where('p.id', '=', id).executeTakeFirstOrThrow());
  });
}
