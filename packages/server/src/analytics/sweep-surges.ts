/**
 * The surge sweep (激增预警): weekly (surge_settings.period_days) counts of newly registered
 * cases per charge and region are run through core's CUSUM chart (`evaluateSurge`); an alert
 * starting in one of the last complete periods is stored once (unique per charge, region and
 * period) and routed by the alert rules to the subscribed agencies as a 站内信 (kind `alert`),
 * in the same transaction. The same chart over petitions per charge flags a rising petition
 * trend and suggests a 督办 to the region's 政法委 (kind `petition`).
 *
 * Safe with several nodes: the whole sweep runs under a transaction-level advisory lock; a
 * node that does not get it skips the round, and the unique alert row makes a rerun silent.
 */
import { evaluateSurge, lastCompletePeriod, periodBounds, periodOf } from '@xietong/core/analytics';
import { getCharge, type TChargeCode } from '@xietong/core/charges';
import { civilDateInShanghai } from '@xietong/core/deadlines';
import { regionFullName } from '@xietong/core/regions';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { notify } from '../notifications/notify';
import { ROOT_AGENCY_NAME } from '../bootstrap';
import { loadSurgeSettings, methodText, regionKeySql, type TSurgeSettings } from './surge-settings';

export const SURGE_SWEEP_LOCK = 7_240_215_033;
const CHART_PERIODS = 16;
const SYSTEM = { actor: null, ip: null, userAgent: 'surge-sweep' };

type TSeriesRow = { charge: string; region: string; day: string; n: string };
type TRaised = { id: string; charge: string; region: string; from: string; to: string; observed: number; expected: number };

