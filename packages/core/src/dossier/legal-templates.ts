/**
 * 法律文书 templates as data: the documents of the process steps (processes.md), filled from
 * the shared case card. Wording follows the published national forms in substance only; local
 * forms differ (unverified), so a template is data an agency can replace, never code.
 *
 * Placeholders: {caseTitle} {caseSummary} {suspects} {suspectDetails} {charges} {chargeArticles}
 * {agencyName} {policeNumber} {procuratorateNumber} {courtNumber} {receiverName} {date}
 * and each template's own `fields` (given by the author).
 */
import type { TAgencyType } from '../agencies';
import { DOCUMENT_TYPES, type TDocumentType } from '../processes/documents';
import type { TDossierVolumeKind } from './volumes';

export type TTemplateField = { key: string; zh: string; required: boolean; default?: string };

export type TLegalTemplate = {
  id: string;
  docType: TDocumentType;
  /** Title as printed (spaced like the forms: 起 诉 书). */
  title: string;
  issuers: readonly TAgencyType[];
  /** Volume of the issuing agency the document is filed in. */
  volume: Partial<Record<TAgencyType, TDossierVolumeKind>>;
  /** Line before the body, e.g. '{receiverName}：'. */
  recipient?: string;
  /**
   * Issued by a process step: the case-data key naming whom it is addressed to ({receiverName}), when
   * that is not the other party of the flow (the 起诉书 goes to the court, CPL 176).
   */
  addressedTo?: string;
  body: readonly string[];
  closing?: readonly string[];
  fields: readonly TTemplateField[];
};

const FACTS: TTemplateField = { key: 'facts', zh: '经依法侦查查明的事实', required: true };
const EVIDENCE: TTemplateField = { key: 'evidence', zh: '认定上述事实的证据', required: false, default: '上述事实，有相关书证、证人证言、鉴定意见、犯罪嫌疑人供述和辩解等证据证实。' };
const RECEIVER: TTemplateField = { key: 'receiverName', zh: '受文机关', required: true };

