/**
 * How a 法律文书 is issued, by a process step or from a template by hand: its 文号
 * `<机关简称><业务字>〔year〕N号` from the agency × 字 × year series (number_counters: the row lock
 * holds until commit, so numbers follow commit order and a rolled-back issue gives its number back —
 * no gaps, no duplicates), the PDF rendered from its template, the document + version + text rows in
 * the issuing agency's volume, the SM2 signature of the PDF's bytes, and the audit rows (generated +
 * signed). A UNIQUE index on (agency, number) refuses any second document under one number.
 * By hand all of it happens in the caller's transaction (issueLegalDocument); a process step
 * numbers in its statement of writes and renders after COMMIT (render-issued-documents.ts).
 */
import { agencyByIdOrThrow } from '../agencies/agency-cache';
import { Readable } from 'node:stream';
import type { TAgencyType } from '@xietong/core';
import {
  documentNumberAgency, documentWord, formatIssuedNumber, renderLegalTemplate, volumesForAgencyType,
  type TDossierVolumeKind, type TLegalTemplate, type TLegalTemplateData, type TRenderedLegalDocument,
} from '@xietong/core/dossier';
import { canonicalJson, hash, toHex, type TSigner } from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import type { WriteBatch } from '../db/write-batch';
import { batchAudit, writeAudit, type TAuditInput } from '../audit/write-audit';
import { nextInSeries, shanghaiParts } from '../cases/numbers';
import type { TAuthedContext } from '../http/route';
import type { TBlobInfo, TBlobStore } from './blob-store';
import { createBlobStore } from './create-blob-store';
import { renderOffThread } from './render-pool';
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

/** The series a document type's 文号 is counted in, and the number around its sequence (`<简称><字>〔year〕` N `号`). */
export function documentNumberPlan(agency: TIssuingAgency, docType: string, at: Date, overrides: Readonly<Record<string, string>> = {}): {
  series: string; year: number; format: (seq: number) => string;
} {
  const word = documentWord(docType, overrides);
  const { year } = shanghaiParts(at);
  const org = agency.document_number_org ?? documentNumberAgency(agency.short_name, agency.name, agency.type as TAgencyType);
  return { series: `word:${word}`, year, format: (seq) => formatIssuedNumber({ org, word, year, seq }) };
}

/** The agency's 文号: its next number in the series of the document type's 字. */
export async function allocateDocumentNumber(tx: TTx, agency: TIssuingAgency, docType: string, at: Date): Promise<string> {
  const override = await tx.selectFrom('document_words').select('word').where('agency_id', '=', agency.id).where('doc_type', '=', docType).executeTakeFirst();
  const plan = documentNumberPlan(agency, docType, at, override ? { [docType]: override.word } : {});
  return plan.format(await nextInSeries(tx, agency.id, plan.series, plan.year));
}

/** The volume a document is filed in: the template's choice, else the agency's 诉讼文书卷 / first volume. */
export function issuingVolume(template: TLegalTemplate, agencyType: TAgencyType): TDossierVolumeKind {
  return template.volume[agencyType] ?? (agencyType === 'police' ? 'litigation_documents' : volumesForAgencyType(agencyType)[0]!);
}

/**
 * What a 法律文书 says as issued, everything its PDF shows but the 文号: the filled template, the date
 * line and the issuing agency. A step stores it with the document (document_renders) and the PDF
 * is rendered from it after COMMIT; a hand-issued document renders it at once.
 */
export type TIssueContent = {
  templateId: string;
  docType: string;
  title: string;
  doc: TRenderedLegalDocument;
  dateZh: string;
  agencyName: string;
  /** more details for the document.generated audit row (the step, the fields filled by hand) */
  audit?: Record<string, unknown>;
};

export function issueContent(template: TLegalTemplate, data: TLegalTemplateData, agency: TIssuingAgency, audit?: Record<string, unknown>): TIssueContent {
  return {
    templateId: template.id, docType: template.docType, title: template.title.replace(/\s+/g, ''),
    doc: renderLegalTemplate(template, data), dateZh: data.date!, agencyName: agency.name, ...(audit ? { audit } : {}),
  };
}

/** SM3 of the content as issued (canonical JSON): the transition's audit row binds it at COMMIT. */
export function contentSm3(content: TIssueContent): string {
  return toHex(hash('sm3', new TextEncoder().encode(canonicalJson(content))));
}

export type TRenderedPdf = { bytes: Uint8Array; text: string; pages: number; blob: TBlobInfo; signer: TSigner };

