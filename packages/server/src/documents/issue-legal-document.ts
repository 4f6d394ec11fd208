/**
 * The one way a 法律文书 is issued, by a process step or from a template by hand: inside the
 * caller's transaction, its 文号 `<机关简称><业务字>〔year〕N号` from the agency × 字 × year series
 * (number_counters: the row lock holds until commit, so numbers follow commit order and a
 * rolled-back issue gives its number back — no gaps, no duplicates), the PDF rendered from its
 * template, the document + version + text rows in the issuing agency's volume, the SM2
 * signature, and the audit rows (generated + signed). A UNIQUE index on (agency, number)
 * refuses any second document under one number.
 */
import { agencyByIdOrThrow } from '../agencies/agency-cache';
import { Readable } from 'node:stream';
import type { TAgencyType } from '@xietong/core';
import {
  documentNumberAgency, documentWord, formatIssuedNumber, renderLegalTemplate, volumesForAgencyType,
  type TDossierVolumeKind, type TLegalTemplate, type TLegalTemplateData,
} from '@xietong/core/dossier';
import type { TDb, TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { nextInSeries, shanghaiParts } from '../cases/numbers';
import type { TAuthedContext } from '../http/route';
import type { TBlobStore } from './blob-store';
import { createBlobStore } from './create-blob-store';
import { formatPrintReference, textSm3 } from './print-reference';
import { documentSettings } from './settings';
import { agencySigner, signerInfo, signVersion } from './sign-document';
import { insertDocument, insertVersion } from './store-version';
import type { TDocumentSignature } from './types';

export type TIssuingAgency = { id: string; name: string; short_name: string; type: string; document_number_org: string | null };

/** Where the blob goes and where the agency keys live. */
export type TIssueDeps = { store: TBlobStore; dataDir: string };

export function issueDepsFor(dataDir: string): TIssueDeps {
  const settings = documentSettings(dataDir);
  return { store: createBlobStore(settings), dataDir: settings.dataDir };
}

export type TIssued = { number: string; documentId: string; versionId: string; signature: TDocumentSignature };

export async function loadIssuingAgency(db: TDb | TTx, agencyId: string): Promise<TIssuingAgency> {
  return agencyByIdOrThrow(db, agencyId);
}

/** The agency's 文号: its next number in the series of the document type's 字. */
export async function allocateDocumentNumber(tx: TTx, agency: TIssuingAgency, docType: string, at: Date): Promise<string> {
  const override = await tx.selectFrom('document_words').select('word').where('agency_id', '=', agency.id).where('doc_type', '=', docType).executeTakeFirst();
  const word = documentWord(docType, override ? { [docType]: override.word } : {});
  const { year } = shanghaiParts(at);
  const seq = await nextInSeries(tx, agency.id, `word:${word}`, year);
  const org = agency.document_number_org ?? documentNumberAgency(agency.short_name, agency.name, agency.type as TAgencyType);
  return formatIssuedNumber({ org, word, year, seq });
}

/** The volume a document is filed in: the template's choice, else the agency's 诉讼文书卷 / first volume. */
export function issuingVolume(template: TLegalTemplate, agencyType: TAgencyType): TDossierVolumeKind {
  return template.volume[agencyType] ?? (agencyType === 'police' ? 'litigation_documents' : volumesForAgencyType(agencyType)[0]!);
}

export async function issueLegalDocument(
  tx: TTx, ctx: TAuthedContext, deps: TIssueDeps,
  o: { caseId: string; agency: TIssuingAgency; template: TLegalTemplate; data: TLegalTemplateData; at: Date; audit?: Record<string, unknown> },
): Promise<TIssued> {
  const { agency, template } = o;
  const rendered = renderLegalTemplate(template, o.data);
  const number = await allocateDocumentNumber(tx, agency, template.docType, o.at);
  const signer = agencySigner(deps.dataDir, agency.id);
  // pdf-lib and fontkit load on first use, not at start (issue #12: restart time)
  const { renderLegalPdf } = await import('./render-legal-pdf');
  const title = template.title.replace(/\s+/g, '');
  // the document row first: its id goes into the QR code printed on the page
  const documentId = await insertDocument(tx, ctx, {
    caseId: o.caseId, volume: issuingVolume(template, agency.type as TAgencyType), docType: template.docType, title, origin: 'generated', number,
  });
  const pdf = await renderLegalPdf({
    agencyName: agency.name, number, doc: rendered, dateZh: o.data.date!, keyId: signer.keyId, info: signerInfo(agency.id, signer),
    qr: (text) => formatPrintReference({ documentId, textSm3: textSm3(text), keyId: signer.keyId }),
  });
  const blob = await deps.store.put(Readable.from([Buffer.from(pdf.bytes)]));
  const v = await insertVersion(tx, ctx, { documentId, caseId: o.caseId, blob, mediaType: 'application/pdf', fileName: `${title}_${number}.pdf`, pageCount: pdf.pages, supersedeReason: null });
  await tx.insertInto('document_texts').values({ version_id: v.id, case_id: o.caseId, content: pdf.text }).execute();
  const signature = await signVersion(tx, ctx, signer, { versionId: v.id, bytes: pdf.bytes, agencyName: agency.name });
  await writeAudit(tx, ctx, {
    action: 'document.generated', targetType: 'document', targetId: documentId, caseId: o.caseId,
    details: { templateId: template.id, docType: template.docType, number, versionId: v.id, sha256: blob.sha256, sm3: blob.sm3, ...o.audit },
  });
  await writeAudit(tx, ctx, {
    action: 'document.signed', targetType: 'document', targetId: documentId, caseId: o.caseId,
    details: { versionId: v.id, keyId: signer.keyId, digestSm3: signature.digestSm3, algorithm: signature.algorithm },
  });
  return { number, documentId, versionId: v.id, signature };
}
