/**
 * Which volumes (卷) an agency keeps in a case's dossier and who may read them. The police
 * and court kinds are core's `VOLUME_KINDS` (evidence/volumes.ts); the procuratorate's own
 * split (检察正卷/副卷) and a general volume for the other agencies are added here.
 */
import type { TAgencyType } from '../agencies';
import { LITIGATION_VOLUME_CATALOGUE, VOLUME_KINDS, type TVolumeKind } from '../evidence';

export const EXTRA_VOLUME_KINDS = {
  // 检察院 internal file split is unverified (evidence-guides.md §8.2): configurable data.
  procuratorate_main: { zh: '检察正卷', owner: 'procuratorate', order: 1, transferable: true, note: '审查逮捕、审查起诉文书及证据（分卷方式未核实）' },
  procuratorate_secondary: { zh: '检察副卷', owner: 'procuratorate', order: 2, transferable: false, note: '内部审批、讨论记录，不随案移送（未核实）' },
  general: { zh: '材料卷', owner: null, order: 1, transferable: true, note: '看守所、监狱、司法行政机关等形成的材料' },
} as const satisfies Record<string, { zh: string; owner: TAgencyType | null; order: number; transferable: boolean; note: string }>;

export type TDossierVolumeKind = TVolumeKind | keyof typeof EXTRA_VOLUME_KINDS;
export const DOSSIER_VOLUME_KINDS = [...Object.keys(VOLUME_KINDS), ...Object.keys(EXTRA_VOLUME_KINDS)] as TDossierVolumeKind[];

export type TVolumeSpec = { zh: string; owner: TAgencyType | null; order: number; transferable: boolean; note: string };

export function volumeSpec(kind: TDossierVolumeKind): TVolumeSpec {
  return (VOLUME_KINDS as Record<string, TVolumeSpec>)[kind] ?? (EXTRA_VOLUME_KINDS as Record<string, TVolumeSpec>)[kind]!;
}

export function isDossierVolumeKind(s: string): s is TDossierVolumeKind {
  return (DOSSIER_VOLUME_KINDS as string[]).includes(s);
}

/** The volumes an agency of this type builds itself. */
export function volumesForAgencyType(type: TAgencyType): TDossierVolumeKind[] {
  const own = DOSSIER_VOLUME_KINDS.filter((k) => volumeSpec(k).owner === type);
  return own.length ? own.sort((a, b) => volumeSpec(a).order - volumeSpec(b).order) : ['general'];
}

/**
 * A volume is readable by its own agency, and by anyone who can read the case when it is
 * transferable. 侦查工作卷, 检察副卷 and the court 副卷 never leave their agency.
 */
export function canReadVolume(viewerAgencyId: string, ownerAgencyId: string, kind: TDossierVolumeKind): boolean {
  return viewerAgencyId === ownerAgencyId || volumeSpec(kind).transferable;
}

/** Where an upload goes when the client does not say: procedural documents vs evidence. */
export function defaultVolumeFor(agencyType: TAgencyType, docType: string): TDossierVolumeKind {
  const kinds = volumesForAgencyType(agencyType);
  if (agencyType === 'police') {
    return LITIGATION_VOLUME_CATALOGUE.some((e) => e.docType === docType) || POLICE_PROCEDURAL_DOC_TYPES.has(docType)
      ? 'litigation_documents'
      : 'evidence_materials';
  }
  return kinds[0]!;
}

const POLICE_PROCEDURAL_DOC_TYPES = new Set([
  'detention_family_notice', 'detention_extension_notice', 'arrest_family_notice', 'release_notice', 'release_certificate',
  'prosecution_opinion', 'custody_transfer_certificate', 'custody_extension_notice', 'bail_decision', 'residential_surveillance_decision',
  'arrest_approval', 'arrest_refusal', 'supplementary_investigation_return',
]);
