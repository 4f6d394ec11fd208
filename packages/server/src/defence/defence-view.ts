/**
 * A defence request as the caller sees it. To the lawyer the match stays hidden until the
 * agency confirms (same answer for "no such case" and "not your client"): the case, the client
 * found and an agency the lawyer did not name appear only once confirmed.
 */
import type { z } from 'zod';
import type { ZDefenceRequest } from '@xietong/core/api';
import { maskResidentId, type TAgencyStage } from '@xietong/core/cases';
import { canSeeDefenceRequest, DEFENCE_END_REASONS, DEFENCE_KINDS, DEFENCE_STATUSES, fileReviewOpen, type TDefenceEndReason, type TDefenceKind, type TDefenceStatus } from '@xietong/core/defence';
import type { TDb, TTx } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { isLawyer } from './lawyer-client';

export type TDefenceRequestView = z.output<typeof ZDefenceRequest>;

export async function loadDefenceViews(db: TDb | TTx, ctx: TAuthedContext, where: { ids?: string[]; lawyerId?: string; agencyId?: string; status?: TDefenceStatus }): Promise<TDefenceRequestView[]> {
  let q = db.selectFrom('defence_requests as r')
    .innerJoin('agencies as f', 'f.id', 'r.lawfirm_id')
    .leftJoin('agencies as a', 'a.id', 'r.agency_id')
    .leftJoin('agencies as s', 's.id', 'r.assigned_by_agency')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .leftJoin('case_persons as p', 'p.id', 'r.person_id')
    .selectAll('r')
    .select(['f.name as lawfirm_name', 'a.name as agency_name', 's.name as assigned_name', 'c.title as case_title', 'c.stage as case_stage', 'p.name as person_name']);
  if (where.ids) q = q.where('r.id', 'in', where.ids.length ? where.ids : ['00000000-0000-0000-0000-000000000000']);
  if (where.lawyerId) q = q.where('r.lawyer_id', '=', where.lawyerId);
  if (where.agencyId) q = q.where('r.agency_id', '=', where.agencyId);
  if (where.status) q = q.where('r.status', '=', where.status);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(500).execute();
  const lawyerView = isLawyer(ctx);
  return rows.map((r) => {
    const status = r.status as TDefenceStatus;
    // the lawyer learns the match only from a confirmation (and keeps it after the end)
    const revealed = !lawyerView || status === 'confirmed' || status === 'ended';
    const agencyShown = revealed || (r.given_agency_id !== null && r.given_agency_id === r.agency_id);
    const endReason = r.end_reason as TDefenceEndReason | null;
    return {
      id: r.id, kind: r.kind as TDefenceKind, kindName: DEFENCE_KINDS[r.kind as TDefenceKind].zh, status, statusName: DEFENCE_STATUSES[status].zh,
      lawyer: { id: r.lawyer_id, name: r.lawyer_name, licenceNo: r.licence_no, lawfirm: { id: r.lawfirm_id, name: r.lawfirm_name } },
      assignedBy: r.assigned_by_agency ? { id: r.assigned_by_agency, name: r.assigned_name ?? '' } : null,
      clientName: r.client_name, clientResidentId: maskResidentId(r.client_resident_id), givenCaseNumber: r.given_case_number,
      agency: agencyShown && r.agency_id ? { id: r.agency_id, name: r.agency_name ?? '' } : null,
      caseId: revealed ? r.case_id : null, caseTitle: revealed ? r.case_title : null,
      person: revealed && r.person_id ? { id: r.person_id, name: r.person_name ?? '' } : null,
      mandate: r.mandate_sha256 ? { fileName: r.mandate_file_name, mediaType: r.mandate_media_type ?? '', size: Number(r.mandate_size) } : null,
      decidedAt: r.decided_at?.toISOString() ?? null, decisionReason: r.decision_reason,
      endedAt: r.ended_at?.toISOString() ?? null, endReason, endReasonName: endReason ? DEFENCE_END_REASONS[endReason].zh : null,
      createdAt: r.created_at.toISOString(),
      ...(lawyerView ? {} : { matched: r.person_id !== null }),
      fileReviewOpen: status === 'confirmed' && r.case_stage !== null && fileReviewOpen(r.case_stage as TAgencyStage),
    };
  });
}

export async function loadDefenceView(db: TDb | TTx, ctx: TAuthedContext, id: string): Promise<TDefenceRequestView> {
  const [v] = await loadDefenceViews(db, ctx, { ids: [id] });
  return v!;
}

/** The row, when the caller is its lawyer, its deciding agency or the 司法局 that assigned it; else null (→ 404). */
export async function loadOwnDefenceRequest(db: TDb | TTx, ctx: TAuthedContext, id: string) {
  const r = await db.selectFrom('defence_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return canSeeDefenceRequest(ctx.actor, { lawyerId: r.lawyer_id, agencyId: r.agency_id, assignedByAgency: r.assigned_by_agency }) ? r : null;
}
