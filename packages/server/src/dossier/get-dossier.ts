/**
 * The dossier (卷宗) of a case as the caller sees it: per agency and volume, the catalogue
 * (卷内目录) in the standard binding order with page ranges computed across the volume. Earlier
 * agencies' transferable volumes appear as inherited: read where they are, never re-uploaded.
 */
import { VOLUME_CATALOGUES, paginateVolume, sortByCatalogue, type TVolumeKind } from '@xietong/core/evidence';
import { volumeSpec, type TDossierVolumeKind } from '@xietong/core/dossier';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { visibleDocuments } from '../documents/list-documents';
import type { TDocumentView } from '../documents/types';

export type TVolumeView = {
  agencyId: string;
  agencyName: string;
  kind: TDossierVolumeKind;
  zh: string;
  transferable: boolean;
  inherited: boolean;
  totalPages: number;
  items: { documentId: string; title: string; docType: string; number: string | null; pages: number; pageFrom: number | null; pageTo: number | null; mediaType: string; sm3: string }[];
  documents: TDocumentView[];
};

function isNumbered(kind: TDossierVolumeKind, docType: string): boolean {
  const entry = VOLUME_CATALOGUES[kind as TVolumeKind]?.find((e) => e.docType === docType);
  return entry ? entry.numbered : true;
}

/** Group, order and paginate; `pagesOf` lets the exporter use the real page counts. */
export function buildVolumes(docs: TDocumentView[], viewerAgencyId: string, partyOrder: string[], pagesOf?: (d: TDocumentView) => number): TVolumeView[] {
  const groups = new Map<string, TDocumentView[]>();
  for (const d of docs) {
    const k = `${d.agencyId}|${d.volume}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const volumes: TVolumeView[] = [];
  for (const [k, list] of groups) {
    const [agencyId, kindStr] = k.split('|') as [string, string];
    const kind = kindStr as TDossierVolumeKind;
    const ordered = VOLUME_CATALOGUES[kind as TVolumeKind] ? sortByCatalogue(kind as TVolumeKind, list) : list;
    const paged = paginateVolume(ordered.map((d) => ({
      id: d.id, pages: Math.max(1, pagesOf ? pagesOf(d) : (d.currentVersion.pageCount ?? 1)), numbered: isNumbered(kind, d.docType), doc: d,
    })));
    const spec = volumeSpec(kind);
    volumes.push({
      agencyId, agencyName: list[0]!.agencyName, kind, zh: spec.zh, transferable: spec.transferable, inherited: agencyId !== viewerAgencyId,
      totalPages: paged.reduce((n, p) => Math.max(n, p.pageTo ?? 0), 0),
      items: paged.map((p) => ({
        documentId: p.doc.id, title: p.doc.title, docType: p.doc.docType, number: p.doc.number, pages: p.pages, pageFrom: p.pageFrom, pageTo: p.pageTo,
        mediaType: p.doc.currentVersion.mediaType, sm3: p.doc.currentVersion.sm3,
      })),
      documents: paged.map((p) => p.doc),
    });
  }
  const rank = (a: string) => (partyOrder.indexOf(a) === -1 ? 1e9 : partyOrder.indexOf(a));
  return volumes.sort((a, b) => rank(a.agencyId) - rank(b.agencyId) || volumeSpec(a.kind).order - volumeSpec(b.kind).order);
}

export async function partyOrder(db: TDb, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_parties').select('agency_id').where('case_id', '=', caseId).orderBy('joined_at').execute();
  return rows.map((r) => r.agency_id);
}

export async function getDossier(db: TDb, ctx: TAuthedContext, caseId: string) {
  await assertCaseReadable(db, ctx, caseId, 'dossier.viewed');
  const docs = await visibleDocuments(db, ctx, caseId);
  const volumes = buildVolumes(docs, ctx.actor.agencyId, await partyOrder(db, caseId));
  await writeAudit(db, ctx, { action: 'dossier.viewed', targetType: 'case', targetId: caseId, caseId, details: { volumes: volumes.length } });
  return { caseId, volumes: volumes.map(({ documents: _d, ...v }) => v) };
}
