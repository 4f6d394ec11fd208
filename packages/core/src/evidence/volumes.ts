/**
 * 卷宗 structure: volume kinds, the standard catalogue order of document types, and page
 * numbering. Source: shared/domain/evidence-guides.md §8 (binding rules are secondary sources).
 * The 卷内目录 is generated from this data and the page numbers, never typed by hand.
 */
import type { TAgencyType } from '../agencies';

export const VOLUME_KINDS = {
  litigation_documents: {
    zh: '诉讼文书卷',
    owner: 'police',
    order: 1,
    transferable: true,
    note: '正卷第一部分：立案、管辖、回避/律师、强制措施、侦查措施、鉴定文书',
  },
  evidence_materials: {
    zh: '证据材料卷',
    owner: 'police',
    order: 2,
    transferable: true,
    note: '正卷第二部分：笔录、物证书证、鉴定意见、勘验检查笔录、视听资料电子数据',
  },
  investigation_work: {
    zh: '侦查工作卷',
    owner: 'police',
    order: 3,
    // Internal reports and approvals (呈请报告): stays with 公. Access control must stop it leaving.
    transferable: false,
    note: '副卷：内部报告、审批、工作记录，不随案移送',
  },
  court_main: {
    zh: '正卷',
    owner: 'court',
    order: 1,
    transferable: true,
    note: '起诉书、通知、证据、庭审笔录、裁判文书、送达及执行材料',
  },
  court_secondary: {
    zh: '副卷',
    owner: 'court',
    order: 2,
    // 合议庭评议笔录, approvals, draft judgments: never shown to parties.
    transferable: false,
    note: '合议庭评议笔录、审批材料、裁判文书原本/签发稿，不对当事人公开',
  },
} as const satisfies Record<
  string,
  { zh: string; owner: TAgencyType; order: number; transferable: boolean; note: string }
>;
export type TVolumeKind = keyof typeof VOLUME_KINDS;

export function isTransferableVolume(kind: TVolumeKind): boolean {
  return VOLUME_KINDS[kind].transferable;
}

/** Police volumes in binding order (诉讼文书卷 → 证据材料卷 → 侦查工作卷). */
export const POLICE_VOLUME_ORDER: readonly TVolumeKind[] = ['litigation_documents', 'evidence_materials', 'investigation_work'];

export type TCatalogueEntry = {
  readonly docType: string;
  readonly zh: string;
  /** Carries page numbers. Cover, catalogue and the sign-off sheet never do. */
  readonly numbered: boolean;
  /** End-of-volume pages: material of unknown type is placed before these. */
  readonly tail?: boolean;
  readonly note?: string;
};

const COVER: TCatalogueEntry = { docType: 'cover', zh: '卷宗封面', numbered: false };
const CONTENTS: TCatalogueEntry = { docType: 'catalogue', zh: '卷内目录', numbered: false };
const SIGN_OFF: TCatalogueEntry = { docType: 'sign_off_sheet', zh: '办案人员签字页', numbered: false, tail: true };
// Whether 备考表/封底 carry numbers is unverified; unnumbered is our default (configurable here).
const NOTES_SHEET: TCatalogueEntry = {
  docType: 'notes_sheet',
  zh: '卷内备考表',
  numbered: false,
  tail: true,
  note: '是否编页码未核实',
};
const BACK_COVER: TCatalogueEntry = { docType: 'back_cover', zh: '封底', numbered: false, tail: true, note: '是否编页码未核实' };

/**
 * 诉讼文书卷 binding order (widely used, sec.). 强制措施 documents follow procedural order.
 * Position of the officer sign-off sheet is not given by the source; we put it before 备考表.
 */
