/**
 * 导出全链条统计: the figures of GET /api/stats/chain as CSV (UTF-8 with BOM, so Excel reads the
 * Chinese) or XLSX (one sheet per section). The export is audited.
 */
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { chainStatsIn, type TChainStats } from './chain-stats';
import { resolveStatsScope } from './stats-scope';

type TSheet = { name: string; header: string[]; rows: (string | number | null)[][] };

export function chainStatsSheets(st: TChainStats): TSheet[] {
  return [
    { name: '办案数据 Figures', header: ['机构 Agency', '类型 Type', '指标 Figure', '件数 Cases'], rows: st.table.map((r) => [r.agencyName, r.agencyType, r.name.zh, r.count]) },
    { name: '全流程 Funnel', header: ['环节 Milestone', '件数 Cases'], rows: st.funnel.map((f) => [f.name.zh, f.count]) },
    { name: '办案时长 Stage days', header: ['阶段 Stage', '机构 Agency', '件数 Cases', '中位数(天) Median days', 'P90(天) P90 days'], rows: st.stages.map((x) => [x.name.zh, x.agencyName ?? '全部 All', x.cases, x.medianDays, x.p90Days]) },
    { name: '比率 Rates', header: ['比率 Rate', '分子 Part', '分母 Whole', '比率 Value'], rows: [...st.rates.map((r) => [r.name.zh, r.part, r.whole, r.value] as (string | number | null)[]), ['单轨流转率 Single-track rate', st.singleTrack.singleTrack, st.singleTrack.total, st.singleTrack.rate]] },
  ];
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // a cell starting with = + - @ would be a formula in a spreadsheet (CSV injection)
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(st: TChainStats): string {
  const lines = [`全链条统计 Whole-chain statistics,${st.from},${st.to}`];
  for (const sh of chainStatsSheets(st)) {
    lines.push('', csvCell(sh.name), sh.header.map(csvCell).join(','));
    for (const r of sh.rows) lines.push(r.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(st: TChainStats): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xietong 协同';
  for (const sh of chainStatsSheets(st)) {
    const ws = wb.addWorksheet(sh.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
    ws.addRow([`${st.from} – ${st.to}`]);
    ws.addRow(sh.header).font = { bold: true };
    for (const r of sh.rows) ws.addRow(r);
    ws.columns.forEach((c) => { c.width = 22; });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportChainStats(db: TDb, ctx: TAuthedContext, q: { from?: string; to?: string; region?: string; agencyId?: string; format: 'csv' | 'xlsx' }) {
  const s = await resolveStatsScope(db, ctx.actor, q);
  const st = await chainStatsIn(db, s);
  const body = q.format === 'xlsx' ? await toXlsx(st) : Buffer.from(toCsv(st), 'utf8');
  await writeAudit(db, ctx, { action: 'stats.exported', details: { format: q.format, from: s.from, to: s.to, region: s.region, agencyId: s.agencyId } });
  const fileName = `chain-stats-${s.from}-${s.to}.${q.format}`;
  const type = q.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  return { body, type, fileName };
}
