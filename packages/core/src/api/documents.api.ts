/**
 * HTTP contract for electronic case files (电子卷宗), legal documents (法律文书), signatures,
 * in-system records (笔录) and evidence checklists (证据指引).
 *
 * Uploads are `multipart/form-data` with one part named `file`; their metadata travels in the
 * query string (validated here) so the server can check access before reading the body.
 */
import { z } from 'zod';
import { ZSendStage, ZTaggedItem } from '../evidence';
import { DOSSIER_VOLUME_KINDS, ZRecordContent, type TDossierVolumeKind } from '../dossier';
import { defineEndpoint, ZIsoDateTime, ZUuid } from './contract';
import { ZClassification } from '../cases/classification';

const ZVolumeKind = z.enum(DOSSIER_VOLUME_KINDS as [TDossierVolumeKind, ...TDossierVolumeKind[]], { error: '卷别无效' });
const ZDocType = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, '文书/材料类型代码应为小写字母、数字和下划线');
const ZHex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** A binary body (PDF, image, ZIP): not JSON. */
const ZBinary = z.any().describe('binary content');

export const ZDocumentVersion = z.object({
  id: ZUuid,
  version: z.number().int(),
  sha256: ZHex64,
  sm3: ZHex64,
  size: z.number().int(),
  mediaType: z.string(),
  fileName: z.string().nullable(),
  pageCount: z.number().int().nullable(),
  supersedeReason: z.string().nullable(),
  uploadedBy: ZUuid,
  uploadedByName: z.string(),
  uploadedAt: ZIsoDateTime,
});

export const ZDocumentSignature = z.object({
  id: ZUuid,
  versionId: ZUuid,
  agencyId: ZUuid,
  agencyName: z.string(),
  keyId: ZHex64,
  algorithm: z.literal('SM2-SM3'),
  digestSm3: ZHex64,
  /** DER, base64 */
  signature: z.string(),
  publicKeyPem: z.string(),
  signedAt: ZIsoDateTime,
});

export const ZDocument = z.object({
  id: ZUuid,
  caseId: ZUuid,
  agencyId: ZUuid,
  agencyName: z.string(),
  volume: ZVolumeKind,
  volumeZh: z.string(),
  docType: z.string(),
  title: z.string(),
  /** 密级 (公开/内部/秘密/机密/绝密) */
  classification: ZClassification,
  origin: z.enum(['upload', 'generated', 'record']),
  number: z.string().nullable(),
  versionCount: z.number().int(),
  currentVersion: ZDocumentVersion,
  evidenceItems: z.array(z.string()),
  createdAt: ZIsoDateTime,
});

export const ZDocumentDetail = ZDocument.extend({
  versions: z.array(ZDocumentVersion),
  signatures: z.array(ZDocumentSignature),
  evidenceTags: z.array(ZTaggedItem),
});

export const ZUploadDocumentQuery = z.strictObject({
  docType: ZDocType,
  title: z.string().trim().min(1, '材料名称不能为空').max(200, '材料名称过长'),
  volume: ZVolumeKind.optional(),
  /** 密级; default 内部. Above the platform's configured level → DOCUMENT_CLASSIFIED. */
  classification: ZClassification.optional(),
  /** the suspect this material concerns (a co-suspect's lawyer never reads it); absent: the whole case */
  personId: ZUuid.optional(),
});

export const ZSupersedeQuery = z.strictObject({
  reason: z.string().trim().min(2, '替换原因至少2个字').max(500, '替换原因过长'),
});

export const ZDownloadQuery = z.strictObject({
  versionId: ZUuid.optional(),
  /** inline = 查看 (document.viewed), attachment = 下载 (document.downloaded) */
  disposition: z.enum(['inline', 'attachment']).default('attachment'),
});

export const ZEvidenceCheckResult = z.object({
  caseId: ZUuid,
  stage: ZSendStage,
  charges: z.array(z.string()),
  complete: z.boolean(),
  missing: z.array(z.object({ id: z.string(), zh: z.string(), evidenceType: z.number() })),
  failedRules: z.array(z.object({ itemId: z.string(), field: z.string(), zh: z.string(), op: z.string(), value: z.number(), actual: z.number().nullable(), reason: z.string() })),
  items: z.array(z.object({ id: z.string(), zh: z.string(), mandatory: z.boolean(), condition: z.string().nullable(), present: z.boolean(), documentIds: z.array(ZUuid) })),
  unknownItemIds: z.array(z.string()),
});

