/**
 * The 法律文书 a process step issues (`documents.produces` and the chosen `optional`): each numbered
 * in the agency's 文号 series (the same service as generated documents), filled from its template
 * with the case card and the step's own input, filed in the issuing agency's volume, and recorded
 * against the event (process_documents.document_id) so the timeline links to it. Documents a step
 * only refers to (`required`) are not issued again.
 *
 * The lean path (issue 13, prepareStepDocuments + addStepDocumentWrites): one read for the template
 * data, then the document rows join the transition's one statement of writes with their 文号 taken
 * from the counter in that statement (the last write before COMMIT, so the counter row, every
 * issue of the agency's year queues on, is held for the shortest time); the signed PDF is rendered
 * after COMMIT from the content stored with the document (documents/render-issued-documents.ts).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TAgencyType } from '@xietong/core';
import { agencyById } from '../agencies/agency-cache';
import {
  describeStepZh, formatBodyDate, formatCivilBodyDate, formatInputValueZh, formatLegalBasisZh, genericLegalTemplate, legalTemplateFor, LEGAL_TEMPLATES, missingTemplateData, type TLegalTemplate, type TLegalTemplateData,
} from '@xietong/core/dossier';
import { getProcess, type TDocumentType, type TTransitionSpec } from '@xietong/core/processes';
import { addDays, type TCivilDate } from '@xietong/core/deadlines';
import type { TTx } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { loadStepCaseData } from '../documents/case-data';
import { sequenceInFormat, shanghaiParts } from '../cases/numbers';
import {
  allocateDocumentNumber, documentNumberPlan, issueContent, issueLegalDocument, issuingVolume, loadIssuingAgency, type TIssueContent, type TIssueDeps, type TIssuingAgency,
} from '../documents/issue-legal-document';
import type { WriteBatch } from '../db/write-batch';
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
  /** the instance data after the step (P8: tier, currentExpiry) */
  data?: Record<string, unknown>;
  /** the custody expiry the step's own custody effects set (P8 approve: the extended one), known before they are written */
  custodyAfter?: string | null;
};

/** CPL 156, 158, 159: the article and the months of each tier of a P8 extension (CUSTODY_EXTENSION_TIERS). */
const EXTENSION_TIER_WORDS: Record<number, { article: string; months: string }> = {
  1: { article: '一百五十六', months: '一' }, 2: { article: '一百五十八', months: '二' }, 3: { article: '一百五十九', months: '二' },
};

const UNRECORDED = '（本案尚未登记）';

/** Template data for a step's documents: case card, recipient, the decision with its input, the legal basis. */
async function stepData(
  tx: TTx, agency: TIssuingAgency, o: TStepDocuments, opts: Parameters<typeof loadStepCaseData>[4] = {},
): Promise<{ data: TLegalTemplateData; words: Record<string, string> }> {
  const { data: base, judgmentInput, custodyDue, words } = await loadStepCaseData(tx, o.caseId, agency, o.at, opts);
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
  // the court of the procuratorate's level and region, whom its 起诉书 is addressed to (one read, for it only)
  const court = documentsNeed(o.docs, 'courtName') ? await courtBeside(tx, agency.id) : undefined;
  // a P8 document states its tier's article and months, the extension's first and last day (CPL 156–159)
  const tier = EXTENSION_TIER_WORDS[Number(o.data?.tier)];
  const currentExpiry = typeof o.data?.currentExpiry === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o.data.currentExpiry) ? o.data.currentExpiry as TCivilDate : null;
  const superior = documentsNeed(o.docs, 'approvingAgency') && o.participants.superior ? await agencyById(tx, o.participants.superior) : undefined;
  const expiry = o.custodyAfter ?? custodyDue;
  const data: TLegalTemplateData = {
    suspects: UNRECORDED, suspectDetails: `犯罪嫌疑人${UNRECORDED}`, defendantDetails: `被告人${UNRECORDED}`, charges: UNRECORDED, chargeArticles: UNRECORDED,
    ...base,
    receiverName: to?.name ?? agency.name,
    decisionText,
    legalBasis: formatLegalBasisZh(o.transition.articles ?? []),
    facts: base.caseSummary || base.caseTitle!,
    reason: decisionText,
    newAgency: to?.name ?? agency.name,
    ...(court ? { courtName: court } : {}),
    ...(verdict ? { sentence: verdict } : {}),
    ...(expiry ? { expiryDate: formatCivilBodyDate(expiry) } : {}),
    ...fromInput,
    ...(tier ?? {}),
    ...(superior ? { approvingAgency: superior.name } : {}),
    ...(currentExpiry ? { fromDate: formatCivilBodyDate(addDays(currentExpiry, 1)) } : {}),
    ...(o.custodyAfter ? { toDate: formatCivilBodyDate(o.custodyAfter) } : {}),
  };
  return { data, words };
}

