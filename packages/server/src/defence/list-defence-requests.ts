/**
 * 辩护申请列表: a lawyer sees their own requests; an agency the requests addressed to it (and a
 * 司法局 the legal-aid assignments it made); nobody else sees any.
 */
import type { TDefenceStatus } from '@xietong/core/defence';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { loadDefenceViews, type TDefenceRequestView } from './defence-view';
import { isLawyer } from './lawyer-client';

export async function listDefenceRequests(db: TDb, ctx: TAuthedContext, status?: TDefenceStatus): Promise<{ items: TDefenceRequestView[] }> {
  if (isLawyer(ctx)) return { items: await loadDefenceViews(db, ctx, { lawyerId: ctx.actor.userId, ...(status ? { status } : {}) }) };
  const [addressed, assigned] = await Promise.all([
    loadDefenceViews(db, ctx, { agencyId: ctx.actor.agencyId, ...(status ? { status } : {}) }),
    ctx.actor.agencyType === 'justice'
      ? db.selectFrom('defence_requests').select('id').where('assigned_by_agency', '=', ctx.actor.agencyId).execute()
        .then((rows) => loadDefenceViews(db, ctx, { ids: rows.map((r) => r.id), ...(status ? { status } : {}) }))
      : Promise.resolve([]),
  ]);
  const seen = new Set(addressed.map((r) => r.id));
  return { items: [...addressed, ...assigned.filter((r) => !seen.has(r.id))] };
}
