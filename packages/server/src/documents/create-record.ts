/**
 * Draft a 讯问笔录/询问笔录 in the system. Its SM3 over the canonical content is what the person
 * later confirms: any edit after they read it gives a different hash and the confirmation fails.
 */
import { canonicalJson, RECORD_KINDS, type TRecordContent } from '@xietong/core/dossier';
import { hash, toHex, utf8 } from '@xietong/core/ledger';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';

export function recordContentSm3(content: TRecordContent): string {
  return toHex(hash('sm3', utf8(canonicalJson(content))));
}

export async function createRecord(db: TDb, ctx: TAuthedContext, caseId: string, content: TRecordContent) {
  await assertCaseWritable(db, ctx, caseId, 'record.created');
  const contentSm3 = recordContentSm3(content);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('verbal_records').values({
      case_id: caseId, agency_id: ctx.actor.agencyId, kind: content.kind, content: JSON.stringify(content), content_sm3: contentSm3, created_by: ctx.actor.userId,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: 'record.created', targetType: 'verbal_record', targetId: row.id, caseId,
      details: { kind: content.kind, zh: RECORD_KINDS[content.kind].zh, subject: content.subjectName, contentSm3 },
    });
    return row.id;
  });
  return { id, caseId, kind: content.kind, status: 'draft' as const, contentSm3, documentId: null, bindingSm3: null };
}
