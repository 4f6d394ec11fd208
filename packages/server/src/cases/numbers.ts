/**
 * Each agency's own number for a case, generated in its real format and allocated from a
 * per-agency counter inside the caller's transaction (no gaps from races, no duplicates).
 */
import { deriveCourtCode, formatCourtCaseNumber, formatPoliceCaseNumber, formatProcuratorateCaseNumber } from '@xietong/core/cases';
import { sql, type RawBuilder } from 'kysely';
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

/** A number to allocate: its counter series, and its format around the sequence. */
export type TNumberPlan = { agencyId: string; series: string; year: number; format: (sequence: number) => string; maxSequence?: number };

/** 检察院 部门受案号: 长朝检刑诉受[2021]220104000123号 (刑捕受 for arrest review). */
export function procuratorateNumberPlan(agency: TAgencyRow, businessCode: '刑捕受' | '刑诉受', at: Date): TNumberPlan {
  const { year } = shanghaiParts(at);
  const abbreviation = chineseAbbreviation(agency.short_name, agency.name);
  return {
    agencyId: agency.id, series: `bmsah-${businessCode}`, year, maxSequence: 999_999,
    format: (sequence) => formatProcuratorateCaseNumber({ abbreviation, businessCode, year, unitCode: agency.region_code, sequence }),
  };
}

/** 法院 案号: （2021）吉0104刑初123号. */
export function courtNumberPlan(agency: TAgencyRow, typeCode: '刑初' | '刑终', at: Date): TNumberPlan {
  const { year } = shanghaiParts(at);
  const courtCode = deriveCourtCode(agency.region_code) ?? agency.short_name;
  return {
    agencyId: agency.id, series: `ah-${typeCode}`, year,
    format: (sequence) => formatCourtCaseNumber({ format: 'current', year, courtCode, typeCode, sequence }),
  };
}

export async function allocatePlanned(tx: TTx, plan: TNumberPlan): Promise<string> {
  return plan.format(await nextInSeries(tx, plan.agencyId, plan.series, plan.year));
}

const SENTINEL = 987_654;

/** A number format as prefix + sequence (zero-padded to `width`) + suffix, or null when it is not one. */
export function sequenceInFormat(format: (sequence: number) => string): { prefix: string; suffix: string; width: number } | null {
  const probe = format(SENTINEL);
  const at = probe.indexOf(String(SENTINEL));
  if (at < 0 || probe.indexOf(String(SENTINEL), at + 1) >= 0) return null;
  const prefix = probe.slice(0, at);
  const suffix = probe.slice(at + String(SENTINEL).length);
  const width = format(1).length - prefix.length - suffix.length;
  if (width < 1 || format(1) !== `${prefix}${'1'.padStart(width, '0')}${suffix}` || format(1234) !== `${prefix}${'1234'.padStart(width, '0')}${suffix}`) return null;
  return { prefix, suffix, width };
}

/**
 * The counter step and the formatted number as SQL, for a caller that allocates inside its one
 * statement of writes just before COMMIT (issue 13: the counter row is the hot spot, held for the
 * shortest time). `counter` names the CTE that bumps the counter; the number reads its `last`.
 * Every format here is prefix + sequence (zero-padded to a width) + suffix; a format that is not
 * says so (null) and the caller allocates the usual way.
 */
export function allocateInSql(plan: TNumberPlan, counter: string): { bump: RawBuilder<unknown>; number: RawBuilder<string> } | null {
  const around = sequenceInFormat(plan.format);
  if (!around) return null;
  const { prefix, suffix, width } = around;
  const seq = sql`(SELECT last FROM ${sql.raw(counter)})`;
  const formatted = sql<string>`(${prefix}::text || lpad(${seq}::text, greatest(${sql.lit(width)}, length(${seq}::text)), '0') || ${suffix}::text)`;
  return {
    bump: sql`INSERT INTO number_counters (agency_id, series, year, last) VALUES (${plan.agencyId}, ${plan.series}, ${plan.year}, 1)
      ON CONFLICT (agency_id, series, year) DO UPDATE SET last = number_counters.last + 1 RETURNING last`,
    // past the format's range the cast fails the statement (the formatter would throw)
    number: plan.maxSequence === undefined ? formatted : sql<string>`(CASE WHEN ${seq} <= ${sql.lit(plan.maxSequence)} THEN ${formatted} ELSE ('sequence out of range: ' || ${seq})::int::text END)`,
  };
}

/** 检察院 部门受案号, allocated now. */
export async function allocateProcuratorateNumber(tx: TTx, agency: TAgencyRow, businessCode: '刑捕受' | '刑诉受', at: Date): Promise<string> {
  return allocatePlanned(tx, procuratorateNumberPlan(agency, businessCode, at));
}

/** 法院 案号, allocated now. */
export async function allocateCourtNumber(tx: TTx, agency: TAgencyRow, typeCode: '刑初' | '刑终', at: Date): Promise<string> {
  return allocatePlanned(tx, courtNumberPlan(agency, typeCode, at));
}
