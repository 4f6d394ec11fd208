/**
 * The case card as template data (一家录入, 多家共享: documents are filled from the shared
 * record, never retyped).
 */
import { getCharge, formatChargeArticle, isChargeCode } from '@xietong/core/charges';
import { documentNumberOrg, formatBodyDate, formatChineseDate } from '@xietong/core/dossier';
import { prepared, type TDb, type TTx } from '../db/database';
import { shanghaiParts } from '../cases/numbers';
import { sql } from 'kysely';

const SEX_ZH: Record<string, string> = { male: '男', female: '女' };

function personLine(title: string, p: { name: string; sex: string; birth_date: string | null; resident_id: string | null }): string {
  const parts = [`${title}${p.name}`, SEX_ZH[p.sex] ?? null];
  if (p.birth_date) {
    const [y, m, d] = p.birth_date.split('-').map(Number);
    parts.push(`${y}年${m}月${d}日出生`);
  }
  if (p.resident_id) parts.push(`公民身份号码${p.resident_id}`);
  return `${parts.filter(Boolean).join('，')}。`;
}

/** A date in the body of a 法律文书: 2026年12月1日 (Shanghai calendar day); the 落款 `date` is 二〇二六年十二月一日. */
function bodyDate(d: Date): string {
  const { year, month, day } = shanghaiParts(d);
  return formatBodyDate(year, month, day);
}

/** Steps whose dates later documents state (factDates below). */
const FACT_ACTIONS: readonly string[] = ['submit', 'execute_arrest', 'record_effective'];

export type TAgencyInfo = { id: string; name: string; short_name: string; type: string };

type TCaseDataRow = {
  title: string; summary: string; police_number: string | null; procuratorate_number: string | null; court_number: string | null;
  persons: { name: string; sex: string; birth_date: string | null; resident_id: string | null }[];
  charges: string[];
  events: { process: string; action: string; at: string; initiator: string }[];
  arrested_at: Date | null;
  judgment_input: Record<string, unknown> | null;
  custody_due: string | null;
  detention_centre: string | null;
  words: Record<string, string> | null;
};

/** The case card as template data. */
export async function loadTemplateCaseData(db: TDb | TTx, caseId: string, agency: TAgencyInfo, now: Date): Promise<Record<string, string>> {
  return (await loadStepCaseData(db, caseId, agency, now)).data;
}

/**
 * The case card, its persons, charges and fact events in one round trip (issue 13), with what a
 * step's documents also state: the latest judgment's input (执行 documents) and the running custody
 * deadline — the person's custody timer (CPL 156 …), else a flow's custody timer.
 */
