/**
 * The register's rows as the API shows them (one statement: flow, case title, agencies, reason).
 */
import type { z } from 'zod';
import type { ZSingleTrackFlow } from '@xietong/core/api';
import { getProcess } from '@xietong/core/processes';
import type { ExpressionBuilder } from 'kysely';
import type { TDb, TTx } from '../db/database';
import type { DB } from '../db/schema';

export type TFlowView = z.output<typeof ZSingleTrackFlow>;

export function flowQuery(db: TDb | TTx) {
  return db.selectFrom('single_track_flows as f')
    .innerJoin('cases as c', 'c.id', 'f.case_id')
    .innerJoin('agencies as fa', 'fa.id', 'f.from_agency_id')
    .leftJoin('agencies as ta', 'ta.id', 'f.to_agency_id')
    .innerJoin('single_track_reasons as r', 'r.code', 'f.reason_code')
    .selectAll('f')
    .select(['c.title as case_title', 'fa.name as from_name', 'ta.name as to_name', 'r.zh as reason_zh', 'r.en as reason_en']);
}

type TRow = Awaited<ReturnType<ReturnType<typeof flowQuery>['execute']>>[number];

/** Flows the agency registered or received (its own paper traffic). */
export function ofAgency(agencyId: string) {
  return (eb: ExpressionBuilder<DB & { f: DB['single_track_flows'] }, 'f'>) => eb.or([eb('f.from_agency_id', '=', agencyId), eb('f.to_agency_id', '=', agencyId)]);
}

export function flowView(r: TRow, now: Date = new Date()): TFlowView {
  const t = getProcess(r.process)?.transitions.find((x) => x.action === r.action);
  return {
    id: r.id, caseId: r.case_id, caseTitle: r.case_title, instanceId: r.instance_id, process: r.process, action: r.action,
    actionLabel: t ? { zh: t.label.zh, en: t.label.en } : { zh: r.action, en: r.action },
    fromAgency: { id: r.from_agency_id, name: r.from_name },
    toAgency: r.to_agency_id ? { id: r.to_agency_id, name: r.to_name ?? '' } : null,
    occurredAt: r.occurred_at.toISOString(),
    reason: { code: r.reason_code, zh: r.reason_zh, en: r.reason_en }, reasonNote: r.reason_note, approvedBy: r.approved_by,
    registeredAt: r.registered_at.toISOString(), backfillDue: r.backfill_due.toISOString(),
    backfilledAt: r.backfilled_at ? r.backfilled_at.toISOString() : null, eventId: r.event_id === null ? null : String(r.event_id),
    scanDocumentIds: r.scan_document_ids, overdue: !r.backfilled_at && r.backfill_due.getTime() < now.getTime(),
    escalatedAt: r.escalated_at ? r.escalated_at.toISOString() : null,
  };
}

export async function loadFlow(db: TDb | TTx, id: string): Promise<TFlowView | null> {
  const r = await flowQuery(db).where('f.id', '=', id).executeTakeFirst();
  return r ? flowView(r) : null;
}
