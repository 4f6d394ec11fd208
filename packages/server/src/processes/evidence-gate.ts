/**
 * 证据指引 at the door: before 提请批准逮捕 and 移送审查起诉 leave the police, the case's
 * evidence is checked against the guide for its charges. Missing mandatory items refuse the
 * send (EVIDENCE_INCOMPLETE) unless an approver overrides with a recorded reason.
 */
import type { TSendStage } from '@xietong/core/evidence';
import type { TDb, TTx } from '../db/database';
import { assertEvidenceComplete, type TPreloadedEvidence } from '../dossier/evidence-check';
import type { TAuthedContext } from '../http/route';

/** (process, action) → the send stage whose checklist applies. */
const GATED: Record<string, Record<string, TSendStage>> = {
  arrest: { submit: 'arrest_request', resubmit: 'arrest_request' },
  prosecution_transfer: { submit: 'prosecution_transfer', resubmit: 'prosecution_transfer', resubmit_after_supplementary: 'prosecution_transfer' },
};

/** The checklist stage a send must satisfy, if it is gated (shown on the process card before sending). */
export function sendStageOf(process: string, action: string): TSendStage | undefined {
  return GATED[process]?.[action];
}

export async function checkSendEvidence(
  tx: TTx, db: TDb, ctx: TAuthedContext,
  a: { caseId: string; process: string; action: string; overrideReason: string | undefined; preloaded?: TPreloadedEvidence | undefined },
): Promise<void> {
  const stage = sendStageOf(a.process, a.action);
  if (!stage) return;
  await assertEvidenceComplete(tx, ctx, a.caseId, stage, a.overrideReason ? { reason: a.overrideReason } : undefined, { auditDb: db, ...(a.preloaded ? { preloaded: a.preloaded } : {}) });
}
