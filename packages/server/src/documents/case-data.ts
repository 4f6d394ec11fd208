/**
 * The case card as template data (一家录入, 多家共享: documents are filled from the shared
 * record, never retyped).
 */
import { getCharge, formatChargeArticle, isChargeCode } from '@xietong/core/charges';
import { documentNumberOrg, formatBodyDate, formatChineseDate } from '@xietong/core/dossier';
import type { TDb, TTx } from '../db/database';
import { shanghaiParts } from '../cases/numbers';
import { readCaseCharges } from '../dossier/evidence-check';

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

export type TAgencyInfo = { id: string; name: string; short_name: string; type: string };

export async function loadTemplateCaseData(db: TDb | TTx, caseId: string, agency: TAgencyInfo, now: Date): Promise<Record<string, string>> {
  const c = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const persons = await db.selectFrom('case_persons').select(['name', 'sex', 'birth_date', 'resident_id']).where('case_id', '=', caseId).orderBy('position').execute();
  const charges = (await readCaseCharges(db, caseId)).filter(isChargeCode);
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
  // fact dates of the case, entered once by the step that made them (移送审查起诉, 提起公诉 …)
  Object.assign(data, await loadFactDates(db, caseId));
  return data;
}

/**
 * Dates and agencies a document states that the case's own history already holds: the
 * 起诉书 names the day of 移送审查起诉, the 判决书 the day of 提起公诉 and the 公诉机关.
 */
async function loadFactDates(db: TDb | TTx, caseId: string): Promise<Record<string, string>> {
  const events = await db.selectFrom('process_events as e').innerJoin('process_instances as i', 'i.id', 'e.instance_id')
    .innerJoin('agencies as a', 'a.id', 'i.initiator_agency_id')
    .select(['e.process', 'e.action', 'e.at', 'a.name as initiator'])
    .where('e.case_id', '=', caseId).where('e.action', 'in', ['submit', 'execute_arrest', 'record_effective'])
    .orderBy('e.at').execute();
  const first = (process: string, action: string) => events.find((e) => e.process === process && e.action === action);
  const out: Record<string, string> = {};
  const transfer = first('prosecution_transfer', 'submit');
  if (transfer) Object.assign(out, { transferDate: bodyDate(transfer.at), investigatingAgency: transfer.initiator });
  const filing = first('public_prosecution', 'submit');
  if (filing) Object.assign(out, { filingDate: bodyDate(filing.at), prosecutor: filing.initiator });
  // the arrest date is the fact date recorded on the person (执行逮捕 arrestedAt), not the click
  const arrested = await db.selectFrom('person_measures').select('started_at').where('case_id', '=', caseId).where('measure', '=', 'arrest')
    .orderBy('started_at').executeTakeFirst();
  const arrest = arrested?.started_at ?? first('arrest', 'execute_arrest')?.at;
  if (arrest) out.arrestDate = bodyDate(new Date(arrest));
  const effective = first('public_prosecution', 'record_effective');
  if (effective) out.effectiveDate = bodyDate(effective.at);
  return out;
}
