/**
 * 站内信: write a notification inside the caller's transaction, so it exists exactly when the
 * change that caused it committed. With `source` the same (source, recipient) is notified once
 * (a sweep that runs twice stays silent the second time); returns whether a row was written.
 */
import type { TDb, TTx } from '../db/database';

export type TNotice = {
  agencyId: string;
  /** only this user of the agency; omitted: every user of the agency */
  userId?: string | null;
  kind: string;
  title: { zh: string; en: string };
  body?: { zh: string; en: string };
  link?: string | null;
  caseId?: string | null;
  source?: { type: string; id: string } | null;
};

export async function notify(db: TDb | TTx, n: TNotice): Promise<boolean> {
  const r = await db.insertInto('notifications').values({
    recipient_agency_id: n.agencyId, recipient_user_id: n.userId ?? null, kind: n.kind,
    title_zh: n.title.zh, title_en: n.title.en, body_zh: n.body?.zh ?? '', body_en: n.body?.en ?? '',
    link: n.link ?? null, case_id: n.caseId ?? null, source_type: n.source?.type ?? null, source_id: n.source?.id ?? null,
  }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}