export const LITIGATION_VOLUME_CATALOGUE: readonly TCatalogueEntry[] = [
  COVER,
  CONTENTS,
  { docType: 'case_registration', zh: '受案登记表', numbered: true },
  { docType: 'filing_decision', zh: '立案决定书', numbered: true },
  { docType: 'filing_notice', zh: '立案通知书（检察院）', numbered: true },
  { docType: 'designated_jurisdiction', zh: '指定管辖决定书', numbered: true },
  { docType: 'case_transfer_notice', zh: '移送案件通知书', numbered: true },
  { docType: 'recusal_lawyer', zh: '回避、律师（含会见）文书', numbered: true },
  { docType: 'summons_warrant', zh: '拘传证', numbered: true },
  { docType: 'detention_warrant', zh: '拘留证、拘留通知书', numbered: true },
  { docType: 'detention_extension', zh: '延长拘留期限通知书', numbered: true },
  { docType: 'arrest_request', zh: '提请批准逮捕书', numbered: true },
  { docType: 'arrest_decision', zh: '批准/不批准逮捕决定书', numbered: true },
  { docType: 'reconsideration_review', zh: '复议、复核文书', numbered: true },
  { docType: 'arrest_warrant', zh: '逮捕证、逮捕通知书', numbered: true },
  { docType: 'custody_extension_request', zh: '提请批准延长侦查羁押期限意见书及检察院决定', numbered: true },
  { docType: 'custody_extension_notice', zh: '延长/重新计算侦查羁押期限通知书', numbered: true },
  { docType: 'release', zh: '释放文书', numbered: true },
  { docType: 'bail_surveillance', zh: '取保候审、监视居住文书', numbered: true },
  { docType: 'investigative_measures', zh: '侦查措施文书', numbered: true },
  { docType: 'expert_documents', zh: '鉴定文书', numbered: true },
  SIGN_OFF,
  NOTES_SHEET,
  BACK_COVER,
];

/** Court 正卷 (sec.): the source gives the head and tail of a ≈45-item list; the middle is unknown. */
export const COURT_MAIN_VOLUME_CATALOGUE: readonly TCatalogueEntry[] = [
  COVER,
  CONTENTS,
  { docType: 'trial_management_sheet', zh: '审判流程管理信息表', numbered: true },
  { docType: 'materials_receipt', zh: '诉讼材料收取清单', numbered: true },
  { docType: 'transfer_letter', zh: '移送函', numbered: true },
  { docType: 'indictment', zh: '起诉书', numbered: true },
  { docType: 'sentencing_recommendation', zh: '量刑建议书', numbered: true },
  { docType: 'summary_procedure_proposal', zh: '适用简易程序建议书', numbered: true },
  { docType: 'plea_agreement', zh: '认罪认罚具结书', numbered: true },
  // … the middle of the official list is not available (unverified) …
  { docType: 'execution_notice_stub', zh: '执行通知书存根和回执', numbered: true },
  { docType: 'seized_property_transfer', zh: '赃证物移送清单', numbered: true },
  { docType: 'confiscation_receipts', zh: '罚没款票据', numbered: true },
  NOTES_SHEET,
  BACK_COVER,
];

/** Catalogues per volume kind; kinds without a known order sort by input order only. */
export const VOLUME_CATALOGUES: Partial<Record<TVolumeKind, readonly TCatalogueEntry[]>> = {
  litigation_documents: LITIGATION_VOLUME_CATALOGUE,
  court_main: COURT_MAIN_VOLUME_CATALOGUE,
};

/**
 * Stable sort by the catalogue: known types in catalogue order, unknown ones (in input order)
 * before the end-of-volume pages.
 */
export function sortByCatalogue<T extends { docType: string }>(kind: TVolumeKind, items: readonly T[]): T[] {
  const catalogue = VOLUME_CATALOGUES[kind];
  if (!catalogue) return [...items];
  const firstTail = catalogue.findIndex((e) => e.tail);
  const unknownRank = (firstTail === -1 ? catalogue.length : firstTail) - 0.5;
  const rank = (docType: string) => {
    const i = catalogue.findIndex((e) => e.docType === docType);
    return i === -1 ? unknownRank : i;
  };
  return items
    .map((item, index) => ({ item, index, r: rank(item.docType) }))
    .sort((a, b) => a.r - b.r || a.index - b.index)
    .map((x) => x.item);
}

export type TPageItem = {
  id: string;
  /** Numbered page faces: a back page counts only if it has content (numbered top-left). */
  pages: number;
  numbered: boolean;
};

export type TPaginatedItem<T extends TPageItem = TPageItem> = T & { pageFrom: number | null; pageTo: number | null };

/**
 * Page numbers within one volume: each volume starts at 1; unnumbered items (cover, 卷内目录,
 * sign-off sheet) get null and do not advance the count.
 */
export function paginateVolume<T extends TPageItem>(items: readonly T[]): TPaginatedItem<T>[] {
  let next = 1;
  return items.map((item) => {
    if (!item.numbered) return { ...item, pageFrom: null, pageTo: null };
    if (!Number.isInteger(item.pages) || item.pages < 1) {
      throw new RangeError(`numbered item ${item.id} must have at least one page`);
    }
    const pageFrom = next;
    next += item.pages;
    return { ...item, pageFrom, pageTo: next - 1 };
  });
}

/** Advisory size of a bound volume (sec.): split beyond this. */
export const VOLUME_PAGE_GUIDELINE = 200;