export const ZGenerateLegalDocumentRequest = z.strictObject({
  templateId: z.string().min(1).max(64),
  fields: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.string().max(20000)).default({}),
});

export const ZGeneratedDocument = z.object({ document: ZDocument, signature: ZDocumentSignature });

export const ZLegalTemplateSummary = z.object({
  id: z.string(),
  docType: z.string(),
  title: z.string(),
  issuers: z.array(z.string()),
  fields: z.array(z.object({ key: z.string(), zh: z.string(), required: z.boolean(), default: z.string().optional() })),
});

export const ZSignatureVerification = z.object({
  valid: z.boolean(),
  sm3: ZHex64,
  sha256: ZHex64,
  /** The signature records matching these exact bytes (empty when unknown or altered). */
  signatures: z.array(z.object({ agencyId: ZUuid, agencyName: z.string(), keyId: ZHex64, signedAt: ZIsoDateTime, valid: z.boolean(), documentNumber: z.string().nullable(), documentTitle: z.string() })),
  /** What the file's own metadata claims (present even after tampering, if still readable). */
  claimed: z.object({ agencyName: z.string().nullable(), keyId: z.string().nullable(), documentNumber: z.string().nullable() }).nullable(),
  reason: z.string().nullable(),
});

export const ZRecordDraft = z.object({
  id: ZUuid,
  caseId: ZUuid,
  kind: z.enum(['interrogation', 'inquiry', 'plea_agreement']),
  status: z.enum(['draft', 'confirmed']),
  /** SM3 of the canonical record content: the person confirms exactly this. */
  contentSm3: ZHex64,
  documentId: ZUuid.nullable(),
  bindingSm3: ZHex64.nullable(),
});

export const ZConfirmRecordRequest = z.strictObject({
  contentSm3: ZHex64,
  /** PNG images from the signature pad / canvas, base64 (no data: prefix). */
  signaturePng: z.string().min(8).max(700_000),
  fingerprintPng: z.string().min(8).max(700_000),
  /** 认罪认罚具结书: the attesting lawyer's signature (CPL 174); refused on other records. */
  counselSignaturePng: z.string().min(8).max(700_000).optional(),
});

export const ZDossierItem = z.object({
  documentId: ZUuid,
  title: z.string(),
  docType: z.string(),
  number: z.string().nullable(),
  pages: z.number().int(),
  pageFrom: z.number().int().nullable(),
  pageTo: z.number().int().nullable(),
  mediaType: z.string(),
  sm3: ZHex64,
});

export const ZDossierVolume = z.object({
  agencyId: ZUuid,
  agencyName: z.string(),
  kind: ZVolumeKind,
  zh: z.string(),
  transferable: z.boolean(),
  /** True when the volume belongs to an earlier agency and is read, not re-uploaded. */
  inherited: z.boolean(),
  totalPages: z.number().int(),
  items: z.array(ZDossierItem),
});

export const ZDossier = z.object({ caseId: ZUuid, volumes: z.array(ZDossierVolume) });

const caseParams = z.object({ id: ZUuid });

