/**
 * The PDF of a 法律文书 a process step issued (issue 13): the step's transaction numbered the document
 * and stored what it says (document_renders); here, after COMMIT and outside any lock a transition
 * queues on, it is rendered from that content with its 文号, stored, and recorded as version 1 with
 * the SM2 signature of its bytes and the audit rows (generated + signed) in the issuing user's name.
 *
 * Three callers, one outcome: the transition itself, in the background after its answer; the first fetch of a
 * document still without its PDF (a crash or a failed render between COMMIT and here); the minute
 * sweep. Rendering is outside the transaction that records it; that transaction locks the render
 * row and records only if nobody did meanwhile, so two nodes never give a document two versions.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { WriteBatch } from '../db/write-batch';
import type { TAuthedContext } from '../http/route';
import { recordRenderedVersion, renderIssuedPdf, type TIssueContent, type TIssueDeps } from './issue-legal-document';

type TIssuedBy = Pick<TAuthedContext, 'actor' | 'ip' | 'userAgent'>;

/** Renders running on this node: a fetch of a document being rendered waits for it instead of rendering it twice. */
const inFlight = new Map<string, Promise<boolean>>();

/** Render and record one pending document; false when there is nothing to do (rendered already, or not a step's document). */
export function renderIssuedDocument(db: TDb, deps: TIssueDeps, id: string): Promise<boolean> {
  // a UUID as PostgreSQL writes it (a path may carry it in capitals): it goes into rows whose ledger
  // entries are computed before the rows exist, and must equal what the verifier reads back
  const documentId = id.toLowerCase();
  const running = inFlight.get(documentId);
  if (running) return running;
  const p = renderOnce(db, deps, documentId).finally(() => inFlight.delete(documentId));
  inFlight.set(documentId, p);
  return p;
}

async function renderOnce(db: TDb, deps: TIssueDeps, documentId: string): Promise<boolean> {
  const pending = await db.selectFrom('document_renders as r').innerJoin('documents as d', 'd.id', 'r.document_id')
    .select(['r.case_id', 'r.content', 'r.issued_by', 'd.agency_id', 'd.number'])
    .where('r.document_id', '=', documentId).where('r.rendered_at', 'is', null).executeTakeFirst();
  if (!pending) return false;
  const content = pending.content as TIssueContent;
  const issuedBy = pending.issued_by as TIssuedBy;
  const ctx: TAuthedContext = { actor: issuedBy.actor, ip: issuedBy.ip, userAgent: issuedBy.userAgent };
  const number = pending.number!;
  const pdf = await renderIssuedPdf(deps, { documentId, agencyId: pending.agency_id, number, content });
  // BEGIN, one lock, one statement of writes with the COMMIT (issue 13: it was ten round trips per 文书)
  return db.transaction().execute(async (tx) => {
    // another node (or the sweep) may have recorded it while this one rendered: its version stands.
    // The document row is locked with it: its version is numbered here.
    // The ids of its two audit rows (generated, signed) are reserved with it, so those rows and
    // their ledger entries join the statement of writes (issue 13: two round trips fewer).
    const { rows: [still] } = await sql<{ rendered_at: Date | null; version_count: number; generated_id: string; signed_id: string; at: Date }>`
      SELECT r.rendered_at, d.version_count, nextval('audit_log_id_seq')::text AS generated_id, nextval('audit_log_id_seq')::text AS signed_id,
             clock_timestamp() AS at
        FROM document_renders r JOIN documents d ON d.id = r.document_id
      WHERE r.document_id = ${documentId} FOR UPDATE OF r, d`.execute(tx);
    if (!still || still.rendered_at) return false;
    const batch = new WriteBatch().attach(tx);
    const issued = await recordRenderedVersion(tx, ctx, { documentId, caseId: pending.case_id, number, content, pdf }, {
      versionCount: still.version_count, batch, audit: { ids: [still.generated_id, still.signed_id], at: still.at },
    });
    batch.add(sql`UPDATE document_renders SET version_id = ${issued.versionId}, rendered_at = clock_timestamp() WHERE document_id = ${documentId}`);
    // the transaction's last statement: it carries the COMMIT (db/database.ts commitAfter)
    await batch.flushAndDetach(tx, { commit: true });
    return true;
  });
}

/** After a step's COMMIT: its documents, one after the other. */
export async function renderIssuedDocuments(db: TDb, deps: TIssueDeps, documentIds: readonly string[]): Promise<void> {
  for (const id of documentIds) await renderIssuedDocument(db, deps, id);
}

/**
 * After a step's answer: its documents render in the background (the answer names them and their
 * 文号 already); a failure leaves them pending for the first fetch or the minute sweep.
 */
export function renderInBackground(db: TDb, deps: TIssueDeps, documentIds: readonly string[]): void {
  if (!documentIds.length) return;
  void renderIssuedDocuments(db, deps, documentIds).catch((e: unknown) => {
    process.emitWarning(`issued documents not rendered yet (a fetch or the sweep will): ${String(e)}`);
  });
}

/**
 * The documents whose render did not follow their COMMIT (the node stopped, the render failed):
 * pending longer than `graceMs` (a transition renders its own at once), oldest first, a few a run.
 */
export async function sweepPendingRenders(db: TDb, deps: TIssueDeps, opts: { graceMs?: number; limit?: number } = {}): Promise<number> {
  const rows = await db.selectFrom('document_renders').select('document_id')
    .where('rendered_at', 'is', null).where('created_at', '<', sql<Date>`now() - make_interval(secs => ${(opts.graceMs ?? 30_000) / 1000})`)
    .orderBy('created_at').limit(opts.limit ?? 20).execute();
  let done = 0;
  for (const r of rows) if (await renderIssuedDocument(db, deps, r.document_id)) done++;
  return done;
}