/** The court of an agency's own level and region (朝阳区人民检察院 → 朝阳区人民法院), if the platform has one. */
async function courtBeside(tx: TTx, agencyId: string): Promise<string | undefined> {
  const self = await agencyById(tx, agencyId);
  if (!self) return undefined;
  const row = await tx.selectFrom('agencies').select('name').where('type', '=', 'court')
    .where('region_code', '=', self.region_code).where('level', '=', self.level).orderBy('created_at').executeTakeFirst();
  return row?.name;
}

/** The template of a document type the step issues, with every placeholder the case cannot fill marked as unrecorded. */
function filledTemplate(doc: string, data: TLegalTemplateData, staysInDraft: boolean | undefined): { template: TLegalTemplate; filled: TLegalTemplateData } {
  const own = LEGAL_TEMPLATES.some((t) => t.docType === doc);
  const template = own ? legalTemplateFor(doc as TDocumentType) : { ...genericLegalTemplate(doc as TDocumentType), ...(staysInDraft ? { recipient: undefined } : {}) };
  const filled = { ...data };
  // addressed elsewhere than the other party of the flow: the 起诉书 to the court (not back to the
  // police), the 延长侦查羁押期限通知书 to the 看守所 (not to the procuratorate)
  if (template.addressedTo) filled.receiverName = data[template.addressedTo] ?? UNRECORDED;
  for (const k of missingTemplateData(template, filled)) filled[k] = UNRECORDED;
  return { template, filled };
}

/**
 * Does a document of these types state a running custody deadline (延长羁押期限: 羁押期限届满日)? Then
 * it must be filled after the step's own timer writes (record-transition.ts flushes them first).
 */
export function documentsStateDeadlines(docs: readonly string[]): boolean {
  return documentsNeed(docs, 'expiryDate');
}

/** Does a document of these types (with its own template) take `key`, as a field or as its addressee? Then the step reads it. */
function documentsNeed(docs: readonly string[], key: string): boolean {
  return docs.some((doc) => LEGAL_TEMPLATES.some((t) => t.docType === doc && (t.addressedTo === key || t.fields.some((f) => f.key === key))));
}

/** A step's documents, ready to join its statement of writes: ids chosen, content filled, numbers still to allocate. */
export type TPreparedDocuments = {
  caseId: string; instanceId: string; eventId: string; agency: TIssuingAgency; at: Date; userId: string;
  issuedBy: { actor: TAuthedContext['actor']; ip: string | null; userAgent: string | null };
  docs: { id: string; docType: string; volume: string; content: TIssueContent; plan: ReturnType<typeof documentNumberPlan> }[];
};

/**
 * The one read a step's documents need (case card, persons, charges, fact dates, the agency's 文号字
 * overrides) and their content, filled now: what they say is fixed by the step, not by a later render.
 */
export async function prepareStepDocuments(tx: TTx, ctx: TAuthedContext, o: TStepDocuments): Promise<TPreparedDocuments | null> {
  if (!o.docs.length) return null;
  const agency = await loadIssuingAgency(tx, ctx.actor.agencyId);
  const initiator = await agencyById(tx, o.participants.initiator);
  const { data, words } = await stepData(tx, agency, o, {
    words: o.docs, current: { process: o.process, action: o.transition.action, at: o.at, initiator: initiator?.name ?? agency.name },
  });
  return {
    caseId: o.caseId, instanceId: o.instanceId, eventId: o.eventId, agency, at: o.at, userId: ctx.actor.userId,
    issuedBy: { actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent },
    docs: o.docs.map((doc) => {
      const { template, filled } = filledTemplate(doc, data, o.staysInDraft);
      return {
        id: randomUUID(), docType: doc, volume: issuingVolume(template, agency.type as TAgencyType),
        content: issueContent(template, filled, agency, { process: o.process, action: o.transition.action, eventId: o.eventId }),
        plan: documentNumberPlan(agency, doc, o.at, words),
      };
    }),
  };
}

/** The 文号 around its sequence, so SQL can put the allocated number in (every 文号 is prefix + N + suffix, unpadded). */
function numberAround(format: (seq: number) => string): { prefix: string; suffix: string } {
  const around = sequenceInFormat(format);
  if (!around || around.width !== 1) throw new Error(`文号 format is not prefix + sequence + suffix: ${format(1)}`);
  return around;
}

