/**
 * 补录 (single-track.md §3.3): the scans of the paper documents (uploaded into the dossier) are
 * attached, and the step that happened on paper is replayed through the engine at its real
 * legal time: the event is appended with single_track = backfilled = true, `at` = the real
 * time and `entered_at` = now, so every statutory clock runs from the real event (CPL 105) while
 * no earlier event or ledger entry changes (全程留痕). The register row is closed in the same
 * transaction as the event.
 */
import type { z } from 'zod';
import type { ZBackfillSingleTrackFlow } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import type { TIssueDeps } from '../documents/issue-legal-document';
import { actOnProcess } from '../processes/act';
import { loadFlow, type TFlowView } from './flow-view';
import { assertPaperTime, paperStepOf } from './register-single-track-flow';

export async function backfillSingleTrackFlow(
  db: TDb, ctx: TAuthedContext, issue: TIssueDeps, flowId: string, req: z.output<typeof ZBackfillSingleTrackFlow>,
): Promise<TFlowView> {
  const flow = await db.selectFrom('single_track_flows').selectAll().where('id', '=', flowId).executeTakeFirst();
  if (!flow) throw new AppError('NOT_FOUND', { message: '该单轨例外登记不存在' });
  await assertCaseReadable(db, ctx, flow.case_id, 'single_track.backfilled');
  // the agency that acted on paper keys its own step
  if (flow.from_agency_id !== ctx.actor.agencyId) {
    await writeAudit(db, ctx, { action: 'single_track.backfilled', outcome: 'denied', targetType: 'single_track_flow', targetId: flowId, caseId: flow.case_id, details: { reason: 'not_registering_agency' } });
    throw new AppError('FORBIDDEN', { message: '只有登记该纸质流转的机构可以补录' });
  }
  if (flow.backfilled_at) throw new AppError('PROCESS_STATE_CONFLICT', { message: `该纸质流转已于 ${flow.backfilled_at.toISOString()} 补录，不能重复补录` });
  const { notBefore } = await paperStepOf(db, ctx, flow.instance_id, flow.action, 'single_track.backfilled');
  assertPaperTime(flow.occurred_at, notBefore, new Date());
  const scans = [...new Set(req.scanDocumentIds)];
  const found = await db.selectFrom('documents').select('id').where('id', 'in', scans).where('case_id', '=', flow.case_id).execute();
  const missing = scans.filter((id) => !found.some((d) => d.id === id));
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', { message: `请求内容不符合要求：body.scanDocumentIds 中有 ${missing.length} 份材料不属于该案件`, details: { issues: [{ path: 'body.scanDocumentIds', message: '不属于该案件' }], missing } });
  }
  await actOnProcess(db, ctx, flow.instance_id, {
    action: flow.action, input: req.input, documents: req.documents,
    ...(req.evidenceOverrideReason ? { evidenceOverrideReason: req.evidenceOverrideReason } : {}),
  } as Parameters<typeof actOnProcess>[3], issue, null, {
    occurredAt: flow.occurred_at,
    then: async (tx, eventId) => {
      // a second backfill racing this one finds the row closed (the flow row lock serialises them)
      const closed = await tx.updateTable('single_track_flows')
        .set({ backfilled_at: sql`now()`, backfilled_by: ctx.actor.userId, event_id: eventId, scan_document_ids: scans })
        .where('id', '=', flowId).where('backfilled_at', 'is', null).executeTakeFirst();
      if (Number(closed.numUpdatedRows) !== 1) throw new AppError('PROCESS_STATE_CONFLICT', { message: '该纸质流转已补录，不能重复补录' });
      await writeAudit(tx, ctx, {
        action: 'single_track.backfilled', targetType: 'single_track_flow', targetId: flowId, caseId: flow.case_id,
        details: { instanceId: flow.instance_id, action: flow.action, eventId, occurredAt: flow.occurred_at.toISOString(), scanDocumentIds: scans },
      });
    },
  });
  return (await loadFlow(db, flowId))!;
}
