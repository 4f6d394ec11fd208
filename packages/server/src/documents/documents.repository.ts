/**
 * SQL for the document tables, and the mapping of rows to the API shapes.
 */
import type { TClassification } from '@xietong/core/cases';
import { volumeSpec, type TDossierVolumeKind } from '@xietong/core/dossier';
import type { TDocumentSignature, TDocumentView, TDocumentVersionView } from './types';
import type { TDb, TTx } from '../db/database';
import type { DB } from '../db/schema';
import type { Selectable } from 'kysely';

type TVersionRow = Selectable<DB['document_versions']>;
type TSignatureRow = Selectable<DB['document_signatures']>;

export function toVersionView(v: TVersionRow): TDocumentVersionView {
  return {
    id: v.id, version: v.version, sha256: v.sha256, sm3: v.sm3, size: Number(v.size), mediaType: v.media_type,
    fileName: v.file_name, pageCount: v.page_count, supersedeReason: v.supersede_reason, uploadedBy: v.uploaded_by,
    uploadedByName: v.uploaded_by_name, uploadedAt: v.uploaded_at.toISOString(),
  };
}

export function toSignatureView(s: TSignatureRow): TDocumentSignature {
  return {
    id: s.id, versionId: s.version_id, agencyId: s.agency_id, agencyName: s.agency_name, keyId: s.key_id, algorithm: 'SM2-SM3',
    digestSm3: s.digest_sm3, signature: Buffer.from(s.signature).toString('base64'), publicKeyPem: s.public_key_pem, signedAt: s.signed_at.toISOString(),
  };
}

const docColumns = [
  'd.id', 'd.case_id', 'd.agency_id', 'a.name as agency_name', 'd.volume', 'd.doc_type', 'd.title', 'd.origin', 'd.number',
  'd.version_count', 'd.current_version_id', 'd.created_at', 'd.classification',
] as const;

/** Documents with their current version, in upload order; `ids` narrows to these. */
export async function loadDocumentViews(db: TDb | TTx, where: { caseId?: string; ids?: string[] }): Promise<TDocumentView[]> {
  let q = db.selectFrom('documents as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
    .innerJoin('document_versions as v', 'v.id', 'd.current_version_id')
    .select(docColumns).selectAll('v').select(['d.id as doc_id', 'v.id as version_id']);
  if (where.caseId) q = q.where('d.case_id', '=', where.caseId);
  if (where.ids) {
    if (!where.ids.length) return [];
    q = q.where('d.id', 'in', where.ids);
  }
  const rows = await q.orderBy('d.created_at').orderBy('d.id').execute();
  const docIds = rows.map((r) => r.doc_id);
  const tags = docIds.length
    ? await db.selectFrom('document_evidence_tags').select(['document_id', 'item_id']).where('document_id', 'in', docIds).orderBy('item_id').execute()
    : [];
  return rows.map((r) => ({
    id: r.doc_id, caseId: r.case_id, agencyId: r.agency_id, agencyName: r.agency_name, volume: r.volume as TDossierVolumeKind,
    volumeZh: volumeSpec(r.volume as TDossierVolumeKind).zh, docType: r.doc_type, title: r.title, classification: r.classification as TClassification, origin: r.origin as TDocumentView['origin'],
    number: r.number, versionCount: r.version_count, createdAt: r.created_at.toISOString(),
    currentVersion: toVersionView({ ...r, id: r.version_id } as TVersionRow),
    evidenceItems: tags.filter((t) => t.document_id === r.doc_id).map((t) => t.item_id),
  }));
}

export async function loadDocumentView(db: TDb | TTx, id: string): Promise<TDocumentView> {
  const [d] = await loadDocumentViews(db, { ids: [id] });
  if (!d) throw new Error(`document ${id} has no current version`);
  return d;
}

export async function loadDocumentDetail(db: TDb | TTx, id: string) {
  const doc = await loadDocumentView(db, id);
  const versions = await db.selectFrom('document_versions').selectAll().where('document_id', '=', id).orderBy('version', 'desc').execute();
  const signatures = versions.length
    ? await db.selectFrom('document_signatures').selectAll().where('version_id', 'in', versions.map((v) => v.id)).orderBy('signed_at').execute()
    : [];
  const tags = await db.selectFrom('document_evidence_tags').select(['item_id', 'values']).where('document_id', '=', id).orderBy('item_id').execute();
  return {
    ...doc,
    versions: versions.map(toVersionView),
    signatures: signatures.map(toSignatureView),
    evidenceTags: tags.map((t) => ({ itemId: t.item_id, values: (t.values ?? {}) as Record<string, number> })),
  };
}
