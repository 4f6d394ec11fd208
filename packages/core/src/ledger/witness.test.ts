import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from './ed25519';
import { bytesEqual, utf8, type THashAlg } from './hash';
import {
  appendLeaves,
  consistencyProof,
  createMemoryNodeStore,
  EMPTY_FRONTIER,
  frontierRoot,
  leafHash,
  type TFrontier,
} from './merkle';
import { createEd25519NoteVerifier, createNoteSigner, formatCheckpoint, signNote } from './note';
import { createLocalSigner, publicKeyRaw } from './signer';
import { witnessCheckpoint, type TWitnessState } from './witness';

const ORIGIN = 'ledger.example/witness-test';

/** A log under test: appends entries, signs checkpoints, serves consistency proofs. */
function makeLog(alg: THashAlg, origin = ORIGIN) {
  const signer = createLocalSigner(generateEd25519KeyPair().privateKeyPem);
  const noteSigner = createNoteSigner(origin, signer);
  const verifier = createEd25519NoteVerifier(origin, publicKeyRaw(signer.publicKeyPem).raw);
  const store = createMemoryNodeStore();
  let frontier: TFrontier = EMPTY_FRONTIER;
  return {
    signer,
    verifier,
    append(entries: string[]) {
      const r = appendLeaves(
        frontier,
        entries.map((e) => leafHash(alg, utf8(e))),
        alg,
      );
      store.put(r.newNodes);
      frontier = r.frontier;
    },
    get size() {
      return frontier.size;
    },
    root: () => frontierRoot(alg, frontier),
    async checkpoint(o = origin) {
      return signNote(formatCheckpoint({ origin: o, size: frontier.size, root: frontierRoot(alg, frontier) }), [
        noteSigner,
      ]);
    },
    proof: (m: number, n: number) => (m === 0 ? Promise.resolve([]) : consistencyProof(store, alg, m, n)),
  };
}

