/**
 * The witness decision (c2sp.org/tlog-witness add-checkpoint), pure. Each agency runs a
 * witness; clients trust a checkpoint only with the log signature plus k agency
 * cosignatures. The witness is what makes a split view or a rewritten history visible:
 * it cosigns a new checkpoint only if it is consistent with the last one it cosigned.
 * Storing newState and producing the cosignature (createCosigner) are the caller's job,
 * and must happen atomically with a compare-and-swap on the stored state.
 */
import { bytesEqual, fromBase64, toBase64, type THashAlg } from './hash';
import { verifyConsistency } from './merkle';
import { openNote, parseCheckpoint, type TNoteVerifier } from './note';

export type TWitnessState = { origin: string; size: number; root: Uint8Array };

export type TWitnessErrorCode = 'BAD_SIGNATURE' | 'OLD_SIZE_MISMATCH' | 'INCONSISTENT' | 'ORIGIN_MISMATCH' | 'ROLLBACK';

export type TWitnessResult =
  | { ok: true; newState: TWitnessState; checkpointText: string }
  /** witnessSize is set for OLD_SIZE_MISMATCH: tlog-witness answers 409 with it. */
  | { ok: false; code: TWitnessErrorCode; detail: string; witnessSize?: number };

export type TWitnessInput = {
  /** Last checkpoint this witness cosigned for the log, null if none yet. */
  state: TWitnessState | null;
  /** The log's key. Project policy: its key name is the log's origin. */
  logVerifier: TNoteVerifier;
  newCheckpointNote: string;
  /** The size the log believes this witness is at. */
  oldSize: number;
  consistencyProof: Uint8Array[];
  alg: THashAlg;
};

export function witnessCheckpoint(input: TWitnessInput): TWitnessResult {
  const { state, logVerifier, oldSize, consistencyProof, alg } = input;

  // Only the log's own signature counts; other cosignatures on the note are ignored.
  const opened = openNote(input.newCheckpointNote, [logVerifier]);
  if (!opened.ok) return { ok: false, code: 'BAD_SIGNATURE', detail: `${opened.code}: ${opened.detail}` };
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (e) {
    // Signed by the log but not a checkpoint: still nothing we may cosign.
    return { ok: false, code: 'BAD_SIGNATURE', detail: `malformed checkpoint: ${(e as Error).message}` };
  }

  const expectedOrigin = state?.origin ?? logVerifier.name;
  if (checkpoint.origin !== expectedOrigin || checkpoint.origin !== logVerifier.name) {
    return {
      ok: false,
      code: 'ORIGIN_MISMATCH',
      detail: `checkpoint origin ${checkpoint.origin}, expected ${expectedOrigin}`,
    };
  }

  // A smaller tree than one already cosigned is refused whatever old size the log claims.
  const witnessSize = state?.size ?? 0;
  if (checkpoint.size < witnessSize) {
    return { ok: false, code: 'ROLLBACK', detail: `checkpoint size ${checkpoint.size} < cosigned size ${witnessSize}` };
  }
  if (oldSize !== witnessSize) {
    return {
      ok: false,
      code: 'OLD_SIZE_MISMATCH',
      detail: `log says ${oldSize}, witness is at ${witnessSize}`,
      witnessSize,
    };
  }

  const newState: TWitnessState = { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root };
  if (state === null || witnessSize === 0) {
    // Nothing to be consistent with yet (tlog-witness: proof must be empty from size 0).
    if (consistencyProof.length !== 0) {
      return { ok: false, code: 'INCONSISTENT', detail: 'proof must be empty when the old size is 0' };
    }
    return { ok: true, newState, checkpointText: opened.text };
  }
  if (checkpoint.size === state.size) {
    // Same size: only the very same root may be cosigned again; another root is a fork.
    if (consistencyProof.length !== 0 || !bytesEqual(checkpoint.root, state.root)) {
      return { ok: false, code: 'INCONSISTENT', detail: `different root at cosigned size ${state.size}` };
    }
    return { ok: true, newState, checkpointText: opened.text };
  }
  if (!verifyConsistency(alg, state.size, checkpoint.size, consistencyProof, state.root, checkpoint.root)) {
    return { ok: false, code: 'INCONSISTENT', detail: `consistency proof ${state.size} -> ${checkpoint.size} fails` };
  }
  return { ok: true, newState, checkpointText: opened.text };
}

// ---- add-checkpoint request body ---------------------------------------------------------

export type TAddCheckpointRequest = { oldSize: number; consistencyProof: Uint8Array[]; checkpointNote: string };

/** "old <size>\n" + base64 proof lines (at most 63) + "\n" + signed checkpoint. */
export function formatAddCheckpointRequest(req: TAddCheckpointRequest): string {
  if (req.consistencyProof.length > 63) throw new RangeError('at most 63 proof lines');
  const proof = req.consistencyProof.map((h) => `${toBase64(h)}\n`).join('');
  return `old ${req.oldSize}\n${proof}\n${req.checkpointNote}`;
}

export function parseAddCheckpointRequest(body: string): TAddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw new TypeError('add-checkpoint: no blank line');
  const [oldLine, ...proofLines] = body.slice(0, blank).split('\n');
  const m = /^old (0|[1-9][0-9]*)$/.exec(oldLine ?? '');
  if (m === null || !Number.isSafeInteger(Number(m[1]))) throw new TypeError('add-checkpoint: bad old line');
  if (proofLines.length > 63) throw new TypeError('add-checkpoint: too many proof lines');
  return {
    oldSize: Number(m[1]),
    consistencyProof: proofLines.map((line) => fromBase64(line)),
    checkpointNote: body.slice(blank + 2),
  };
}