export const LEGAL_TEMPLATES: readonly TLegalTemplate[] = [
  {
    id: 'arrest_request', docType: 'arrest_request', title: '提请批准逮捕书', issuers: ['police'],
    volume: { police: 'litigation_documents' },
    body: [
      '{suspectDetails}',
      '犯罪嫌疑人{suspects}涉嫌{charges}一案，由我局立案侦查。',
      '经依法侦查查明：{facts}',
      '{evidence}',
      '综上所述，犯罪嫌疑人{suspects}的行为已触犯{chargeArticles}，涉嫌{charges}，有证据证明有犯罪事实，可能判处徒刑以上刑罚，采取取保候审尚不足以防止发生社会危险性。依照《中华人民共和国刑事诉讼法》第八十一条、第八十七条之规定，特提请批准逮捕。',
    ],
    recipient: '{receiverName}：', closing: ['此致', '{receiverName}'],
    fields: [RECEIVER, FACTS, EVIDENCE],
  },
  {
    id: 'arrest_approval', docType: 'arrest_approval', title: '批准逮捕决定书', issuers: ['procuratorate'],
    volume: { procuratorate: 'procuratorate_main' },
    recipient: '{receiverName}：',
    body: [
      '你局（{policeNumber}）提请批准逮捕书收悉。经本院审查认为，犯罪嫌疑人{suspects}涉嫌{charges}，符合《中华人民共和国刑事诉讼法》第八十一条规定的逮捕条件。决定批准逮捕犯罪嫌疑人{suspects}。请依法立即执行，并将执行情况在三日以内通知本院。',
    ],
    fields: [RECEIVER],
  },
  {
    id: 'arrest_refusal', docType: 'arrest_refusal', title: '不批准逮捕决定书', issuers: ['procuratorate'],
    volume: { procuratorate: 'procuratorate_main' },
    recipient: '{receiverName}：',
    body: [
      '你局提请批准逮捕犯罪嫌疑人{suspects}一案，经本院审查认为：{reason}',
      '根据《中华人民共和国刑事诉讼法》第九十条之规定，决定不批准逮捕犯罪嫌疑人{suspects}。请依法立即执行，并将执行回执在收到本决定书后的三日以内送达本院。',
    ],
    fields: [RECEIVER, { key: 'reason', zh: '不批准逮捕的理由', required: true }],
  },
  {
    id: 'prosecution_opinion', docType: 'prosecution_opinion', title: '起诉意见书', issuers: ['police'],
    volume: { police: 'litigation_documents' },
    body: [
      '{suspectDetails}',
      '犯罪嫌疑人{suspects}涉嫌{charges}一案，由我局立案侦查。现已侦查终结。',
      '经依法侦查查明：{facts}',
      '{evidence}',
      '综上所述，犯罪嫌疑人{suspects}的行为已触犯{chargeArticles}，涉嫌{charges}。依照《中华人民共和国刑事诉讼法》第一百六十二条之规定，现将此案移送审查起诉。',
    ],
    recipient: '{receiverName}：', closing: ['此致', '{receiverName}'],
    fields: [RECEIVER, FACTS, EVIDENCE],
  },
  {
    id: 'indictment', docType: 'indictment', title: '起 诉 书', issuers: ['procuratorate'],
    volume: { procuratorate: 'procuratorate_main' },
    body: [
      '{defendantDetails}',
      '本案由{investigatingAgency}侦查终结，以被告人{suspects}涉嫌{charges}，于{transferDate}向本院移送审查起诉。本院受理后，依法告知了被告人有权委托辩护人，依法讯问了被告人，审查了全部案件材料。',
      '经依法审查查明：{facts}',
      '{evidence}',
      '本院认为，被告人{suspects}的行为触犯了{chargeArticles}，犯罪事实清楚，证据确实、充分，应当以{charges}追究其刑事责任。根据《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉，请依法判处。',
    ],
    closing: ['此致', '{receiverName}'],
    addressedTo: 'courtName',
    fields: [
      RECEIVER, FACTS, EVIDENCE,
      { key: 'investigatingAgency', zh: '侦查机关', required: false, default: '公安机关' },
      // The date of the P2 移送审查起诉 on the case (case data); typed only where the case has none. No default:
      // a default once printed 于依法向本院移送审查起诉 with the date missing.
      { key: 'transferDate', zh: '移送审查起诉日期', required: false },
    ],
  },
  {
    id: 'supplementary_investigation_return', docType: 'supplementary_investigation_return', title: '退回补充侦查决定书', issuers: ['procuratorate'],
    volume: { procuratorate: 'procuratorate_main' },
    recipient: '{receiverName}：',
    body: [
      '你局移送审查起诉的犯罪嫌疑人{suspects}涉嫌{charges}一案，经本院审查认为：{reason}',
      '根据《中华人民共和国刑事诉讼法》第一百七十五条第二款之规定，决定退回你局补充侦查。请在一个月以内补充侦查完毕，并移送本院审查。',
      '附：补充侦查提纲',
    ],
    fields: [RECEIVER, { key: 'reason', zh: '需要补充侦查的理由', required: true }],
  },
  {
    id: 'criminal_judgment', docType: 'criminal_judgment', title: '刑 事 判 决 书', issuers: ['court'],
    volume: { court: 'court_main' },
    body: [
      '公诉机关{prosecutor}。',
      '{defendantDetails}',
      '{prosecutor}以{procuratorateNumber}起诉书指控被告人{suspects}犯{charges}，于{filingDate}向本院提起公诉。本院依法组成合议庭，公开开庭审理了本案。现已审理终结。',
      '公诉机关指控：{charge}',
      '经审理查明：{facts}',
      '本院认为：{reasoning}',
      '依照{chargeArticles}之规定，判决如下：',
      '{verdict}',
      '如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向上一级人民法院提出上诉。书面上诉的，应当提交上诉状正本一份，副本二份。',
    ],
    fields: [
      { key: 'prosecutor', zh: '公诉机关', required: true },
      { key: 'filingDate', zh: '提起公诉日期', required: false }, // from the P3 提起公诉 on the case, as transferDate
      { key: 'charge', zh: '指控内容', required: false, default: '（待填写）' },
      { key: 'facts', zh: '经审理查明的事实', required: false, default: '（待填写）' },
      { key: 'reasoning', zh: '本院认为', required: false, default: '（待填写）' },
      { key: 'verdict', zh: '判决主文', required: false, default: '（待填写）' },
    ],
  },
  {
    id: 'execution_notice', docType: 'execution_notice', title: '执行通知书', issuers: ['court'],
    volume: { court: 'court_main' },
    recipient: '{receiverName}：',
    body: [
      '本院审理的{charges}一案，罪犯{suspects}的判决（{courtNumber}）已于{effectiveDate}发生法律效力。判处：{sentence}',
      '依照《中华人民共和国刑事诉讼法》第二百六十四条之规定，请将罪犯{suspects}交付执行，并将执行情况书面通知本院。',
      '附：判决书、起诉书副本、结案登记表',
    ],
    fields: [RECEIVER, { key: 'effectiveDate', zh: '生效日期', required: true }, { key: 'sentence', zh: '判处刑罚', required: true }],
  },
  {
    id: 'custody_transfer_certificate', docType: 'custody_transfer_certificate', title: '换 押 证', issuers: ['police', 'procuratorate', 'court'],
    volume: { police: 'litigation_documents', procuratorate: 'procuratorate_main', court: 'court_main' },
    recipient: '{receiverName}：',
    body: [
      '犯罪嫌疑人（被告人）{suspects}涉嫌{charges}一案，因{reason}，自{transferDate}起羁押期限及办案机关变更为{newAgency}。请办理换押手续。',
    ],
    fields: [
      RECEIVER, { key: 'reason', zh: '换押事由', required: true }, { key: 'transferDate', zh: '换押日期', required: true },
      { key: 'newAgency', zh: '接收的办案机关', required: true },
    ],
  },
  {
    id: 'correction_notice', docType: 'correction_notice', title: '纠正违法通知书', issuers: ['procuratorate'],
    volume: { procuratorate: 'procuratorate_main' },
    recipient: '{receiverName}：',
    body: [
      '本院在对{caseTitle}（犯罪嫌疑人{suspects}涉嫌{charges}）的法律监督中发现：{violation}',
      '根据《中华人民共和国刑事诉讼法》第一百条的规定，现通知你单位予以纠正，并请于{replyDays}日以内将纠正情况书面回复本院。',
    ],
    fields: [RECEIVER, { key: 'violation', zh: '违法情形', required: true }, { key: 'replyDays', zh: '回复期限（日）', required: false, default: '十五' }],
  },
  {
    id: 'custody_extension_request', docType: 'custody_extension_request', title: '提请批准延长侦查羁押期限意见书', issuers: ['police'],
    volume: { police: 'litigation_documents' },
    recipient: '{receiverName}：',
    body: [
      '犯罪嫌疑人{suspects}涉嫌{charges}一案，于{arrestDate}被依法逮捕，侦查羁押期限将于{expiryDate}届满。因{reason}，依照《中华人民共和国刑事诉讼法》第{article}条之规定，提请批准延长侦查羁押期限{months}个月。',
    ],
    fields: [
      RECEIVER, { key: 'arrestDate', zh: '逮捕日期', required: true }, { key: 'expiryDate', zh: '羁押期限届满日', required: true },
      { key: 'reason', zh: '延长理由', required: true }, { key: 'article', zh: '法律依据条文', required: false, default: '一百五十六' },
      { key: 'months', zh: '延长月数', required: false, default: '一' },
    ],
  },
  {
    id: 'custody_extension_approval', docType: 'custody_extension_approval', title: '批准延长侦查羁押期限决定书', issuers: ['procuratorate'],
    volume: { procuratorate: 'procuratorate_main' },
    recipient: '{receiverName}：',
    body: [
      '你局提请批准延长犯罪嫌疑人{suspects}（涉嫌{charges}）侦查羁押期限一案，经本院审查，依照《中华人民共和国刑事诉讼法》第{article}条之规定，决定批准延长侦查羁押期限{months}个月，自{fromDate}至{toDate}。',
    ],
    fields: [
      RECEIVER, { key: 'article', zh: '法律依据条文', required: false, default: '一百五十六' }, { key: 'months', zh: '延长月数', required: false, default: '一' },
      { key: 'fromDate', zh: '起始日期', required: true }, { key: 'toDate', zh: '截止日期', required: true },
    ],
  },
  {
    // 公安机关办理刑事案件程序规定 (unverified article): the police notify the 看守所 holding the
    // person of the approved extension and the new expiry, so it keeps the person lawfully
    id: 'custody_extension_notice', docType: 'custody_extension_notice', title: '延长侦查羁押期限通知书', issuers: ['police'],
    volume: { police: 'litigation_documents' },
    recipient: '{receiverName}：',
    addressedTo: 'detentionCentre',
    body: [
      '犯罪嫌疑人{suspects}涉嫌{charges}一案，经{approvingAgency}批准，依照《中华人民共和国刑事诉讼法》第{article}条之规定，对犯罪嫌疑人{suspects}的侦查羁押期限延长{months}个月，至{expiryDate}届满。',
      '特此通知。',
    ],
    fields: [
      RECEIVER, { key: 'approvingAgency', zh: '批准机关', required: true }, { key: 'article', zh: '法律依据条文', required: false, default: '一百五十六' },
      { key: 'months', zh: '延长月数', required: false, default: '一' }, { key: 'expiryDate', zh: '延长后的羁押期限届满日', required: true },
    ],
  },
];