export const documentApi = {
  uploadDocument: defineEndpoint({
    method: 'POST', path: '/api/cases/:id/documents', summary: '上传卷宗材料 Upload (multipart/form-data, part "file")', tags: ['documents'], auth: true, status: 201,
    params: caseParams, query: ZUploadDocumentQuery, response: ZDocument,
  }),
  supersedeDocument: defineEndpoint({
    method: 'POST', path: '/api/documents/:id/versions', summary: '上传新版本替换 Supersede with a new version (multipart)', tags: ['documents'], auth: true, status: 201,
    params: z.object({ id: ZUuid }), query: ZSupersedeQuery, response: ZDocument,
  }),
  listDocuments: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/documents', summary: '案件材料列表 Documents of a case', tags: ['documents'], auth: true,
    params: caseParams, response: z.object({ items: z.array(ZDocument) }),
  }),
  getDocument: defineEndpoint({
    method: 'GET', path: '/api/documents/:id', summary: '材料详情与版本历史 Document with history', tags: ['documents'], auth: true,
    params: z.object({ id: ZUuid }), response: ZDocumentDetail,
  }),
  downloadDocument: defineEndpoint({
    method: 'GET', path: '/api/documents/:id/content', summary: '查看/下载材料 View or download (audited)', tags: ['documents'], auth: true,
    params: z.object({ id: ZUuid }), query: ZDownloadQuery, response: ZBinary,
  }),
  searchDocuments: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/documents/search', summary: '案件内全文检索 Full-text search within a case', tags: ['documents'], auth: true,
    params: caseParams, query: z.strictObject({ q: z.string().trim().min(1, '请输入检索词').max(100) }),
    response: z.object({ items: z.array(z.object({ documentId: ZUuid, versionId: ZUuid, title: z.string(), snippet: z.string() })) }),
  }),
  tagEvidence: defineEndpoint({
    method: 'PUT', path: '/api/documents/:id/evidence-tags', summary: '关联证据指引条目 Tag a document to checklist items', tags: ['evidence'], auth: true,
    params: z.object({ id: ZUuid }), body: z.strictObject({ items: z.array(ZTaggedItem).max(50) }), response: ZDocumentDetail,
  }),
  evidenceCheck: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/evidence-check', summary: '证据指引核对 Evidence checklist for a send', tags: ['evidence'], auth: true,
    params: caseParams, query: z.strictObject({ stage: ZSendStage }), response: ZEvidenceCheckResult,
  }),
  listLegalTemplates: defineEndpoint({
    method: 'GET', path: '/api/legal-templates', summary: '法律文书模板 Legal document templates', tags: ['documents'], auth: true,
    response: z.object({ items: z.array(ZLegalTemplateSummary) }),
  }),
  generateLegalDocument: defineEndpoint({
    method: 'POST', path: '/api/cases/:id/legal-documents', summary: '生成并签发法律文书 Generate, number and sign a legal document', tags: ['documents'], auth: true, status: 201,
    params: caseParams, body: ZGenerateLegalDocumentRequest, response: ZGeneratedDocument,
  }),
  verifyPrintReference: defineEndpoint({
    method: 'POST', path: '/api/documents/verify-reference', summary: '扫码核验纸质文书 Check the QR reference printed on a 法律文书', tags: ['documents'], auth: false,
    body: z.strictObject({ reference: z.string().max(400).describe('the decoded QR text: XT1|document id|SM3 of the text|key id') }),
    response: z.object({
      matches: z.boolean(),
      reason: z.string().nullable(),
      document: z.object({ number: z.string().nullable(), title: z.string(), agencyName: z.string(), issuedAt: ZIsoDateTime, current: z.boolean() }).nullable(),
    }),
  }),
  verifySignature: defineEndpoint({
    method: 'POST', path: '/api/signatures/verify', summary: '验证文书签名 Verify a downloaded document (multipart, part "file")', tags: ['documents'], auth: false,
    response: ZSignatureVerification,
  }),
  createRecord: defineEndpoint({
    method: 'POST', path: '/api/cases/:id/records', summary: '制作笔录 Draft an interrogation/inquiry record', tags: ['documents'], auth: true, status: 201,
    params: caseParams, body: ZRecordContent, response: ZRecordDraft,
  }),
  confirmRecord: defineEndpoint({
    method: 'POST', path: '/api/records/:id/confirm', summary: '笔录确认：签名与指印 Confirm a record with signature and fingerprint', tags: ['documents'], auth: true,
    params: z.object({ id: ZUuid }), body: ZConfirmRecordRequest, response: z.object({ record: ZRecordDraft, document: ZDocument }),
  }),
  getDossier: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/dossier', summary: '卷宗与卷内目录 Dossier: volumes and catalogues', tags: ['dossier'], auth: true,
    params: caseParams, response: ZDossier,
  }),
  exportVolumePdf: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/dossier/volumes/:agencyId/:kind/pdf', summary: '导出一卷为PDF（封面、目录、书签） Export a volume as one PDF', tags: ['dossier'], auth: true,
    params: z.object({ id: ZUuid, agencyId: ZUuid, kind: ZVolumeKind }), response: ZBinary,
  }),
  exportPackage: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/dossier/package', summary: '卷宗离线移送包（ZIP + 哈希清单） Offline transfer package', tags: ['dossier'], auth: true,
    params: caseParams, response: ZBinary,
  }),
} as const;
