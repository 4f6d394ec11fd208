/**
 * 文号 of every issued 法律文书: `<机关简称><业务字>〔year〕N号`, e.g. 长朝公提捕字〔2026〕12号,
 * 长朝检批捕字〔2026〕3号. One series per agency × 字 × year (the server allocates it without
 * gaps in commit order). The 字 per document type is a default table here; an agency may
 * override any entry (table `document_words`), and its 机关简称 (`agencies.document_number_org`).
 *
 * The words follow the published forms where known (提捕字, 批捕字, 不捕字, 起诉字, 不诉字,
 * 刑初字); the rest are plausible and unverified — local practice differs (cases-and-codes.md §2–3).
 */
import type { TAgencyType } from '../agencies';
import { formatDocumentNumber } from '../cases/document-numbers';
import { DOCUMENT_TYPES, type TDocumentType } from '../processes/documents';

export const DOCUMENT_WORDS: Readonly<Record<TDocumentType, string>> = {
  detention_warrant: '拘字',
  detention_family_notice: '拘通字',
  detention_extension_notice: '延拘字',
  arrest_request: '提捕字',
  arrest_warrant: '捕字',
  arrest_family_notice: '捕通字',
  release_notice: '释字',
  release_certificate: '释证字',
  execution_receipt: '执回字',
  reconsideration_request: '要复议字',
  superior_review_request: '提复核字',
  prosecution_opinion: '诉字',
  custody_transfer_certificate: '换押字',
  property_transfer_list: '移物字',
  supplementary_investigation_report: '补侦字',
  filing_decision: '立字',
  non_filing_explanation: '不立说字',
  custody_extension_request: '提延字',
  custody_extension_notice: '延押字',
  measure_change_notice: '变更字',
  legality_check_notice: '核查通字',
  involvement_request_letter: '商介字',
  reexamination_request: '要复查字',
  correction_reply: '纠复字',
  bail_decision: '取保字',
  residential_surveillance_decision: '监居字',
  execution_notice: '执通字',
  measure_change_refusal: '不变更字',
  arrest_decision: '决捕字',
  arrest_approval: '批捕字',
  arrest_refusal: '不捕字',
  arrest_refusal_reasons: '不捕说字',
  supplementary_investigation_outline: '补侦纲字',
  reconsideration_decision: '复议字',
  superior_review_decision: '复核字',
  case_receipt_notice: '受案字',
  supplementary_investigation_return: '退查字',
  indictment: '起诉字',
  non_prosecution_decision: '不诉字',
  sentencing_recommendation: '量建字',
  plea_agreement: '认罚字',
  plea_rights_notice: '认罚告字',
  duty_lawyer_request: '援通字',
  duty_lawyer_assignment: '援指字',
  assessment_request: '评委字',
  assessment_opinion: '评估字',
  procedure_recommendation: '程建字',
  protest: '抗字',
  protest_withdrawal: '撤抗字',
  withdrawal_decision: '撤诉字',
  postponement_proposal: '建延字',
  correction_notice: '纠违字',
  procuratorial_recommendation: '检建字',
  non_filing_explanation_request: '要说字',
  filing_notice: '通立字',
  filing_reminder: '催办字',
  custody_extension_approval: '批延字',
  custody_extension_refusal: '不批延字',
  custody_necessity_proposal: '羁必字',
  interview_record: '询字',
  legality_check_conclusion: '核查字',
  reexamination_decision: '复查字',
  correction_reminder: '纠催字',
  petition_review_decision: '刑申复决字',
  guidance_opinion: '引导字',
  court_appearance_notice: '出庭字',
  postponement_decision: '延审字',
  criminal_judgment: '刑初字',
  sentencing_adjustment_request: '量调字',
  criminal_ruling: '刑裁字',
  indictment_copy: '诉副字',
  case_closure_form: '结案字',
  measure_change_application: '申变字',
  appeal_petition: '上诉字',
  community_correction_notice: '矫通字',
  revocation_proposal: '撤建字',
  correction_termination_certificate: '解矫字',
  commutation_proposal: '减假建字',
  execution_change_opinion: '执检意字',
  execution_change_objection: '执纠字',
  temporary_release_proposal: '监外提字',
  temporary_release_decision: '监外决字',
};

/** The 字 of a document type: the agency's override, else the default table. */
export function documentWord(docType: string, overrides: Readonly<Record<string, string>> = {}): string {
  const w = overrides[docType] ?? (DOCUMENT_WORDS as Record<string, string>)[docType];
  if (!w) throw new RangeError(`no 文号字 for document type ${docType}`);
  return w;
}

/** A 字 is Chinese characters ending in 字 (提捕字); an override is checked against this. */
export const DOCUMENT_WORD_RE = /^[\u4e00-\u9fa5]{1,6}字$/;

const KIND_CHAR: Partial<Record<TAgencyType, string>> = {
  police: '公', procuratorate: '检', court: '法', detention: '看', prison: '狱', correction: '矫', justice: '司',
};

/**
 * 机关简称 in a 文号: the agency's own short name when it is Chinese (长朝公, 长朝检), else two
 * characters of its name and its kind (长春公, 长春检), so a police and a procuratorate of one
 * city never print the same 简称.
 */
export function documentNumberAgency(shortName: string, name: string, type?: TAgencyType): string {
  if (/^[\u4e00-\u9fa5]+$/.test(shortName)) return shortName;
  const han = [...name].filter((c) => /[\u4e00-\u9fa5]/.test(c)).slice(0, 2).join('') || '本';
  return `${han}${(type && KIND_CHAR[type]) ?? ''}`;
}

export const ISSUED_NUMBER_PATTERN = '{org}{doc}〔{year}〕{seq}号';

/** The documented format: Chinese 简称 and 字, full-width 〔〕, 4-digit year, a number from 1. */
export const ISSUED_NUMBER_RE = /^([\u4e00-\u9fa5]+字)〔(\d{4})〕([1-9]\d*)号$/;

export function formatIssuedNumber(p: { org: string; word: string; year: number; seq: number }): string {
  if (!DOCUMENT_WORD_RE.test(p.word)) throw new RangeError(`not a 文号字: ${p.word}`);
  return formatDocumentNumber({ pattern: ISSUED_NUMBER_PATTERN }, { org: p.org, doc: p.word, year: p.year, seq: p.seq });
}

/** Split a 文号 of the agency `org` into its 字, year and number (null if it is not one). */
export function parseIssuedNumber(number: string, org: string): { word: string; year: number; seq: number } | null {
  if (!number.startsWith(org)) return null;
  const m = ISSUED_NUMBER_RE.exec(number.slice(org.length));
  if (!m || !DOCUMENT_WORD_RE.test(m[1]!)) return null;
  return { word: m[1]!, year: Number(m[2]), seq: Number(m[3]) };
}

/** The Chinese name of a document type. */
export function documentTypeZh(docType: string): string {
  return (DOCUMENT_TYPES as Record<string, { zh: string }>)[docType]?.zh ?? docType;
}