describe('witnessCheckpoint', () => {
  const alg: THashAlg = 'sm3';

  it('cosigns a growing log, step by step', async () => {
    const log = makeLog(alg);
    let state: TWitnessState | null = null;
    for (const batch of [['a'], ['b', 'c'], [], ['d', 'e', 'f', 'g', 'h', 'i']]) {
      const oldSize = state?.size ?? 0;
      log.append(batch);
      const res = witnessCheckpoint({
        state,
        logVerifier: log.verifier,
        newCheckpointNote: await log.checkpoint(),
        oldSize,
        consistencyProof: await log.proof(oldSize, log.size),
        alg,
      });
      expect(res).toMatchObject({ ok: true, newState: { origin: ORIGIN, size: log.size } });
      if (res.ok) state = res.newState;
    }
  });

  it('never cosigns a rewritten history (INCONSISTENT) or a fork at the same size', async () => {
    const honest = makeLog(alg);
    honest.append(['a', 'b', 'c']);
    const cp = await honest.checkpoint();
    const first = witnessCheckpoint({
      state: null,
      logVerifier: honest.verifier,
      newCheckpointNote: cp,
      oldSize: 0,
      consistencyProof: [],
      alg,
    });
    expect(first.ok).toBe(true);
    const state = first.ok ? first.newState : null;

    // Same log key, history rewritten: entry 'b' replaced, then grown. Proof comes from the forged tree.
    const forgedLog = makeLog(alg);
    forgedLog.append(['a', 'B', 'c', 'd']);
    const forgedNote = await signNote(formatCheckpoint({ origin: ORIGIN, size: 4, root: forgedLog.root() }), [
      createNoteSigner(ORIGIN, honest.signer),
    ]);
    const rewritten = witnessCheckpoint({
      state,
      logVerifier: honest.verifier,
      newCheckpointNote: forgedNote,
      oldSize: 3,
      consistencyProof: await forgedLog.proof(3, 4),
      alg,
    });
    expect(rewritten).toMatchObject({ ok: false, code: 'INCONSISTENT' });

    // Same size, different root: a split view.
    const fork = makeLog(alg);
    fork.append(['a', 'b', 'X']);
    const forkNote = await signNote(formatCheckpoint({ origin: ORIGIN, size: 3, root: fork.root() }), [
      createNoteSigner(ORIGIN, honest.signer),
    ]);
    expect(
      witnessCheckpoint({
        state,
        logVerifier: honest.verifier,
        newCheckpointNote: forkNote,
        oldSize: 3,
        consistencyProof: [],
        alg,
      }),
    ).toMatchObject({ ok: false, code: 'INCONSISTENT' });
    // The same checkpoint again is fine.
    expect(
      witnessCheckpoint({
        state,
        logVerifier: honest.verifier,
        newCheckpointNote: cp,
        oldSize: 3,
        consistencyProof: [],
        alg,
      }),
    ).toMatchObject({ ok: true });
  });

  it('ROLLBACK, OLD_SIZE_MISMATCH, BAD_SIGNATURE, ORIGIN_MISMATCH', async () => {
    const log = makeLog(alg);
    log.append(['a', 'b']);
    const small = await log.checkpoint();
    log.append(['c', 'd', 'e']);
    const big = await log.checkpoint();
    const state: TWitnessState = {
      origin: ORIGIN,
      size: 5,
      root: (
        witnessCheckpoint({
          state: null,
          logVerifier: log.verifier,
          newCheckpointNote: big,
          oldSize: 0,
          consistencyProof: [],
          alg,
        }) as {
          newState: TWitnessState;
        }
      ).newState.root,
    };
    const base = { state, logVerifier: log.verifier, alg };

    expect(witnessCheckpoint({ ...base, newCheckpointNote: small, oldSize: 5, consistencyProof: [] })).toMatchObject({
      ok: false,
      code: 'ROLLBACK',
    });
    expect(witnessCheckpoint({ ...base, newCheckpointNote: small, oldSize: 2, consistencyProof: [] })).toMatchObject({
      ok: false,
      code: 'ROLLBACK',
    });
    log.append(['f']);
    const next = await log.checkpoint();
    expect(
      witnessCheckpoint({ ...base, newCheckpointNote: next, oldSize: 2, consistencyProof: await log.proof(2, 6) }),
    ).toMatchObject({
      ok: false,
      code: 'OLD_SIZE_MISMATCH',
      witnessSize: 5,
    });
    expect(
      witnessCheckpoint({ ...base, newCheckpointNote: next, oldSize: 5, consistencyProof: await log.proof(5, 6) }),
    ).toMatchObject({ ok: true });

    const impostor = makeLog(alg);
    impostor.append(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(
      witnessCheckpoint({
        ...base,
        newCheckpointNote: await impostor.checkpoint(),
        oldSize: 5,
        consistencyProof: await impostor.proof(5, 6),
      }),
    ).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    expect(
      witnessCheckpoint({
        ...base,
        newCheckpointNote: next.replace('\n6\n', '\n7\n'),
        oldSize: 5,
        consistencyProof: [],
      }),
    ).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
    expect(
      witnessCheckpoint({
        ...base,
        newCheckpointNote: await log.checkpoint('other.example/log'),
        oldSize: 5,
        consistencyProof: await log.proof(5, 6),
      }),
    ).toMatchObject({ ok: false, code: 'ORIGIN_MISMATCH' });
    expect(
      witnessCheckpoint({
        ...base,
        state: { ...state, origin: 'other.example/log' },
        newCheckpointNote: next,
        oldSize: 5,
        consistencyProof: await log.proof(5, 6),
      }),
    ).toMatchObject({
      ok: false,
      code: 'ORIGIN_MISMATCH',
    });
  });

  it('property: an honest log is always cosigned; a proof with one changed byte never is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string({ maxLength: 4 }), { maxLength: 12 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (batches, pos, xor) => {
          const log = makeLog('sha256');
          let state: TWitnessState | null = null;
          for (const batch of batches) {
            const oldSize = state?.size ?? 0;
            log.append(batch);
            const proof = await log.proof(oldSize, log.size);
            const note = await log.checkpoint();
            const input = {
              state,
              logVerifier: log.verifier,
              newCheckpointNote: note,
              oldSize,
              alg: 'sha256' as const,
            };
            if (proof.length > 0) {
              const k = pos % proof.length;
              const bad = proof.map((p, i) =>
                i === k ? Uint8Array.from(p, (b, j) => (j === pos % 32 ? b ^ xor : b)) : p,
              );
              expect(witnessCheckpoint({ ...input, consistencyProof: bad })).toMatchObject({
                ok: false,
                code: 'INCONSISTENT',
              });
            }
            const res = witnessCheckpoint({ ...input, consistencyProof: proof });
            expect(res.ok).toBe(true);
            if (res.ok) {
              if (state) expect(res.newState.size >= state.size).toBe(true);
              state = res.newState;
            }
          }
          expect(state !== null && bytesEqual(state.root, log.root())).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