/**
 * The step's documents as writes of its one statement: the counter rows of their series (one row per
 * series, sorted, so two steps lock them in one order; two documents of one 字 take two numbers of
 * one bump), the documents numbered from them, their process_documents rows and the content to
 * render after COMMIT. Added last: the counter rows are locked from this statement to COMMIT only.
 * Returns the ids of the documents to render after COMMIT.
 */
export function addStepDocumentWrites(batch: WriteBatch, p: TPreparedDocuments): string[] {
  const series = [...new Set(p.docs.map((d) => d.plan.series))].sort();
  const taken = new Map(series.map((s) => [s, p.docs.filter((d) => d.plan.series === s).length]));
  const year = p.docs[0]!.plan.year;
  batch.add(sql`INSERT INTO number_counters (agency_id, series, year, last)
    VALUES ${sql.join(series.map((s) => sql`(${p.agency.id}, ${s}, ${year}::int, ${taken.get(s)!}::int)`))}
    ON CONFLICT (agency_id, series, year) DO UPDATE SET last = number_counters.last + EXCLUDED.last RETURNING series, last`, { name: 'doc_counters' });
  const seen = new Map<string, number>();
  const rows = p.docs.map((d) => {
    const k = seen.get(d.plan.series) ?? 0;
    seen.set(d.plan.series, k + 1);
    // the k-th document of its series in this step: the (taken − k − 1)-th number below the counter's new value
    const back = taken.get(d.plan.series)! - k - 1;
    const { prefix, suffix } = numberAround(d.plan.format);
    return sql`(${d.id}::uuid, ${d.volume}, ${d.docType}, ${d.content.title}, ${d.plan.series}, ${back}::int, ${prefix}::text, ${suffix}::text)`;
  });
  batch.add(sql`INSERT INTO documents (id, case_id, agency_id, volume, doc_type, title, origin, number, created_by)
    SELECT v.id, ${p.caseId}, ${p.agency.id}, v.volume, v.doc_type, v.title, 'generated', v.prefix || (c.last - v.back)::text || v.suffix, ${p.userId}
    FROM (VALUES ${sql.join(rows)}) AS v (id, volume, doc_type, title, series, back, prefix, suffix) JOIN doc_counters c ON c.series = v.series
    RETURNING id, doc_type, number`, { name: 'issued_docs' });
  batch.add(sql`INSERT INTO process_documents (case_id, instance_id, event_id, doc_type, agency_id, number, issued_at, document_id)
    SELECT ${p.caseId}, ${p.instanceId}, ${p.eventId}::bigint, d.doc_type, ${p.agency.id}, d.number, ${p.at}, d.id FROM issued_docs d RETURNING id`, { expectRows: p.docs.length });
  batch.add(sql`INSERT INTO document_renders (document_id, case_id, content, issued_by)
    VALUES ${sql.join(p.docs.map((d) => sql`(${d.id}::uuid, ${p.caseId}, ${JSON.stringify(d.content)}::jsonb, ${JSON.stringify(p.issuedBy)}::jsonb)`))}`);
  return p.docs.map((d) => d.id);
}

/**
 * The demo seed's way (seed-demo-cases.ts): numbered, rendered and signed inside the caller's
 * transaction, one document after the other; without deps the number only.
 */
export async function issueStepDocuments(tx: TTx, ctx: TAuthedContext, deps: TIssueDeps | null, o: TStepDocuments): Promise<void> {
  if (!o.docs.length) return;
  const agency = await loadIssuingAgency(tx, ctx.actor.agencyId);
  const data = deps ? (await stepData(tx, agency, o)).data : {};
  for (const doc of o.docs) {
    if (!deps) {
      // demo history without rendering (seed-demo-cases): the number only, from the same series
      const number = await allocateDocumentNumber(tx, agency, doc, o.at);
      await tx.insertInto('process_documents').values({ case_id: o.caseId, instance_id: o.instanceId, event_id: o.eventId, doc_type: doc, agency_id: agency.id, number, issued_at: o.at }).execute();
      continue;
    }
    const { template, filled } = filledTemplate(doc, data, o.staysInDraft);
    const issued = await issueLegalDocument(tx, ctx, deps, {
      caseId: o.caseId, agency, template, data: filled, at: o.at,
      audit: { process: o.process, action: o.transition.action, eventId: o.eventId },
    });
    await tx.insertInto('process_documents').values({
      case_id: o.caseId, instance_id: o.instanceId, event_id: o.eventId, doc_type: doc, agency_id: agency.id, number: issued.number, issued_at: o.at, document_id: issued.documentId,
    }).execute();
  }
}
