/**
 * 谁看过我的卷宗: every view and download of the case's dossier and documents (from the audit
 * trail, where each successful read is written with the reader's name, agency and roles copied).
 * The case's agencies see all of it; a defence lawyer sees the reads of the files they may read
 * themselves (their client's and the whole case's), by whomever.
 */
import type { z } from 'zod';
import type { ZAccessReportRow } from '@xietong/core/api';
import { AUDIT_ACTIONS } from '@xietong/core';
import { assertCaseReadable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { clientMayRead, isLawyer, lawyerClient } from './lawyer-client';

type TRow = z.output<typeof ZAccessReportRow>;
const ACTIONS = ['document.viewed', 'document.downloaded', 'dossier.viewed', 'dossier.exported'] as const;
const REPORT_LIMIT = 2000;

export async function accessReport(db: TDb, ctx: TAuthedContext, caseId: string): Promise<{ items: TRow[] }> {
  await assertCaseReadable(db, ctx, caseId, 'defence.access_report');
  const lawyer = isLawyer(ctx);
  const [rows, docs, client] = await Promise.all([
    db.selectFrom('audit_log')
      .select(['at', 'action', 'user_id', 'display_name', 'roles', 'agency_id', 'agency_name', 'target_type', 'target_id', 'details'])
      .where('case_id', '=', caseId).where('outcome', '=', 'ok').where('action', 'in', [...ACTIONS])
      .orderBy('id', 'desc').limit(REPORT_LIMIT).execute(),
    db.selectFrom('documents').select(['id', 'title', 'volume', 'person_id']).where('case_id', '=', caseId).execute(),
    lawyer ? lawyerClient(db, ctx.actor.userId, caseId) : Promise.resolve(null),
  ]);
  const docById = new Map(docs.map((d) => [d.id, d]));
  const items: TRow[] = [];
  for (const r of rows) {
    const doc = r.target_type === 'document' && r.target_id ? docById.get(r.target_id) : undefined;
    // a lawyer: only reads of documents they may read, never the dossier-wide rows of agencies
    if (lawyer && (!doc || !clientMayRead(client, doc))) continue;
    const details = (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { watermark?: string } | null;
    items.push({
      at: r.at.toISOString(), action: r.action as TRow['action'], actionName: AUDIT_ACTIONS[r.action as (typeof ACTIONS)[number]],
      user: { id: r.user_id, name: r.display_name, roles: r.roles }, agency: { id: r.agency_id, name: r.agency_name },
      documentId: doc?.id ?? null, documentTitle: doc?.title ?? null, watermarked: typeof details?.watermark === 'string',
    });
  }
  await writeAudit(db, ctx, { action: 'defence.access_report', targetType: 'case', targetId: caseId, caseId, details: { rows: items.length } });
  return { items };
}
