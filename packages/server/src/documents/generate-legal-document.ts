/**
 * Generate, number and sign a legal document (法律文书) from a template and the case card:
 * access → template and data checks → one transaction: 文号 from the agency's own series
 * (number_counters, no gaps or duplicates under races), the PDF, document + version +
 * signature + text rows, audit (generated + signed) and ledger entry.
 */
import { Readable } from 'node:stream';
import { hasRole } from '@xietong/core';
import { formatDocumentNumber } from '@xietong/core/cases';
import { findLegalTemplate, missingTemplateData, renderLegalTemplate } from '@xietong/core/dossier';
import type { z } from 'zod';
import type { ZGenerateLegalDocumentRequest } from '@xietong/core/api';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { nextInSeries, shanghaiParts } from '../cases/numbers';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadTemplateCaseData } from './case-data';
import { loadDocumentView } from './documents.repository';
import { renderLegalPdf } from './render-legal-pdf';
import { agencySigner, signerInfo, signVersion } from './sign-document';
import { insertDocument, insertVersion } from './store-version';
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
  const agency = await db.selectFrom('agencies').select(['id', 'name', 'short_name', 'type']).where('id', '=', ctx.actor.agencyId).executeTakeFirstOrThrow();
  const data = { ...(await loadTemplateCaseData(db, caseId, agency, now)), ...req.fields };
  const missing = missingTemplateData(template, data);
  if (missing.length) {
    const zh = missing.map((k) => template.fields.find((f) => f.key === k)?.zh ?? k);
    throw new AppError('VALIDATION_FAILED', { message: `制作${template.title.replace(/\s+/g, '')}缺少：${zh.join('、')}`, details: { missing } });
  }
  const rendered = renderLegalTemplate(template, data);
  const signer = agencySigner(deps.settings.dataDir, agency.id);
  const volume = template.volume[ctx.actor.agencyType] ?? 'general';

  const out = await db.transaction().execute(async (tx) => {
    const { year } = shanghaiParts(now);
    const seq = await nextInSeries(tx, agency.id, `wh-${template.id}`, year);
    const number = formatDocumentNumber(template.number, { org: data.org!, dept: template.number.dept, doc: template.number.doc, year, seq });
    const pdf = await renderLegalPdf({ agencyName: agency.name, number, doc: rendered, dateZh: data.date!, keyId: signer.keyId, info: signerInfo(agency.id, signer) });
    const blob = await deps.store.put(Readable.from([Buffer.from(pdf.bytes)]));
    const title = template.title.replace(/\s+/g, '');
    const documentId = await insertDocument(tx, ctx, { caseId, volume, docType: template.docType, title, origin: 'generated', number });
    const v = await insertVersion(tx, ctx, { documentId, caseId, blob, mediaType: 'application/pdf', fileName: `${title}_${number}.pdf`, pageCount: pdf.pages, supersedeReason: null });
    await tx.insertInto('document_texts').values({ version_id: v.id, case_id: caseId, content: pdf.text }).execute();
    const signature = await signVersion(tx, ctx, signer, { versionId: v.id, bytes: pdf.bytes, agencyName: agency.name });
    await writeAudit(tx, ctx, {
      action: 'document.generated', targetType: 'document', targetId: documentId, caseId,
      details: { templateId: template.id, number, versionId: v.id, sha256: blob.sha256, sm3: blob.sm3, fields: Object.keys(req.fields) },
    });
    await writeAudit(tx, ctx, {
      action: 'document.signed', targetType: 'document', targetId: documentId, caseId,
      details: { versionId: v.id, keyId: signer.keyId, digestSm3: signature.digestSm3, algorithm: signature.algorithm },
    });
    return { documentId, signature };
  });
  return { document: await loadDocumentView(db, out.documentId), signature: out.signature };
}
