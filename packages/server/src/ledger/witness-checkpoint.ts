/**
 * The agencies' witnesses, run by the server (each with its own key in
 * <dataDir>/keys/agency-<id>.pem): c2sp.org/tlog-witness add-checkpoint. A witness
 * cosigns a checkpoint only if it carries the log's signature and is consistent with the
 * last checkpoint this agency cosigned; anything else is refused and the refusal recorded.
 * The same decision (core's witnessCheckpoint) runs in `xietong witness` with a state file.
 */
import {
  consistencyProof, createCosigner, formatAddCheckpointRequest, formatSignatureLine, parseAddCheckpointRequest,
  parseCheckpoint, parseSignedNote, verifierFromVkey, witnessCheckpoint, type THashAlg, type TNoteVerifier,
  type TWitnessErrorCode,
} from '@xietong/core/ledger';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import { ensureLedgerKey } from './keys';
import { readLedgerMeta } from './meta';
import { createNodeReader } from './node-reader';
import type { TLedgerSettings } from './settings';

export type TCosignResult = { agencyId: string; line: string; checkpointId: string | null };

/** Every platform key ever registered (a rotated key still verifies what it signed). */
export async function logVerifiers(db: TDb): Promise<TNoteVerifier[]> {
  const keys = await db.selectFrom('ledger_keys').select('vkey').where('owner', '=', 'platform').execute();
  return keys.map((k) => verifierFromVkey(k.vkey));
}

/** The one verifier (of possibly several rotated keys) whose signature the note carries. */
export function pickLogVerifier(note: string, verifiers: TNoteVerifier[]): TNoteVerifier | null {
  let sigs;
  try {
    sigs = parseSignedNote(note).signatures;
  } catch {
    return verifiers[0] ?? null; // malformed: let witnessCheckpoint say so
  }
  return verifiers.find((v) => sigs.some((s) => s.name === v.name && s.keyId === v.keyId)) ?? verifiers[0] ?? null;
}

export async function addCheckpointAsAgency(
  db: TDb, settings: TLedgerSettings, agencyId: string, requestText: string,
): Promise<TCosignResult> {
  const agency = await db.selectFrom('agencies').select(['id', 'name']).where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw new AppError('NOT_FOUND');
  let request;
  try {
    request = parseAddCheckpointRequest(requestText);
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', { details: { reason: (e as Error).message } });
  }
  const meta = await readLedgerMeta(db);
  const logVerifier = pickLogVerifier(request.checkpointNote, await logVerifiers(db));
  if (!meta || !logVerifier) throw new AppError('SERVICE_UNAVAILABLE', { details: { reason: 'no ledger or no log key yet' } });
  const key = await ensureLedgerKey(db, settings, { kind: 'agency', agencyId });
  if (!key) throw new AppError('SERVICE_UNAVAILABLE', { details: { reason: 'this server does not hold the agency key' } });

  const outcome = await db.transaction().execute(async (tx) => {
    const st = await tx.selectFrom('ledger_witness_state').selectAll().where('agency_id', '=', agencyId).forUpdate().executeTakeFirst();
    const result = witnessCheckpoint({
      state: st ? { origin: st.origin, size: Number(st.size), root: new Uint8Array(st.root) } : null,
      logVerifier, newCheckpointNote: request.checkpointNote, oldSize: request.oldSize,
      consistencyProof: request.consistencyProof, alg: meta.hashAlg as THashAlg,
    });
    if (!result.ok) {
      if (result.code !== 'OLD_SIZE_MISMATCH') {
        await tx.insertInto('ledger_witness_refusals').values({
          agency_id: agencyId, witness: agency.name, checkpoint_id: await checkpointIdFor(tx as unknown as TDb, request.checkpointNote),
          note: request.checkpointNote, code: result.code, detail: result.detail,
        }).execute();
      }
      return result;
    }
    const cosignature = await createCosigner(key.noteName, key.signer).cosign(result.checkpointText, Math.floor(Date.now() / 1000));
    const line = formatSignatureLine(cosignature);
    const values = { origin: result.newState.origin, size: result.newState.size, root: Buffer.from(result.newState.root), updated_at: new Date() };
    await tx.insertInto('ledger_witness_state').values({ agency_id: agencyId, ...values })
      .onConflict((oc) => oc.column('agency_id').doUpdateSet(values)).execute();
    const checkpointId = await checkpointIdFor(tx as unknown as TDb, result.checkpointText);
    if (checkpointId) {
      await tx.insertInto('ledger_cosignatures').values({ checkpoint_id: checkpointId, agency_id: agencyId, key_id: key.keyId, line })
        .onConflict((oc) => oc.columns(['checkpoint_id', 'agency_id']).doNothing()).execute();
    }
    return { ok: true as const, line, checkpointId };
  });
  if (!outcome.ok) throw refusalError(outcome.code, outcome.detail, outcome.witnessSize);
  return { agencyId, line: outcome.line, checkpointId: outcome.checkpointId };
}

function refusalError(code: TWitnessErrorCode, detail: string, witnessSize?: number): AppError {
  const details = { witness: code, detail, ...(witnessSize === undefined ? {} : { witnessSize }) };
  return new AppError(code === 'BAD_SIGNATURE' ? 'SIGNATURE_INVALID' : 'CONFLICT', { details });
}

/** The stored checkpoint a note (or bare checkpoint text) is about: same size and root. */
async function checkpointIdFor(db: TDb, noteOrText: string): Promise<string | null> {
  let cp;
  try {
    const blank = noteOrText.indexOf('\n\n');
    cp = parseCheckpoint(blank < 0 ? noteOrText : noteOrText.slice(0, blank + 1));
  } catch {
    return null;
  }
  const row = await db.selectFrom('ledger_checkpoints').select('id').where('size', '=', String(cp.size))
    .where('root', '=', Buffer.from(cp.root)).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * After publishing: ask every agency's server-side witness to cosign. Refusals are recorded
 * by the witness; here they are only counted. Returns the agencies that cosigned.
 */
export async function collectCosignatures(db: TDb, settings: TLedgerSettings, checkpointId: string, log: (m: string) => void = () => {}): Promise<string[]> {
  const cp = await db.selectFrom('ledger_checkpoints').selectAll().where('id', '=', checkpointId).executeTakeFirstOrThrow();
  const meta = await readLedgerMeta(db);
  if (!meta) return [];
  const size = Number(cp.size);
  const agencies = await db.selectFrom('agencies as a').leftJoin('ledger_witness_state as w', 'w.agency_id', 'a.id')
    .select(['a.id', 'w.size']).orderBy('a.name').execute();
  const signed: string[] = [];
  for (const a of agencies) {
    const oldSize = a.size === null ? 0 : Number(a.size);
    if (oldSize > size) continue;
    try {
      const proof = oldSize === 0 || oldSize === size ? [] : await consistencyProof(createNodeReader(db), meta.hashAlg as THashAlg, oldSize, size);
      await addCheckpointAsAgency(db, settings, a.id, formatAddCheckpointRequest({ oldSize, consistencyProof: proof, checkpointNote: cp.note }));
      signed.push(a.id);
    } catch (e) {
      log(`witness ${a.id} refused checkpoint ${checkpointId}: ${(e as Error).message}`);
    }
  }
  return signed;
}
