/**
 * Generate, number and sign a legal document (法律文书) from a template and the case card:
 * access → template and data checks → one transaction through `issueLegalDocument` (the same
 * 文号 series and format as the documents process steps issue).
 */
import { hasRole } from '@xietong/core';
import { findLegalTemplate, missingTemplateData } from '@xietong/core/dossier';
import type { z } from 'zod';
import type { ZGenerateLegalDocumentRequest } from '@xietong/core/api';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadTemplateCaseData } from './case-data';
import { loadDocumentView } from './documents.repository';
import { issueLegalDocument, loadIssuingAgency } from './issue-legal-document';
import type { TDocumentDeps, TDocumentSignature, TDocumentView } from './types';

export async function generateLegalDocument(
  deps: TDocumentDeps, ctx: TAuthedContext, caseId: string, req: z.output<typeof ZGenerateLegalDocumentRequest>, now = new Date(),
): Promise<{ document: TDocumentView; signature: TDocumentSignature }> {
  const { db } = deps;
  await assertCaseWritable(db, ctx, caseId, 'document.generated');
  const template = findLegalTemplate(req.templateId);
  if (!template) throw new AppError('VALIDATION_FAILED', { message: `没有这个文书模板：${req.templateId}`, details: { templateId: req.templateId } });
  if (!template.issuers.includes(ctx.actor.agencyType) || !hasRole(ctx.actor, 'handler', 'approver', 'clerk')) {
    await writeAudit(db, ctx, { action: 'document.generated', outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'issuer', templateId: template.id } });
    throw new AppError('FORBIDDEN', { message: `${template.title.replace(/\s+/g, '')}不由本机关制作` });
  }
  const agency = await loadIssuingAgency(db, ctx.actor.agencyId);
  const data = { ...(await loadTemplateCaseData(db, caseId, agency, now)), ...req.fields };
  const missing = missingTemplateData(template, data);
  if (missing.length) {
    const zh = missing.map((k) => template.fields.find((f) => f.key === k)?.zh ?? k);
    throw new AppError('VALIDATION_FAILED', { message: `制作${template.title.replace(/\s+/g, '')}缺少：${zh.join('、')}`, details: { missing } });
  }
  const out = await db.transaction().execute((tx) =>
    issueLegalDocument(tx, ctx, { store: deps.store, dataDir: deps.settings.dataDir }, { caseId, agency, template, data, at: now, audit: { fields: Object.keys(req.fields) } }));
  return { document: await loadDocumentView(db, out.documentId), signature: out.signature };
}