/**
 * The PDF of a numbered document, stored in the blob store: CPU and file work only, no database,
 * so it runs outside any transaction that holds a lock others queue on.
 */
export async function renderIssuedPdf(deps: TIssueDeps, d: { documentId: string; agencyId: string; number: string; content: TIssueContent }): Promise<TRenderedPdf> {
  const signer = agencySigner(deps.dataDir, d.agencyId);
  // on a worker thread (render-pool.ts); pdf-lib and fontkit load there on first use, not at start (issue #12)
  const { bytes, text, pages } = await renderOffThread({
    agencyName: d.content.agencyName, number: d.number, doc: d.content.doc, dateZh: d.content.dateZh, keyId: signer.keyId, info: signerInfo(d.agencyId, signer),
    qr: { documentId: d.documentId, keyId: signer.keyId },
  });
  const blob = await deps.store.put(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]));
  return { bytes, text, pages, blob, signer };
}

/**
 * The rendered PDF as the document's version 1: version, text, SM2 signature of its bytes, and the
 * audit rows (generated + signed). `locked`: the caller holds the document row (and read its
 * version count) and has a statement of writes attached, which every row here joins.
 */
export async function recordRenderedVersion(
  tx: TTx, ctx: TAuthedContext, d: { documentId: string; caseId: string; number: string; content: TIssueContent; pdf: TRenderedPdf },
  locked?: { versionCount: number; batch: WriteBatch; audit: { ids: readonly [string, string]; at: Date } },
): Promise<TIssued> {
  const { content, pdf } = d;
  const v = await insertVersion(tx, ctx, {
    documentId: d.documentId, caseId: d.caseId, blob: pdf.blob, mediaType: 'application/pdf', fileName: `${content.title}_${d.number}.pdf`, pageCount: pdf.pages, supersedeReason: null,
  }, locked);
  const text = tx.insertInto('document_texts').values({ version_id: v.id, case_id: d.caseId, content: pdf.text });
  if (locked) locked.batch.add(sql`${text}`);
  else await text.execute();
  const signature = await signVersion(tx, ctx, pdf.signer, { versionId: v.id, bytes: pdf.bytes, agencyName: content.agencyName }, locked?.batch);
  const generated: TAuditInput = {
    action: 'document.generated', targetType: 'document', targetId: d.documentId, caseId: d.caseId,
    details: { templateId: content.templateId, docType: content.docType, number: d.number, versionId: v.id, sha256: pdf.blob.sha256, sm3: pdf.blob.sm3, ...content.audit },
  };
  const signed: TAuditInput = {
    action: 'document.signed', targetType: 'document', targetId: d.documentId, caseId: d.caseId,
    details: { versionId: v.id, keyId: pdf.signer.keyId, digestSm3: signature.digestSm3, algorithm: signature.algorithm },
  };
  if (locked) {
    // ids reserved with the lock: the rows and their ledger entries join the statement of writes
    await batchAudit(tx, locked.batch, ctx, generated, { id: locked.audit.ids[0], at: locked.audit.at });
    await batchAudit(tx, locked.batch, ctx, signed, { id: locked.audit.ids[1], at: locked.audit.at });
  } else {
    await writeAudit(tx, ctx, generated);
    await writeAudit(tx, ctx, signed);
  }
  return { number: d.number, documentId: d.documentId, versionId: v.id, signature };
}

/**
 * A document issued by hand (generate-legal-document.ts) or by the demo seed: numbered, rendered
 * and signed in the caller's transaction. Process steps take the lean path instead
 * (../processes/issue-step-documents.ts: numbered in the statement of writes, rendered after COMMIT).
 */
export async function issueLegalDocument(
  tx: TTx, ctx: TAuthedContext, deps: TIssueDeps,
  o: { caseId: string; agency: TIssuingAgency; template: TLegalTemplate; data: TLegalTemplateData; at: Date; audit?: Record<string, unknown> },
): Promise<TIssued> {
  const { agency, template } = o;
  const content = issueContent(template, o.data, agency, o.audit);
  const number = await allocateDocumentNumber(tx, agency, template.docType, o.at);
  // the document row first: its id goes into the QR code printed on the page
  const documentId = await insertDocument(tx, ctx, {
    caseId: o.caseId, volume: issuingVolume(template, agency.type as TAgencyType), docType: template.docType, title: content.title, origin: 'generated', number,
  });
  const pdf = await renderIssuedPdf(deps, { documentId, agencyId: agency.id, number, content });
  return recordRenderedVersion(tx, ctx, { documentId, caseId: o.caseId, number, content, pdf });
}
