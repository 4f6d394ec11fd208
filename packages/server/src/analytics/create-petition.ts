/**
 * 登记信访: the 政法委 supervisor registers a petition for a handling agency in its jurisdiction,
 * a handling agency's staff one it received itself (core `canWritePetition`). A linked case must
 * be readable by the caller; its first charge is taken when no charge is named. The row and its
 * audit row commit together.
 */
import { canSeePetition, canWritePetition } from '@xietong/core/analytics';
import type { ZCreatePetitionRequest } from '@xietong/core/api';
import type { z } from 'zod';
import type { TDb } from '../db/database';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { petitionRows, petitionView, type TPetitionView } from './petition-view';

export async function createPetition(db: TDb, ctx: TAuthedContext, body: z.output<typeof ZCreatePetitionRequest>): Promise<TPetitionView> {
  const agency = await db.selectFrom('agencies').select(['id', 'region_code']).where('id', '=', body.handlingAgencyId).executeTakeFirst();
  const place = agency ? { handlingAgencyId: agency.id, handlingRegionCode: agency.region_code } : null;
  if (!place || !canSeePetition(ctx.actor, place)) throw new AppError('NOT_FOUND', { message: '办理机关不存在或不在您的职权范围内' });
  if (!canWritePetition(ctx.actor, place)) throw new AppError('FORBIDDEN', { message: '当前角色不能登记信访（政法委监督员或办理机关的承办人、审批人、内勤可以登记）' });
  let chargeCode: string | null = body.chargeCode ?? null;
  if (body.caseId) {
    await assertCaseReadable(db, ctx, body.caseId);
    if (!chargeCode) {
      const c = await db.selectFrom('case_charges').select('charge_code').where('case_id', '=', body.caseId).orderBy('position').executeTakeFirst();
      chargeCode = c?.charge_code ?? null;
    }
  }
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('petitions').values({
      petitioner: body.petitioner, received_on: body.receivedOn, channel: body.channel, subject: body.subject, summary: body.summary,
      case_id: body.caseId ?? null, charge_code: chargeCode, handling_agency_id: body.handlingAgencyId, created_by: ctx.actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, { action: 'petition.created', targetType: 'petition', targetId: row.id, caseId: body.caseId ?? null, details: { handlingAgencyId: body.handlingAgencyId, chargeCode, subject: body.subject, channel: body.channel } });
    return row.id;
  });
  return petitionView(await petitionRows(db).where('p.id', '=', id).executeTakeFirstOrThrow());
}
