/**
 * 证据指引 checks for a case: the checklist of its charges (core) against the documents tagged
 * to checklist items. Only documents in transferable volumes count: what stays in the 侦查工作卷
 * is not part of the send. The receiver sees the same checklist.
 *
 * `assertEvidenceComplete` is what the process engine calls before 提请批准逮捕 / 移送审查起诉.
 */
import { hasRole } from '@xietong/core';
import { isChargeCode, type TChargeCode } from '@xietong/core/charges';
import { volumeSpec, type TDossierVolumeKind } from '@xietong/core/dossier';
import { checkEvidence, evidenceChecklistFor, issuedDocumentTags, type TEvidenceCheck, type TEvidenceGuide, type TSendStage, type TTaggedItem } from '@xietong/core/evidence';
import { sql } from 'kysely';
import { assertCaseReadable } from '../access/gate';
import { refuseLawyer } from '../defence/lawyer-client';
import { writeAudit } from '../audit/write-audit';
import type { TDb, TTx } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

/** The case's charges. The one place that knows where they live (case_charges, migration 0003). */
export async function readCaseCharges(db: TDb | TTx, caseId: string): Promise<TChargeCode[]> {
  const rows = await db.selectFrom('case_charges').select('charge_code').where('case_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.charge_code).filter(isChargeCode);
}

export type TTagRow = TTaggedItem & { documentId: string | null };

export type TCaseEvidence = { charges: TChargeCode[]; guide: TEvidenceGuide; tags: TTagRow[]; check: TEvidenceCheck };

export type TEvidenceSourceRow = { item_id: string | null; doc_type: string | null; values: unknown; document_id: string | null; volume: string | null };

/**
 * What the case holds for its checklist: the material tagged to items, and the documents the
 * platform issued (by a process step, or generated from a template), which satisfy the items
 * accepting their type untagged — as a JSON array, so a send reads it inside the statement of its
 * platform facts (processes/facts.ts: no round trip of its own, issue 13).
 */
export function evidenceSourcesJson(caseId: string) {
  return sql<TEvidenceSourceRow[]>`(SELECT coalesce(json_agg(x ORDER BY x.at), '[]'::json) FROM (
    SELECT t.item_id, NULL AS doc_type, t.values, t.document_id, d.volume, t.tagged_at AS at
      FROM document_evidence_tags t JOIN documents d ON d.id = t.document_id WHERE t.case_id = ${caseId}
    UNION ALL SELECT NULL, pd.doc_type, NULL, pd.document_id, NULL, pd.issued_at FROM process_documents pd WHERE pd.case_id = ${caseId}
    UNION ALL SELECT NULL, d.doc_type, NULL, d.id, d.volume, d.created_at FROM documents d WHERE d.case_id = ${caseId} AND d.origin = 'generated') x)`;
}

/** The case's charges and evidence sources, read together with a send's platform facts. */
export type TPreloadedEvidence = { charges: readonly string[]; sources: readonly TEvidenceSourceRow[] };

/** Only transferable volumes count: the 侦查工作卷 is not sent. */
function splitSources(rows: readonly TEvidenceSourceRow[]): { tagged: TTagRow[]; issued: { docType: string; documentId: string | null }[] } {
  const sent = (r: TEvidenceSourceRow) => r.volume === null || volumeSpec(r.volume as TDossierVolumeKind).transferable;
  return {
    tagged: rows.filter((r) => r.item_id !== null && sent(r))
      .map((r) => ({ itemId: r.item_id!, values: (r.values ?? {}) as Record<string, number>, documentId: r.document_id })),
    issued: rows.filter((r) => r.doc_type !== null && sent(r)).map((r) => ({ docType: r.doc_type!, documentId: r.document_id })),
  };
}

export async function checkCaseEvidence(db: TDb | TTx, caseId: string, stage: TSendStage, preloaded?: TPreloadedEvidence): Promise<TCaseEvidence> {
  let loaded = preloaded;
  if (!loaded) {
    const { rows: [r] } = await sql<{ charges: string[]; sources: TEvidenceSourceRow[] }>`SELECT
      coalesce((SELECT json_agg(cc.charge_code ORDER BY cc.position) FROM case_charges cc WHERE cc.case_id = ${caseId}), '[]'::json) AS charges,
      ${evidenceSourcesJson(caseId)} AS sources`.execute(db);
    loaded = r!;
  }
  const charges = loaded.charges.filter(isChargeCode);
  const guide = evidenceChecklistFor(charges);
  const { tagged, issued } = splitSources(loaded.sources);
  const tags = [...tagged, ...issuedDocumentTags(guide, issued)];
  return { charges, guide, tags, check: checkEvidence(guide, tags, stage) };
}

export function summariseMissing(check: TEvidenceCheck) {
  return {
    missing: check.missing.map((i) => ({ id: i.id, zh: i.zh, evidenceType: i.evidenceType })),
    failedRules: check.failedRules.map((f) => ({
      itemId: f.itemId, field: f.rule.field, zh: f.rule.zh, op: f.rule.op, value: f.rule.value, actual: f.actual ?? null, reason: f.reason,
    })),
  };
}

/** GET /api/cases/:id/evidence-check: the checklist with what is present and what is missing. */
export async function evidenceCheckView(db: TDb, ctx: TAuthedContext, caseId: string, stage: TSendStage) {
  await assertCaseReadable(db, ctx, caseId, 'case.read');
  await refuseLawyer(db, ctx, caseId, 'case.read');
  const { charges, guide, tags, check } = await checkCaseEvidence(db, caseId, stage);
  await writeAudit(db, ctx, { action: 'case.read', targetType: 'case', targetId: caseId, caseId, details: { view: 'evidence_check', stage, complete: check.complete } });
  return {
    caseId, stage, charges, complete: check.complete, ...summariseMissing(check),
    items: guide.items.filter((i) => i.stages.includes(stage)).map((i) => {
      const docs = tags.filter((t) => t.itemId === i.id);
      const ids = docs.map((t) => t.documentId).filter((x): x is string => !!x);
      return { id: i.id, zh: i.zh, mandatory: i.mandatory, condition: i.condition ?? null, present: docs.length > 0, documentIds: [...new Set(ids)] };
    }),
    unknownItemIds: check.unknownItemIds,
  };
}

export type TEvidenceOverride = { reason: string };

/**
 * Before a send: missing mandatory items (or a failed rule such as BAC < 80 mg/100ml) block it
 * with EVIDENCE_INCOMPLETE, unless an approver overrides with a reason, which is audited
 * ('evidence.override') in the caller's transaction, so it commits with the send or not at all.
 */
export async function assertEvidenceComplete(
  tx: TTx, ctx: TAuthedContext, caseId: string, stage: TSendStage, override?: TEvidenceOverride,
  /** Where a refused override is audited so it survives the rolled-back send (as the gate does). */
  opts: { auditDb?: TDb; preloaded?: TPreloadedEvidence } = {},
): Promise<TEvidenceCheck> {
  const { check, guide } = await checkCaseEvidence(tx, caseId, stage, opts.preloaded);
  if (check.complete) return check;
  const summary = summariseMissing(check);
  if (!override) {
    throw new AppError('EVIDENCE_INCOMPLETE', {
      details: { stage, guide: guide.id, ...summary },
      message: `证据材料不完整，缺少：${[...summary.missing.map((m) => m.zh), ...summary.failedRules.map((f) => `${f.zh}（${f.reason === 'missing_value' ? '未录入数值' : `${f.actual}不符合要求`}）`)].join('、')}`,
    });
  }
  const reason = override.reason.trim();
  if (!hasRole(ctx.actor, 'approver')) {
    await writeAudit(opts.auditDb ?? tx, ctx, { action: 'evidence.override', outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { stage, reason: 'not_approver' } });
    throw new AppError('FORBIDDEN', { message: '证据不全时只有审批人可以强制发送' });
  }
  if (reason.length < 4) throw new AppError('VALIDATION_FAILED', { message: '强制发送须写明理由（至少4个字）' });
  await writeAudit(tx, ctx, {
    action: 'evidence.override', targetType: 'case', targetId: caseId, caseId,
    details: { stage, guide: guide.id, reason, ...summary },
  });
  return check;
}
