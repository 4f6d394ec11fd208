/**
 * The 法律文书 a process step issues (`documents.produces` and the chosen `optional`): each a
 * real signed PDF through the one `issueLegalDocument` (same 文号 service as generated
 * documents), rendered from its template with the case card and the step's own input, filed in
 * the issuing agency's volume, and recorded against the event (process_documents.document_id)
 * so the timeline links to it. Documents a step only refers to (`required`) are not issued again.
 */
import { agencyById } from '../agencies/agency-cache';
import {
  describeStepZh, formatBodyDate, formatCivilBodyDate, formatInputValueZh, formatLegalBasisZh, genericLegalTemplate, legalTemplateFor, LEGAL_TEMPLATES, missingTemplateData, type TLegalTemplateData,
} from '@xietong/core/dossier';
import { getProcess, type TDocumentType, type TTransitionSpec } from '@xietong/core/processes';
import type { TTx } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { loadStepCaseData } from '../documents/case-data';
import { shanghaiParts } from '../cases/numbers';
import { allocateDocumentNumber, issueLegalDocument, loadIssuingAgency, type TIssueDeps } from '../documents/issue-legal-document';
import type { TParticipants } from './participants';

export type TStepDocuments = {
  transition: TTransitionSpec;
  /** The flow is still in the sender's draft after the step (拘留证 …): nobody to address. */
  staysInDraft?: boolean;
  process: string;
  caseId: string;
  instanceId: string;
  eventId: string;
  side: string;
  participants: TParticipants;
  docs: readonly string[];
  input: Record<string, unknown>;
  at: Date;
};

const UNRECORDED = '（本案尚未登记）';

/** Template data for a step's documents: case card, recipient, the decision with its input, the legal basis. */
async function stepData(tx: TTx, agency: Awaited<ReturnType<typeof loadIssuingAgency>>, o: TStepDocuments): Promise<TLegalTemplateData> {
  const { data: base, judgmentInput, custodyDue } = await loadStepCaseData(tx, o.caseId, agency, o.at);
  // the document goes to the other party of the flow: the receiver's to the initiator and back
  const toId = o.side === 'initiator' ? o.participants.receiver : o.participants.initiator;
  const to = toId ? await agencyById(tx, toId) : undefined;
  const fields = o.transition.input ?? [];
  const { year, month, day } = shanghaiParts(o.at);
  const decisionText = describeStepZh({ date: formatBodyDate(year, month, day), labelZh: o.transition.label.zh, fields, input: o.input });
  const fromInput = Object.fromEntries(fields.map((f) => [f.name, formatInputValueZh(f, o.input[f.name])]).filter((e): e is [string, string] => !!e[1]));
  // facts the case history holds that execution and custody documents state
  const verdictField = getProcess('public_prosecution')?.transitions.find((t) => t.action === 'pronounce_judgment')?.input?.find((f) => f.name === 'verdict');
  const verdict = judgmentInput && verdictField ? formatInputValueZh(verdictField, judgmentInput.verdict) : null;
  return {
    suspects: UNRECORDED, suspectDetails: `犯罪嫌疑人${UNRECORDED}`, defendantDetails: `被告人${UNRECORDED}`, charges: UNRECORDED, chargeArticles: UNRECORDED,
    ...base,
    receiverName: to?.name ?? agency.name,
    decisionText,
    legalBasis: formatLegalBasisZh(o.transition.articles ?? []),
    facts: base.caseSummary || base.caseTitle!,
    reason: decisionText,
    newAgency: to?.name ?? agency.name,
    ...(verdict ? { sentence: verdict } : {}),
    ...(custodyDue ? { expiryDate: formatCivilBodyDate(custodyDue) } : {}),
    ...fromInput,
  };
}

export async function issueStepDocuments(tx: TTx, ctx: TAuthedContext, deps: TIssueDeps | null, o: TStepDocuments): Promise<void> {
  if (!o.docs.length) return;
  const agency = await loadIssuingAgency(tx, ctx.actor.agencyId);
  const data = deps ? await stepData(tx, agency, o) : {};
  for (const doc of o.docs) {
    if (!deps) {
      // demo history without rendering (seed-demo-cases): the number only, from the same series
      const number = await allocateDocumentNumber(tx, agency, doc, o.at);
      await tx.insertInto('process_documents').values({ case_id: o.caseId, instance_id: o.instanceId, event_id: o.eventId, doc_type: doc, agency_id: agency.id, number, issued_at: o.at }).execute();
      continue;
    }
    const own = LEGAL_TEMPLATES.some((t) => t.docType === doc);
    const template = own ? legalTemplateFor(doc as TDocumentType) : { ...genericLegalTemplate(doc as TDocumentType), ...(o.staysInDraft ? { recipient: undefined } : {}) };
    const filled = { ...data };
    for (const k of missingTemplateData(template, filled)) filled[k] = UNRECORDED;
    const issued = await issueLegalDocument(tx, ctx, deps, {
      caseId: o.caseId, agency, template, data: filled, at: o.at,
      audit: { process: o.process, action: o.transition.action, eventId: o.eventId },
    });
    await tx.insertInto('process_documents').values({
      case_id: o.caseId, instance_id: o.instanceId, event_id: o.eventId, doc_type: doc, agency_id: agency.id, number: issued.number, issued_at: o.at, document_id: issued.documentId,
    }).execute();
  }
}