export function findLegalTemplate(id: string): TLegalTemplate | undefined {
  return LEGAL_TEMPLATES.find((t) => t.id === id);
}

/**
 * Documents that are shown or pronounced, not sent to an agency, and so carry no addressee line: the
 * 拘留证 and 逮捕证 are shown to the person (CPL 85, 93), a 裁定书 is pronounced and served like a
 * judgment (CPL 202).
 */
export const UNADDRESSED_DOCUMENTS: ReadonlySet<TDocumentType> = new Set<TDocumentType>(['detention_warrant', 'arrest_warrant', 'criminal_ruling']);

/**
 * A sober form for a document type without its own template: title, recipient, the case with
 * its persons and charges, what the agency decided or did (with the step's own input), and the
 * legal basis of the step. Every process-issued document type renders from this or its own.
 */
export function genericLegalTemplate(docType: TDocumentType): TLegalTemplate {
  const spec = DOCUMENT_TYPES[docType];
  return {
    id: docType, docType, title: spec.zh, issuers: spec.issuers, volume: {},
    ...(UNADDRESSED_DOCUMENTS.has(docType) ? {} : { recipient: '{receiverName}：' }),
    body: [
      '{caseTitle}：犯罪嫌疑人（被告人）{suspects}涉嫌{charges}。',
      '{suspectDetails}',
      '{decisionText}',
      '法律依据：{legalBasis}。',
    ],
    fields: [
      RECEIVER,
      { key: 'decisionText', zh: '决定或者措施', required: true },
      { key: 'legalBasis', zh: '法律依据', required: false, default: '《中华人民共和国刑事诉讼法》' },
    ],
  };
}