/** Evaluate every series and store the alerts that start in the lookback periods; returns them. */
async function raise(tx: TTx, scope: 'cases' | 'petitions', p: TSurgeSettings, rows: TSeriesRow[], first: number, last: number): Promise<TRaised[]> {
  const series = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.charge}|${r.region}`;
    const counts = series.get(key) ?? Array.from({ length: last - first + 1 }, () => 0);
    const i = periodOf(r.day, p.periodDays) - first;
    if (i >= 0 && i < counts.length) counts[i]! += Number(r.n);
    series.set(key, counts);
  }
  const raised: TRaised[] = [];
  for (const [key, counts] of [...series].sort(([a], [b]) => a.localeCompare(b))) {
    const [charge, region] = key.split('|') as [string, string];
    const points = evaluateSurge(counts, p);
    for (const pt of points) {
      if (!pt.alert || pt.index < counts.length - p.lookbackPeriods) continue;
      const b = periodBounds(first + pt.index, p.periodDays);
      const chart = points.slice(Math.max(0, pt.index - CHART_PERIODS + 1), pt.index + 1)
        .map((x) => ({ from: periodBounds(first + x.index, p.periodDays).from, observed: x.observed, expected: x.expected }));
      const row = await tx.insertInto('surge_alerts').values({
        scope, charge_code: charge, region_code: region, period_from: b.from, period_to: b.to, observed: pt.observed,
        expected: String(pt.expected ?? 0), series: JSON.stringify(chart), method: methodText(p),
      }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (row) raised.push({ id: row.id, charge, region, from: b.from, to: b.to, observed: pt.observed, expected: pt.expected ?? 0 });
    }
  }
  return raised;
}

const chargeName = (c: string) => getCharge(c as TChargeCode)?.zh ?? c;
const chargeNameEn = (c: string) => getCharge(c as TChargeCode)?.en ?? c;
const regionName = (r: string) => regionFullName(r) ?? r;

export async function sweepSurges(db: TDb, opts: { now?: Date } = {}): Promise<{ alerts: number; petitionTrends: number } | null> {
  const today = civilDateInShanghai((opts.now ?? new Date()).getTime());
  return db.transaction().execute(async (tx) => {
    const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SURGE_SWEEP_LOCK}) AS ok`.execute(tx);
    if (!got.rows[0]!.ok) return null;

    // 1. cases registered per charge and region (case_charge_daily, role creator: the registering agency)
    const p = await loadSurgeSettings(tx, 'cases');
    const last = lastCompletePeriod(today, p.periodDays);
    const first = last - (p.baselinePeriods + p.guardPeriods + p.lookbackPeriods + CHART_PERIODS);
    const from = periodBounds(first, p.periodDays).from, to = periodBounds(last, p.periodDays).to;
    const { rows } = await sql<TSeriesRow>`
      SELECT d.charge_code AS charge, ${sql.raw(regionKeySql(p.regionLevel, 'a.region_code'))} AS region, d.day::text AS day, sum(d.n)::text AS n
        FROM case_charge_daily d JOIN agencies a ON a.id = d.agency_id
       WHERE d.role = 'creator' AND d.day BETWEEN ${from}::date AND ${to}::date
       GROUP BY 1, 2, 3`.execute(tx);
    const alerts = await raise(tx, 'cases', p, rows, first, last);
    for (const a of alerts) {
      const rules = await tx.selectFrom('alert_rules').select('agency_id')
        .where((eb) => eb.or([eb('charge_code', 'is', null), eb('charge_code', '=', a.charge)]))
        .where(sql<boolean>`${a.region} LIKE region_prefix || '%'`).execute();
      const agencies = [...new Set(rules.map((r) => r.agency_id))].sort();
      if (agencies.length) await tx.insertInto('surge_alert_recipients').values(agencies.map((agency_id) => ({ alert_id: a.id, agency_id }))).execute();
      for (const agencyId of agencies) {
        await notify(tx, {
          agencyId, kind: 'alert', link: `/analytics/alerts?id=${a.id}`, source: { type: 'surge_alert', id: a.id },
          title: { zh: `案件激增预警：${regionName(a.region)}${chargeName(a.charge)}`, en: `Surge alert: ${chargeNameEn(a.charge)} in ${a.region}` },
          body: {
            zh: `${a.from} 至 ${a.to} 新立案 ${a.observed} 件，按近期基线预期约 ${a.expected} 件。`,
            en: `${a.observed} new cases from ${a.from} to ${a.to}; about ${a.expected} expected from the recent baseline.`,
          },
        });
      }
      await writeAudit(tx, SYSTEM, { action: 'analytics.alert_raised', targetType: 'surge_alert', targetId: a.id, details: { charge: a.charge, region: a.region, from: a.from, observed: a.observed, expected: a.expected, routedTo: agencies } });
    }

    // 2. petitions per charge and region of the handling agency: a rising trend suggests a 督办
    const pp = await loadSurgeSettings(tx, 'petitions');
    const plast = lastCompletePeriod(today, pp.periodDays);
    const pfirst = plast - (pp.baselinePeriods + pp.guardPeriods + pp.lookbackPeriods + CHART_PERIODS);
    const pr = await sql<TSeriesRow>`
      SELECT p.charge_code AS charge, ${sql.raw(regionKeySql(pp.regionLevel, 'a.region_code'))} AS region, p.received_on::text AS day, count(*)::text AS n
        FROM petitions p JOIN agencies a ON a.id = p.handling_agency_id
       WHERE p.charge_code IS NOT NULL AND p.received_on BETWEEN ${periodBounds(pfirst, pp.periodDays).from}::date AND ${periodBounds(plast, pp.periodDays).to}::date
       GROUP BY 1, 2, 3`.execute(tx);
    const trends = await raise(tx, 'petitions', pp, pr.rows, pfirst, plast);
    for (const t of trends) {
      // the 政法委 whose jurisdiction is the region (and those above it)
      // (not the platform's own 管理中心, which is filed as a provincial plc)
      const plcs = await tx.selectFrom('agencies').select('id').where('type', '=', 'plc').where('name', '<>', ROOT_AGENCY_NAME)
        .where(sql<boolean>`${t.region} LIKE (CASE level WHEN 'province' THEN substr(region_code, 1, 2) WHEN 'city' THEN substr(region_code, 1, 4) ELSE region_code END) || '%'`)
        .orderBy('id').execute();
      if (plcs.length) await tx.insertInto('surge_alert_recipients').values(plcs.map((x) => ({ alert_id: t.id, agency_id: x.id }))).execute();
      for (const x of plcs) {
        await notify(tx, {
          agencyId: x.id, kind: 'petition', link: `/analytics/alerts?id=${t.id}`, source: { type: 'petition_trend', id: t.id },
          title: { zh: `信访趋势上升，建议督办：${chargeName(t.charge)}`, en: `Rising petitions, supervision suggested: ${chargeNameEn(t.charge)}` },
          body: {
            zh: `${regionName(t.region)} ${t.from} 至 ${t.to} 涉${chargeName(t.charge)}信访 ${t.observed} 件，近期基线约 ${t.expected} 件。建议对相关重点案件挂牌督办。`,
            en: `${t.observed} petitions about ${chargeNameEn(t.charge)} from ${t.from} to ${t.to} (about ${t.expected} expected). Supervising the key cases is suggested.`,
          },
        });
      }
      await writeAudit(tx, SYSTEM, { action: 'petition.trend_flagged', targetType: 'surge_alert', targetId: t.id, details: { charge: t.charge, region: t.region, from: t.from, observed: t.observed, expected: t.expected } });
    }
    return { alerts: alerts.length, petitionTrends: trends.length };
  });
}
