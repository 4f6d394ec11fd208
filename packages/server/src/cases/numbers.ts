/**
 * Each agency's own number for a case, generated in its real format and allocated from a
 * per-agency counter inside the caller's transaction (no gaps from races, no duplicates).
 */
import { deriveCourtCode, formatCourtCaseNumber, formatPoliceCaseNumber, formatProcuratorateCaseNumber } from '@xietong/core/cases';
import { sql } from 'kysely';
import type { TTx } from '../db/database';

export async function nextInSeries(tx: TTx, agencyId: string, series: string, year: number): Promise<number> {
  const row = await tx
    .insertInto('number_counters')
    .values({ agency_id: agencyId, series, year, last: 1 })
    .onConflict((oc) => oc.columns(['agency_id', 'series', 'year']).doUpdateSet({ last: sql`number_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/** Beijing civil date parts of an instant. */
export function shanghaiParts(d: Date): { year: number; month: number; day: number } {
  const s = new Date(d.getTime() + 8 * 3600_000);
  return { year: s.getUTCFullYear(), month: s.getUTCMonth() + 1, day: s.getUTCDate() };
}

type TAgencyRow = { id: string; unit_code: string; region_code: string; short_name: string; name?: string };

/** 院简称 for 受案号: the Chinese characters of the short name without 检 (长朝检 → 长朝). */
function chineseAbbreviation(shortName: string, name = ''): string {
  const pick = (s: string) => [...s].filter((ch) => /[\u4e00-\u9fa5]/.test(ch) && ch !== '检').join('').slice(0, 8);
  return pick(shortName) || pick(name).slice(0, 2) || '本院';
}

/** 公安 案件编号: A + 12-digit unit code + yyyymm + 4-digit sequence. */
export async function allocatePoliceNumber(tx: TTx, agency: TAgencyRow, at: Date): Promise<string> {
  const { year, month } = shanghaiParts(at);
  const seq = await nextInSeries(tx, agency.id, `ajbh-${String(month).padStart(2, '0')}`, year);
  const unitCode = /^\d{12}$/.test(agency.unit_code) ? agency.unit_code : agency.region_code.padEnd(12, '0');
  return formatPoliceCaseNumber({ letter: 'A', unitCode, year, month, sequence: seq });
}

/** 检察院 部门受案号: 长朝检刑诉受[2021]220104000123号 (刑捕受 for arrest review). */
export async function allocateProcuratorateNumber(tx: TTx, agency: TAgencyRow, businessCode: '刑捕受' | '刑诉受', at: Date): Promise<string> {
  const { year } = shanghaiParts(at);
  const seq = await nextInSeries(tx, agency.id, `bmsah-${businessCode}`, year);
  const abbreviation = chineseAbbreviation(agency.short_name, agency.name);
  return formatProcuratorateCaseNumber({ abbreviation, businessCode, year, unitCode: agency.region_code, sequence: seq });
}

/** 法院 案号: （2021）吉0104刑初123号. */
export async function allocateCourtNumber(tx: TTx, agency: TAgencyRow, typeCode: '刑初' | '刑终', at: Date): Promise<string> {
  const { year } = shanghaiParts(at);
  const seq = await nextInSeries(tx, agency.id, `ah-${typeCode}`, year);
  const courtCode = deriveCourtCode(agency.region_code) ?? agency.short_name;
  return formatCourtCaseNumber({ format: 'current', year, courtCode, typeCode, sequence: seq });
}