export async function loadStepCaseData(db: TDb | TTx, caseId: string, agency: TAgencyInfo, now: Date, opts: {
  /** the issuing agency's 文号字 overrides for these document types (document_words), read in the same round trip */
  words?: readonly string[];
  /** the step being recorded, when its event is not written yet (the statement of writes comes later) */
  current?: { process: string; action: string; at: Date; initiator: string };
} = {}): Promise<{
  data: Record<string, string>; judgmentInput: Record<string, unknown> | null; custodyDue: string | null; words: Record<string, string>;
}> {
  // a fixed text per shape (with or without 文号字 overrides), the fact actions written into it: a
  // named prepared statement that PostgreSQL stops planning after its first runs (issue 13)
  const { rows: [c] } = await sql<TCaseDataRow>`${prepared}
    SELECT c.title, c.summary, c.police_number, c.procuratorate_number, c.court_number,
      coalesce((SELECT json_agg(json_build_object('name', p.name, 'sex', p.sex, 'birth_date', p.birth_date, 'resident_id', p.resident_id) ORDER BY p.position)
                FROM case_persons p WHERE p.case_id = c.id), '[]'::json) AS persons,
      coalesce((SELECT json_agg(cc.charge_code ORDER BY cc.position) FROM case_charges cc WHERE cc.case_id = c.id), '[]'::json) AS charges,
      coalesce((SELECT json_agg(json_build_object('process', e.process, 'action', e.action, 'at', e.at, 'initiator', a.name) ORDER BY e.at)
                FROM process_events e JOIN process_instances i ON i.id = e.instance_id JOIN agencies a ON a.id = i.initiator_agency_id
                WHERE e.case_id = c.id AND e.action IN (${sql.join(FACT_ACTIONS.map((a) => sql.lit(a)))})), '[]'::json) AS events,
      (SELECT min(m.started_at) FROM person_measures m WHERE m.case_id = c.id AND m.measure = 'arrest') AS arrested_at,
      (SELECT e.input FROM process_events e WHERE e.case_id = c.id AND e.action = 'pronounce_judgment' ORDER BY e.id DESC LIMIT 1) AS judgment_input,
      coalesce((SELECT min(t.due) FROM person_custody_timers t WHERE t.case_id = c.id AND t.status = 'running' AND t.in_custody),
               (SELECT min(t.due) FROM process_timers t WHERE t.case_id = c.id AND t.status = 'running' AND t.in_custody)) AS custody_due,
      (SELECT a.name FROM person_measures m JOIN agencies a ON a.id = m.detention_centre_id
        WHERE m.case_id = c.id AND m.ended_at IS NULL ORDER BY m.started_at DESC LIMIT 1) AS detention_centre,
      ${opts.words?.length
        ? sql`(SELECT json_object_agg(w.doc_type, w.word) FROM document_words w WHERE w.agency_id = ${agency.id} AND w.doc_type = ANY(${[...opts.words]}::text[]))`
        : sql`NULL::json`} AS words
    FROM cases c WHERE c.id = ${caseId}`.execute(db);
  if (!c) throw new Error(`no case ${caseId}`);
  const persons = c.persons;
  const charges = c.charges.filter(isChargeCode);
  const { year, month, day } = shanghaiParts(now);
  const data: Record<string, string> = {
    caseTitle: c.title,
    caseSummary: c.summary,
    agencyName: agency.name,
    date: formatChineseDate(year, month, day),
    org: documentNumberOrg(agency.short_name, agency.name),
  };
  if (persons.length) {
    data.suspects = persons.map((p) => p.name).join('、');
    data.suspectDetails = persons.map((p) => personLine('犯罪嫌疑人', p)).join('\n');
    data.defendantDetails = persons.map((p) => personLine('被告人', p)).join('\n');
  }
  if (charges.length) {
    data.charges = charges.map((code) => getCharge(code).zh).join('、');
    data.chargeArticles = `《中华人民共和国刑法》${charges.map((code) => formatChargeArticle(code).replace(/^刑法/, '')).join('、')}`;
  }
  if (c.police_number) data.policeNumber = c.police_number;
  if (c.procuratorate_number) data.procuratorateNumber = c.procuratorate_number;
  if (c.court_number) data.courtNumber = c.court_number;
  // the 看守所 holding the person (a custody notice is addressed to it)
  if (c.detention_centre) data.detentionCentre = c.detention_centre;
  // fact dates of the case, entered once by the step that made them (移送审查起诉, 提起公诉 …)
  const events = c.events.map((e) => ({ ...e, at: new Date(e.at) }));
  if (opts.current && FACT_ACTIONS.includes(opts.current.action)) events.push(opts.current);
  Object.assign(data, factDates(events, c.arrested_at));
  return { data, judgmentInput: c.judgment_input, custodyDue: c.custody_due, words: c.words ?? {} };
}

/**
 * Dates and agencies a document states that the case's own history already holds: the
 * 起诉书 names the day of 移送审查起诉, the 判决书 the day of 提起公诉 and the 公诉机关.
 */
function factDates(events: { process: string; action: string; at: Date; initiator: string }[], arrestedAt: Date | null): Record<string, string> {
  const first = (process: string, action: string) => events.find((e) => e.process === process && e.action === action);
  const out: Record<string, string> = {};
  const transfer = first('prosecution_transfer', 'submit');
  if (transfer) Object.assign(out, { transferDate: bodyDate(transfer.at), investigatingAgency: transfer.initiator });
  const filing = first('public_prosecution', 'submit');
  if (filing) Object.assign(out, { filingDate: bodyDate(filing.at), prosecutor: filing.initiator });
  // the arrest date is the fact date recorded on the person (执行逮捕 arrestedAt), not the click
  const arrest = arrestedAt ?? first('arrest', 'execute_arrest')?.at;
  if (arrest) out.arrestDate = bodyDate(new Date(arrest));
  const effective = first('public_prosecution', 'record_effective');
  if (effective) out.effectiveDate = bodyDate(effective.at);
  return out;
}
