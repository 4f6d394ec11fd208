/**
 * 导出审计日志: the rows a reader may query, as CSV (UTF-8 with BOM so spreadsheet programs read
 * the Chinese), newest first, at most EXPORT_CAP rows; each row readable like the page (names,
 * the action in Chinese, the details as sentences). The export itself is audited.
 */
import type { z } from 'zod';
import type { ZAuditQuery } from '@xietong/core/api';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { auditSelection, readableRows } from './query-audit';
import { writeAudit } from './write-audit';

export const EXPORT_CAP = 10_000;

/** RFC 4180 field; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula. */
function cell(v: string | null | undefined): string {
  const s = (v ?? '').replace(/^([=+\-@])/, "'$1");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function beijing(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

const OUTCOME_ZH = { ok: '成功', denied: '拒绝', failed: '失败' } as const;

export async function exportAudit(db: TDb, ctx: TAuthedContext, q: Omit<z.output<typeof ZAuditQuery>, 'page' | 'pageSize'>): Promise<{ csv: string; fileName: string; rows: number }> {
  const query = await auditSelection(db, ctx, q, 'audit.exported');
  const rows = await readableRows(db, await query.selectAll('l').orderBy('l.id', 'desc').limit(EXPORT_CAP).execute());
  const header = ['时间（北京时间）', '姓名', '用户名', '机构', '操作', '结果', '案件', '案号', '说明', 'IP'];
  const lines = rows.map((r) => [
    beijing(r.at), r.displayName, r.username, r.agencyName, r.actionLabel.zh, OUTCOME_ZH[r.outcome], r.caseTitle, r.caseNumber,
    r.description.map((d) => d.zh).join('；'), r.ip,
  ].map(cell).join(','));
  await writeAudit(db, ctx, { action: 'audit.exported', details: { filter: { ...q }, count: rows.length } });
  const stamp = beijing(new Date().toISOString()).slice(0, 10);
  return { csv: `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`, fileName: `审计日志-${stamp}.csv`, rows: rows.length };
}
