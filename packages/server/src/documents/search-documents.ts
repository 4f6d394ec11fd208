/**
 * Full-text search in the text layers of one case's PDFs (current and earlier versions), limited
 * to what the caller may read. Chinese has no word breaks, so this is substring search, served
 * by a trigram index (pg_trgm) rather than a tsvector.
 */
import { canReadVolume, type TDossierVolumeKind } from '@xietong/core/dossier';
import { sql } from 'kysely';
import { assertCaseReadable } from '../access/gate';
import { refuseLawyer } from '../defence/lawyer-client';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { likeContains } from '../db/like';

export async function searchDocuments(db: TDb, ctx: TAuthedContext, caseId: string, q: string) {
  await assertCaseReadable(db, ctx, caseId, 'document.searched');
  await refuseLawyer(db, ctx, caseId, 'document.searched');
  const pattern = likeContains(q);
  const rows = await db.selectFrom('document_texts as t')
    .innerJoin('document_versions as v', 'v.id', 't.version_id')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .select(['d.id as document_id', 'v.id as version_id', 'd.title', 'd.agency_id', 'd.volume', 't.content',
      sql<number>`strpos(lower(t.content), lower(${q}))`.as('pos')])
    .where('t.case_id', '=', caseId).where('t.content', 'ilike', pattern)
    .orderBy('d.created_at').orderBy('v.version', 'desc').limit(200).execute();
  const items = rows
    .filter((r) => canReadVolume(ctx.actor.agencyId, r.agency_id, r.volume as TDossierVolumeKind))
    .map((r) => {
      const chars = [...r.content];
      const at = Math.max(0, [...r.content.slice(0, Math.max(0, r.pos - 1))].length - 20);
      return { documentId: r.document_id, versionId: r.version_id, title: r.title, snippet: chars.slice(at, at + 40 + q.length).join('').replace(/\s+/g, ' ') };
    });
  await writeAudit(db, ctx, { action: 'document.searched', targetType: 'case', targetId: caseId, caseId, details: { q, hits: items.length } });
  return { items };
}
