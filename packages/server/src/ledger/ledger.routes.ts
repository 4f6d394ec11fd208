/**
 * Ledger routes: thin handlers over the actions in this folder. Checkpoints, keys and
 * consistency proofs carry hashes only and are open to every signed-in user; inclusion
 * proofs carry the entry (the event, audit row or document version itself), so each is
 * scoped like its row (`entry-scope.ts`).
 */
import { listDocumentSigningKeys } from '../keys/rotate-signing-key';
import { canAdministerAgency, hasRole } from '@xietong/core';
import { ledgerApi as api } from '@xietong/core/api';
import type { FastifyInstance } from 'fastify';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import { route } from '../http/route';
import { checkpointViews } from './checkpoint-view';
import { getConsistencyProof } from './get-consistency-proof';
import { getInclusionProof } from './get-inclusion-proof';
import { latestCheckpointRecord, publishCheckpoint } from './publish-checkpoint';
import { ledgerSettings } from './settings';
import { addCheckpointAsAgency, collectCosignatures } from './witness-checkpoint';

export function ledgerRoutes(app: FastifyInstance): void {
  const db = app.deps.database.db;
  const settings = ledgerSettings(app.deps.config.dataDir);

  route(app, api.latestCheckpoint, async () => {
    const cp = (await latestCheckpointRecord(db)) ?? (await publishCheckpoint(db, settings));
    if (!cp) throw new AppError('NOT_FOUND');
    return (await checkpointViews(db, [cp.id]))[0]!;
  });

  route(app, api.listCheckpoints, async ({ query }) => {
    const [rows, n] = await Promise.all([
      db.selectFrom('ledger_checkpoints').select('id').orderBy('size', 'desc').orderBy('id', 'desc')
        .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
      db.selectFrom('ledger_checkpoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: await checkpointViews(db, rows.map((r) => r.id)), total: Number(n.n) };
  });

  route(app, api.publishCheckpoint, async (_input, ctx) => {
    if (!hasRole(ctx.actor, 'admin')) {
      await writeAudit(db, ctx, { action: 'ledger.checkpoint', outcome: 'denied', details: { reason: 'role' } });
      throw new AppError('FORBIDDEN');
    }
    await writeAudit(db, ctx, { action: 'ledger.checkpoint', targetType: 'ledger' });
    const cp = await publishCheckpoint(db, settings, { force: false });
    if (!cp) throw new AppError('SERVICE_UNAVAILABLE', { details: { reason: 'this server does not hold the platform key' } });
    if (cp.created) await collectCosignatures(db, settings, cp.id, (m) => app.log.warn(m));
    return (await checkpointViews(db, [cp.id]))[0]!;
  });

  route(app, api.inclusionProof, async ({ query }, ctx) => getInclusionProof(db, ctx, settings, query));

  route(app, api.consistencyProof, async ({ query }) => getConsistencyProof(db, query.from, query.to));

  route(app, api.keys, async () => {
    const rows = await db.selectFrom('ledger_keys').selectAll().orderBy('created_at').execute();
    return {
      documentSigningKeys: await listDocumentSigningKeys(db),
      items: rows.map((k) => ({
        keyId: k.key_id, owner: k.owner, agencyId: k.agency_id, alg: k.alg as 'sm2' | 'ed25519', noteName: k.note_name, vkey: k.vkey,
        publicKeyPem: k.public_key_pem, createdAt: k.created_at.toISOString(), rotatedAt: k.rotated_at ? new Date(k.rotated_at).toISOString() : null,
      })),
    };
  });

  route(app, api.addCheckpoint, async ({ params, body }, ctx) => {
    if (!canAdministerAgency(ctx.actor, params.agencyId)) throw new AppError('FORBIDDEN');
    return addCheckpointAsAgency(db, settings, params.agencyId, body.request);
  });
}