/** The template a document type is rendered from: its own, else the generic form. */
export function legalTemplateFor(docType: TDocumentType): TLegalTemplate {
  return LEGAL_TEMPLATES.find((t) => t.docType === docType) ?? genericLegalTemplate(docType);
}

export type TLegalTemplateData = Record<string, string>;

export type TRenderedLegalDocument = {
  title: string;
  recipient: string | null;
  paragraphs: string[];
  closing: string[];
};

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

/** Which placeholders the template needs that `data` (case data + author fields + defaults) lacks. */
export function missingTemplateData(t: TLegalTemplate, data: TLegalTemplateData): string[] {
  const withDefaults = applyDefaults(t, data);
  const needed = new Set<string>();
  for (const s of [t.recipient ?? '', ...t.body, ...(t.closing ?? [])]) for (const m of s.matchAll(PLACEHOLDER)) needed.add(m[1]!);
  return [...needed].filter((k) => !withDefaults[k]);
}

function applyDefaults(t: TLegalTemplate, data: TLegalTemplateData): TLegalTemplateData {
  const out = { ...data };
  for (const f of t.fields) if (!out[f.key] && f.default !== undefined) out[f.key] = f.default;
  return out;
}

/** Fill a template. Throws a RangeError naming the missing keys (the server maps it to a 400). */
export function renderLegalTemplate(t: TLegalTemplate, data: TLegalTemplateData): TRenderedLegalDocument {
  const missing = missingTemplateData(t, data);
  if (missing.length) throw new RangeError(`missing template data: ${missing.join(', ')}`);
  const d = applyDefaults(t, data);
  const fill = (s: string) => s.replace(PLACEHOLDER, (_, k: string) => d[k]!);
  return {
    title: t.title,
    recipient: t.recipient ? fill(t.recipient) : null,
    paragraphs: t.body.flatMap((p) => fill(p).split('\n')).filter((p) => p.trim() !== ''),
    closing: (t.closing ?? []).map(fill),
  };
}
