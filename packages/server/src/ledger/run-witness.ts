/**
 * An agency witness run outside the server (`xietong witness --agency … --state …`): it keeps
 * the last checkpoint it cosigned in its OWN state file, not in the platform's database, so a
 * rewritten database cannot talk it into cosigning a different history. It pins the log keys
 * on first use (or takes them from --trust-log-key), verifies the consistency proof from its
 * size to the new checkpoint, and only then cosigns; a refusal is recorded in the database.
 */
import fs from 'node:fs';
import {
  consistencyProof, createCosigner, createLocalSigner, formatSignatureLine, fromHex, toHex, verifierFromVkey,
  witnessCheckpoint, type THashAlg, type TSigner,
} from '@xietong/core/ledger';
import type { TDb } from '../db/database';
import { ensureLedgerKey, witnessName } from './keys';
import { readLedgerMeta } from './meta';
import { createNodeReader } from './node-reader';
import type { TLedgerSettings } from './settings';
import { pickLogVerifier } from './witness-checkpoint';

export type TWitnessStateFile = { origin: string; size: number; rootHex: string; logVkeys: string[]; updatedAt: string };

export type TRunWitnessResult =
  | { ok: true; size: number; line: string; agency: string }
  | { ok: false; code: string; detail: string; agency: string };

export async function runWitness(
  db: TDb,
  settings: TLedgerSettings,
  o: { agency: string; statePath: string; checkpointNote?: string; keyPem?: string; trustLogKeys?: string[] },
): Promise<TRunWitnessResult> {
  const agency = await db.selectFrom('agencies').select(['id', 'name'])
    .where((eb) => eb.or([eb('name', '=', o.agency), eb(eb.cast('id', 'text'), '=', o.agency)])).executeTakeFirst();
  if (!agency) throw new Error(`no agency named ${o.agency}`);
  const meta = await readLedgerMeta(db);
  if (!meta) throw new Error('the ledger has no entries yet');
  const state = fs.existsSync(o.statePath) ? (JSON.parse(fs.readFileSync(o.statePath, 'utf8')) as TWitnessStateFile) : null;
  const logVkeys = [...new Set([...(state?.logVkeys ?? []), ...(o.trustLogKeys ?? [])])];
  if (logVkeys.length === 0) {
    // trust on first use: pin the platform keys the database names now
    const keys = await db.selectFrom('ledger_keys').select('vkey').where('owner', '=', 'platform').execute();
    logVkeys.push(...keys.map((k) => k.vkey));
  }
  const note = o.checkpointNote ?? (await db.selectFrom('ledger_checkpoints').select('note').orderBy('size', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst())?.note;
  if (!note) throw new Error('no checkpoint published yet');

  let signer: TSigner;
  let name: string;
  if (o.keyPem) {
    signer = createLocalSigner(o.keyPem);
    name = witnessName(meta.origin, agency.id);
  } else {
    const key = await ensureLedgerKey(db, settings, { kind: 'agency', agencyId: agency.id });
    if (!key) throw new Error('the agency key in the data directory is not the current one');
    signer = key.signer;
    name = key.noteName;
  }

  const oldSize = state?.size ?? 0;
  const newSize = sizeOf(note);
  let proof: Uint8Array[] = [];
  if (oldSize > 0 && newSize !== null && newSize > oldSize) {
    try {
      proof = await consistencyProof(createNodeReader(db), meta.hashAlg as THashAlg, oldSize, newSize);
    } catch {
      proof = []; // the log cannot prove it: the witness will refuse
    }
  }
  const logVerifier = pickLogVerifier(note, logVkeys.map((v) => verifierFromVkey(v)));
  const result = logVerifier
    ? witnessCheckpoint({
        state: state ? { origin: state.origin, size: state.size, root: fromHex(state.rootHex) } : null,
        logVerifier, newCheckpointNote: note, oldSize, consistencyProof: proof, alg: meta.hashAlg as THashAlg,
      })
    : ({ ok: false, code: 'BAD_SIGNATURE', detail: 'no trusted log key' } as const);
  if (!result.ok) {
    await db.insertInto('ledger_witness_refusals').values({
      agency_id: agency.id, witness: `cli:${agency.name}`, checkpoint_id: null, note, code: result.code, detail: result.detail,
    }).execute();
    return { ok: false, code: result.code, detail: result.detail, agency: agency.name };
  }
  const line = formatSignatureLine(await createCosigner(name, signer).cosign(result.checkpointText, Math.floor(Date.now() / 1000)));
  const next: TWitnessStateFile = {
    origin: result.newState.origin, size: result.newState.size, rootHex: toHex(result.newState.root), logVkeys, updatedAt: new Date().toISOString(),
  };
  const tmp = `${o.statePath}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, o.statePath);
  const cp = await db.selectFrom('ledger_checkpoints').select('id').where('size', '=', String(result.newState.size))
    .where('root', '=', Buffer.from(result.newState.root)).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const registered = await db.selectFrom('ledger_keys').select('key_id').where('key_id', '=', signer.keyId).executeTakeFirst();
  if (cp && registered) {
    await db.insertInto('ledger_cosignatures').values({ checkpoint_id: cp.id, agency_id: agency.id, key_id: signer.keyId, line })
      .onConflict((oc) => oc.columns(['checkpoint_id', 'agency_id']).doNothing()).execute();
  }
  return { ok: true, size: result.newState.size, line, agency: agency.name };
}

function sizeOf(note: string): number | null {
  const m = /^[^\n]+\n(0|[1-9][0-9]*)\n/.exec(note);
  return m ? Number(m[1]) : null;
}
