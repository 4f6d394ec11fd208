/**
 * Every vector in /work/shared/vectors: positives reproduced, negatives rejected.
 * If the folder is absent the vector tests are not registered (CI fails instead).
 */
import { createPublicKey, createVerify, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519PrivateKeyFromSeed, ed25519PublicKeyRaw, ed25519Sign } from './ed25519';
import { bytesEqual, fromBase64, fromHex, hash, toHex, utf8, type THashAlg } from './hash';
import {
  appendLeaves,
  consistencyProof,
  consistencyProofFromLeafHashes,
  createMemoryNodeStore,
  EMPTY_FRONTIER,
  inclusionProof,
  inclusionProofFromLeafHashes,
  leafHash,
  rootAt,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
import {
  cosignatureMessage,
  cosignatureTimestamp,
  createCosigner,
  createEd25519CosignatureVerifier,
  createEd25519NoteVerifier,
  createNoteSigner,
  createSm2NoteVerifier,
  formatCheckpoint,
  formatSignatureLine,
  formatSignedNote,
  formatVkey,
  noteKeyId,
  keyIdHex,
  openNote,
  parseCheckpoint,
  parseSignedNote,
  SIG_TYPE_COSIGNATURE_ED25519,
  SIG_TYPE_ED25519,
  signNote,
  verifierFromVkey,
} from './note';
import { createLocalSigner } from './signer';
import {
  computeZ,
  computeZForPoint,
  encodeSm2SignatureDer,
  importSm2PublicKey,
  parseSm2SignatureDer,
  sm2PrivateKeyFromScalar,
  sm2PublicKeyPoint,
  sm2Sign,
  sm2SignatureDerToRaw,
  sm2Verify,
  SM2P256V1,
} from './sm2';
import { big, curveFromHex, publicFromPrivate, signWithK, verifyRef } from './test-support/sm2-reference';
import { loadVectorFile, logVectorsSkipped, VECTORS_DIR, vectorsPresent } from './test-support/vectors';
import { encodeRfc6962TreeHead, encodeRfc9162TreeHeadDataV2 } from './tree-head';
import { formatAddCheckpointRequest, parseAddCheckpointRequest, witnessCheckpoint } from './witness';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Always registered (a file without tests fails the run): the loader looks in the right place.
describe('shared vectors location', () => {
  it('is <repo root>/../shared/vectors', () => {
    expect(VECTORS_DIR.replaceAll('\\', '/')).toMatch(/\/shared\/vectors$/);
  });
});

if (process.env.CI === 'true') {
  describe('shared vectors under CI', () => {
    it('the shared/vectors folder exists', () => {
      expect(vectorsPresent, `shared vectors missing at ${VECTORS_DIR}: CI must run with /work/shared/vectors`).toBe(
        true,
      );
    });
  });
}

if (!vectorsPresent) {
  logVectorsSkipped();
} else {
  registerVectorTests();
}

const hexList = (xs: string[]) => xs.map(fromHex);
const hexOf = (xs: Uint8Array[]) => xs.map(toHex);
const pad32 = (x: bigint) => x.toString(16).padStart(64, '0');

function registerVectorTests(): void {
  const sm3 = loadVectorFile('sm3.json')!;
  const sm2 = loadVectorFile('sm2-sign.json')!;
  const merkle = loadVectorFile('merkle.json')!;
  const notes = loadVectorFile('note-checkpoint.json')!;

  describe('sm3.json', () => {
    for (const v of sm3.vectors as any[]) {
      it(`${v.id}`, () => {
        const msg =
          v.msg_repeat !== undefined
            ? utf8(String(v.msg_repeat.unit_ascii).repeat(v.msg_repeat.count))
            : fromHex(v.msg_hex);
        expect(msg.length).toBe(v.msg_len);
        expect(toHex(hash('sm3', msg))).toBe(v.digest);
      });
    }
  });

  describe('sm2-sign.json', () => {
    const curve = curveFromHex(sm2.curves.sm2p256v1);
    const byId = new Map<string, any>((sm2.vectors as any[]).map((v) => [v.id, v]));
    const annexA = byId.get('gbt32918.5-annexA-sm2p256v1-sign');

    it('curve constants used for Z match the vector file', () => {
      const c = sm2.curves.sm2p256v1;
      expect([toHex(SM2P256V1.a), toHex(SM2P256V1.b), toHex(SM2P256V1.gx), toHex(SM2P256V1.gy)]).toEqual([
        c.a,
        c.b,
        c.gx,
        c.gy,
      ]);
      expect(SM2P256V1.n).toBe(big(c.n));
    });

    for (const v of (sm2.vectors as any[]).filter((x) => x.curve === 'sm2p256v1')) {
      describe(v.id, () => {
        const priv = sm2PrivateKeyFromScalar(fromHex(v.private_key));
        const pub = createPublicKey(priv);
        const message = fromHex(v.message_hex);

        it('public key from the private scalar (node and reference)', () => {
          expect(toHex(sm2PublicKeyPoint(pub))).toBe(v.public_key.uncompressed);
          const P = publicFromPrivate(curve, big(v.private_key));
          expect([pad32(P.x), pad32(P.y)]).toEqual([v.public_key.x, v.public_key.y]);
          if (v.public_key.spki_der) {
            expect(toHex(sm2PublicKeyPoint(importSm2PublicKey(fromHex(v.public_key.spki_der))))).toBe(
              v.public_key.uncompressed,
            );
          }
        });

        it('Z and e', () => {
          if (v.user_id_ascii === null) {
            expect(toHex(hash('sm3', message))).toBe(v.e);
            return;
          }
          const z = computeZ(pub, v.user_id_ascii);
          expect(toHex(z)).toBe(v.Z);
          expect(toHex(hash('sm3', z, message))).toBe(v.e);
        });

        it('fixed-k signature reproduced (reference), DER and raw encodings', () => {
          const { r, s } = signWithK(curve, big(v.private_key), big(v.e), big(v.k));
          expect([pad32(r), pad32(s)]).toEqual([v.r, v.s]);
          expect(toHex(encodeSm2SignatureDer(r, s))).toBe(v.signature_der);
          expect(parseSm2SignatureDer(fromHex(v.signature_der))).toEqual({ r, s });
          if (v.signature_raw_r_s)
            expect(toHex(sm2SignatureDerToRaw(fromHex(v.signature_der)))).toBe(v.signature_raw_r_s);
        });

        it('verification with the ID the vector was made for', () => {
          const sig = fromHex(v.signature_der);
          if (v.user_id_ascii === '1234567812345678') {
            expect(sm2Verify(pub, message, sig)).toBe(true);
            expect(sm2Verify(pub, message, sig, '')).toBe(false);
          } else if (v.user_id_ascii === '') {
            expect(sm2Verify(pub, message, sig, '')).toBe(true);
            expect(sm2Verify(pub, message, sig)).toBe(false); // a standard verifier rejects it
          } else {
            // no-Z signature: not a standard SM2 signature of M under any ID we accept
            expect(sm2Verify(pub, message, sig)).toBe(false);
            expect(sm2Verify(pub, message, sig, '')).toBe(false);
          }
        });
      });
    }

    it('GM/T 0003.2 Annex A on the example curve (Z, e, r, s, DER via reference)', () => {
      const v = byId.get('gmt0003.2-annexA-example-curve-sign');
      const c = sm2.curves.gmt0003_example_fp256;
      const ec = curveFromHex(c);
      const P = publicFromPrivate(ec, big(v.private_key));
      expect([pad32(P.x), pad32(P.y)]).toEqual([v.public_key.x, v.public_key.y]);
      const point = fromHex(`04${v.public_key.x}${v.public_key.y}`);
      const z = computeZForPoint(point, v.user_id_ascii, {
        a: fromHex(c.a),
        b: fromHex(c.b),
        gx: fromHex(c.gx),
        gy: fromHex(c.gy),
        n: big(c.n),
      });
      expect(toHex(z)).toBe(v.Z);
      const e = hash('sm3', z, fromHex(v.message_hex));
      expect(toHex(e)).toBe(v.e);
      const { r, s } = signWithK(ec, big(v.private_key), big(v.e), big(v.k));
      expect([pad32(r), pad32(s)]).toEqual([v.r, v.s]);
      expect(toHex(encodeSm2SignatureDer(r, s))).toBe(v.signature_der);
      expect(verifyRef(ec, P, big(v.e), r, s)).toBe(true);
    });

    it('sm2Sign output is a standard signature (checked by the reference verifier)', () => {
      const priv = sm2PrivateKeyFromScalar(fromHex(annexA.private_key));
      const P = publicFromPrivate(curve, big(annexA.private_key));
      for (let i = 0; i < 5; i++) {
        const msg = utf8(`message ${i}`);
        const sig = sm2Sign(priv, msg);
        const { r, s } = parseSm2SignatureDer(sig);
        const e = big(toHex(hash('sm3', fromHex(annexA.Z), msg)));
        expect(verifyRef(curve, P, e, r, s)).toBe(true);
        expect(sm2Verify(createPublicKey(priv), msg, sig)).toBe(true);
      }
    });

    describe('negative vectors', () => {
      const pub = importSm2PublicKey(fromHex(annexA.public_key.spki_der));
      const msg = fromHex(annexA.message_hex);
      const r = big(annexA.r);
      const s = big(annexA.s);
      const n = big(sm2.curves.sm2p256v1.n);
      const cases: Record<string, () => boolean> = {
        'annexA-with-wrong-id': () => sm2Verify(pub, msg, fromHex(annexA.signature_der), ''),
        'annexA-with-alice-id': () => sm2Verify(pub, msg, fromHex(annexA.signature_der), 'ALICE123@YAHOO.COM'),
        'annexA-s-plus-1': () => sm2Verify(pub, msg, encodeSm2SignatureDer(r, big(sm2.negative_vectors[2].s))),
        'annexA-message-changed': () => sm2Verify(pub, utf8('message digesT'), fromHex(annexA.signature_der)),
        'annexA-r-zero': () => sm2Verify(pub, msg, encodeSm2SignatureDer(0n, s)),
        'annexA-s-equals-n': () => sm2Verify(pub, msg, encodeSm2SignatureDer(r, n)),
      };
      it('covers every negative vector', () => {
        expect(Object.keys(cases).sort()).toEqual((sm2.negative_vectors as any[]).map((x) => x.id).sort());
        expect(sm2.negative_vectors[2].s).toBe(pad32(s + 1n));
      });
      for (const nv of sm2.negative_vectors as any[]) {
        it(`${nv.id} is rejected`, () => {
          expect(nv.expect).toMatch(/^reject/);
          expect(cases[nv.id]!()).toBe(false);
        });
      }
    });

    describe('node_interop pinning (Node 20 / OpenSSL 3.0 SM2 ID behaviour)', () => {
      // If one of these flips after a Node/OpenSSL upgrade, review sm2.ts before shipping.
      const pub = importSm2PublicKey(fromHex(annexA.public_key.spki_der));
      const msg = fromHex(annexA.message_hex);
      const emptyId = byId.get('computed-annexA-key-empty-id');
      const noZ = byId.get('computed-annexA-key-no-z');
      it('crypto.verify(null) accepts the EMPTY-ID signature', () => {
        expect(nodeVerify(null, msg, pub, fromHex(emptyId.signature_der))).toBe(true);
      });
      it('crypto.verify(null) rejects the standard Annex A signature', () => {
        expect(nodeVerify(null, msg, pub, fromHex(annexA.signature_der))).toBe(false);
      });
      it("createVerify('SM3') without Z accepts the no-Z signature", () => {
        expect(createVerify('SM3').update(msg).verify(pub, fromHex(noZ.signature_der))).toBe(true);
      });
      it("createVerify('SM3') over Z_A || M accepts Annex A", () => {
        expect(
          createVerify('SM3').update(fromHex(annexA.Z)).update(msg).verify(pub, fromHex(annexA.signature_der)),
        ).toBe(true);
      });
      it('findings recorded in the file are the ones pinned here', () => {
        expect(
          sm2.node_interop.tally_random_k.results['A. node crypto.sign(null) -> node crypto.verify(null)'].verified,
        ).toBe(50);
        expect(annexA.verified_with.node_crypto_verify_null).toBe(false);
        expect(emptyId.verification_results.node_crypto_verify_null).toBe(true);
      });
    });

    describe('SM2 checkpoint signatures as project note signatures (0xff 0x01)', () => {
      for (const id of ['computed-checkpoint-sha256-sm2', 'computed-checkpoint-sm3-sm2']) {
        it(id, () => {
          const v = byId.get(id);
          expect(toHex(utf8(v.message_utf8))).toBe(v.message_hex);
          const pub = createPublicKey(sm2PrivateKeyFromScalar(fromHex(v.private_key)));
          expect(sm2Verify(pub, utf8(v.message_utf8), fromHex(v.signature_der))).toBe(true);
          const name = parseCheckpoint(v.message_utf8).origin;
          const verifier = createSm2NoteVerifier(name, sm2PublicKeyPoint(pub));
          const note = formatSignedNote(v.message_utf8, [
            { name, keyId: verifier.keyId, signature: fromHex(v.signature_raw_r_s) },
          ]);
          const opened = openNote(note, [verifier]);
          expect(opened.ok).toBe(true);
          const tampered = note.replace('\n8\n', '\n9\n');
          expect(openNote(tampered, [verifier])).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
        });
      }
    });
  });

  describe('merkle.json', () => {
    const leaves = hexList(merkle.leaves.hex);

    const trees: { alg: THashAlg; data: any; negatives: any[]; ambiguity: any[] }[] = [
      {
        alg: 'sha256',
        data: {
          ...merkle.sha256.computed_here_all_proofs,
          empty_tree_root: merkle.sha256.computed_here_all_proofs.empty_tree_root,
        },
        negatives: merkle.sha256_negative_cases_computed_here,
        ambiguity: merkle.sha256_size_ambiguity_cases_computed_here,
      },
      {
        alg: 'sm3',
        data: merkle.sm3,
        negatives: merkle.sm3.negative_cases,
        ambiguity: merkle.sm3.size_ambiguity_cases,
      },
    ];

    for (const { alg, data, negatives, ambiguity } of trees) {
      describe(alg, () => {
        const leafHashes = leaves.map((l) => leafHash(alg, l));
        const store = createMemoryNodeStore();
        const appended = appendLeaves(EMPTY_FRONTIER, leafHashes, alg);
        store.put(appended.newNodes);
        const stored = (level: number, index: number) =>
          toHex(appended.newNodes.find((x) => x.level === level && x.index === index)!.hash);

        it('leaf hashes and stored node hashes', () => {
          expect(hexOf(leafHashes)).toEqual(data.leaf_hashes);
          expect([0, 1, 2, 3].map((i) => stored(1, i))).toEqual(data.node_hashes.level1_pairs);
          expect([0, 1].map((i) => stored(2, i))).toEqual(data.node_hashes.level2_quads);
          expect([stored(3, 0)]).toEqual(data.node_hashes.level3_root8);
          expect(appended.newNodes).toHaveLength(15);
        });

        it('roots of sizes 0..8 (recursive and from stored nodes)', async () => {
          expect(toHex(hash(alg))).toBe(data.empty_tree_root);
          for (const { tree_size, root } of data.roots as any[]) {
            expect(toHex(rootFromLeafHashes(alg, leafHashes.slice(0, tree_size)))).toBe(root);
            expect(toHex(await rootAt(store, alg, tree_size))).toBe(root);
          }
        });

        it(`all ${data.inclusion_proofs_all.length} inclusion proofs: generated and verified`, async () => {
          for (const p of data.inclusion_proofs_all as any[]) {
            expect(hexOf(inclusionProofFromLeafHashes(alg, leafHashes.slice(0, p.tree_size), p.leaf_index))).toEqual(
              p.proof,
            );
            expect(hexOf(await inclusionProof(store, alg, p.leaf_index, p.tree_size))).toEqual(p.proof);
            expect(p.leaf_hash).toBe(data.leaf_hashes[p.leaf_index]);
            expect(
              verifyInclusion(alg, p.leaf_index, p.tree_size, fromHex(p.leaf_hash), hexList(p.proof), fromHex(p.root)),
            ).toBe(true);
          }
        });

        it(`all ${data.consistency_proofs_all.length} consistency proofs: generated and verified`, async () => {
          for (const p of data.consistency_proofs_all as any[]) {
            expect(hexOf(consistencyProofFromLeafHashes(alg, leafHashes.slice(0, p.size2), p.size1))).toEqual(p.proof);
            expect(hexOf(await consistencyProof(store, alg, p.size1, p.size2))).toEqual(p.proof);
            expect(verifyConsistency(alg, p.size1, p.size2, hexList(p.proof), fromHex(p.root1), fromHex(p.root2))).toBe(
              true,
            );
          }
        });

        for (const c of negatives) {
          it(`negative: ${c.kind} ${c.desc}`, () => {
            expect(c.expect).toBe('reject');
            expect(runCase(alg, c)).toBe(false);
          });
        }

        for (const c of ambiguity) {
          it(`size ambiguity (documented limitation, RFC algorithm accepts): ${c.desc}`, () => {
            expect(c.result_of_rfc9162_algorithm).toBe('accept');
            expect(runCase(alg, c)).toBe(true);
          });
        }
      });
    }

    it('sha256 upstream values (transparency-dev/merkle) agree', async () => {
      const up = merkle.sha256.from_upstream;
      const leafHashes = leaves.map((l) => leafHash('sha256', l));
      const store = createMemoryNodeStore();
      store.put(appendLeaves(EMPTY_FRONTIER, leafHashes, 'sha256').newNodes);
      expect(hexOf(leafHashes)).toEqual(up.leaf_hashes);
      expect(up.node_hashes).toEqual(merkle.sha256.computed_here_all_proofs.node_hashes);
      for (let n = 0; n <= 8; n++) expect(toHex(await rootAt(store, 'sha256', n))).toBe(up.roots_by_size_0_to_8[n]);
      for (const p of up.inclusion_proofs as any[]) {
        expect(hexOf(await inclusionProof(store, 'sha256', p.leaf_index, p.tree_size))).toEqual(p.proof);
        expect(
          verifyInclusion('sha256', p.leaf_index, p.tree_size, fromHex(p.leaf_hash), hexList(p.proof), fromHex(p.root)),
        ).toBe(true);
      }
      for (const p of up.consistency_proofs as any[]) {
        expect(hexOf(await consistencyProof(store, 'sha256', p.size1, p.size2))).toEqual(p.proof);
        expect(
          verifyConsistency('sha256', p.size1, p.size2, hexList(p.proof), fromHex(p.root1), fromHex(p.root2)),
        ).toBe(true);
      }
    });

    describe(`upstream probe cases (${merkle.sha256.upstream_probe_cases.count})`, () => {
      const cases = merkle.sha256.upstream_probe_cases.cases as any[];
      it('count matches', () => expect(cases).toHaveLength(merkle.sha256.upstream_probe_cases.count));
      for (const c of cases) {
        it(`${c.path}: ${c.expect}`, () => {
          expect(runCase('sha256', c)).toBe(c.expect === 'accept');
        });
      }
    });
  });

  describe('note-checkpoint.json', () => {
    const up = new Map<string, any>((notes.upstream_vectors as any[]).map((v) => [v.id, v]));
    const cv = notes.computed_vectors;

    for (const id of ['c2sp-signed-note-example', 'go-sumdb-note-peterneumann']) {
      it(`${id}: vkey, key ID and signature verify`, () => {
        const v = up.get(id);
        const verifier = verifierFromVkey(v.vkey);
        expect(keyIdHex(verifier.keyId)).toBe(v.verified_here.key_id_recomputed);
        const opened = openNote(v.signed_note, [verifier]);
        expect(opened).toMatchObject({ ok: true, text: v.note_text });
        const parsed = parseSignedNote(v.signed_note);
        expect(formatSignedNote(parsed.text, parsed.signatures)).toBe(v.signed_note);
        // any changed byte of the text or signature fails; an unknown key alone is not enough
        expect(openNote(v.signed_note.replace('.', ','), [verifier]).ok).toBe(false);
        expect(openNote(v.signed_note, [])).toMatchObject({ ok: false, code: 'UNVERIFIED' });
      });
    }

    it('go-sumdb PeterNeumann: deterministic re-sign from the skey reproduces the note', async () => {
      const v = up.get('go-sumdb-note-peterneumann');
      const [, name, idHex, b64] = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+(.*)$/.exec(v.skey_TEST_ONLY)!;
      const blob = fromBase64(b64!);
      expect(blob[0]).toBe(0x01);
      const priv = ed25519PrivateKeyFromSeed(blob.slice(1));
      const pem = priv.export({ type: 'pkcs8', format: 'pem' }).toString();
      const signer = createNoteSigner(name!, createLocalSigner(pem));
      expect(keyIdHex(signer.keyId)).toBe(idHex);
      expect(await signNote(v.note_text, [signer])).toBe(v.signed_note);
      expect(formatVkey(name!, SIG_TYPE_ED25519, ed25519PublicKeyRaw(priv))).toBe(v.vkey);
    });

    it('transparency-dev/formats cosignature v1: parse key ID, timestamp, signature', () => {
      const v = up.get('formats-cosignature-v1-timestamp-parse');
      const blob = fromBase64(v.signature_base64);
      expect(blob.length).toBe(v.parsed_here.length);
      expect(toHex(blob.subarray(0, 4))).toBe(v.parsed_here.key_id);
      expect(cosignatureTimestamp(blob.subarray(4))).toBe(v.expected_timestamp);
      expect(toHex(blob.subarray(12))).toBe(v.parsed_here.ed25519_signature);
    });

    it('RFC 8032 7.1 TEST 1', () => {
      const v = up.get('rfc8032-7.1-test1');
      const priv = ed25519PrivateKeyFromSeed(fromHex(v.secret_seed));
      expect(toHex(ed25519PublicKeyRaw(priv))).toBe(v.public_key);
      expect(toHex(ed25519Sign(priv, fromHex(v.message_hex)))).toBe(v.signature);
    });

    const seedSigner = (seedHex: string) =>
      createLocalSigner(
        ed25519PrivateKeyFromSeed(fromHex(seedHex)).export({ type: 'pkcs8', format: 'pem' }).toString(),
      );

    for (const [key, alg, rootSize] of [
      ['checkpoint_sha256_size8', 'sha256', 8],
      ['checkpoint_sm3_size8', 'sm3', 8],
    ] as const) {
      describe(key, () => {
        const v = cv[key];
        const merkleRoot = (alg === 'sha256' ? merkle.sha256.computed_here_all_proofs.roots : merkle.sm3.roots)[
          rootSize
        ].root;

        it('checkpoint text from the merkle.json root', () => {
          expect(formatCheckpoint({ origin: v.log.name, size: 8, root: fromHex(merkleRoot) })).toBe(v.checkpoint_text);
          expect(toHex(parseCheckpoint(v.checkpoint_text).root)).toBe(merkleRoot);
        });

        it('log key, key ID, vkey and signature line (deterministic Ed25519)', async () => {
          expect(toHex(hash('sha256', utf8(notes.computed_vectors.key_seed_labels[v.log.name])))).toBe(
            v.log.ed25519_seed_TEST_ONLY,
          );
          const signer = seedSigner(v.log.ed25519_seed_TEST_ONLY);
          const pub = ed25519PublicKeyRaw(createPublicKey(signer.publicKeyPem));
          expect(toHex(pub)).toBe(v.log.public_key);
          expect(formatVkey(v.log.name, SIG_TYPE_ED25519, pub)).toBe(v.log.vkey);
          expect(keyIdHex(noteKeyId(v.log.name, SIG_TYPE_ED25519, pub))).toBe(v.log.key_id);
          const noteSigner = createNoteSigner(v.log.name, signer);
          const note = await signNote(v.checkpoint_text, [noteSigner]);
          expect(note).toBe(`${v.checkpoint_text}\n${v.log.signature_line}\n`);
        });

        it('cosignatures v1 reproduced byte for byte; the full note verifies', async () => {
          const lines: string[] = [];
          const verifiers = [verifierFromVkey(v.log.vkey)];
          for (const c of v.cosignatures_v1 as any[]) {
            expect(new TextDecoder().decode(cosignatureMessage(v.checkpoint_text, c.timestamp))).toBe(c.signed_message);
            const cosigner = createCosigner(c.witness, seedSigner(c.ed25519_seed_TEST_ONLY));
            expect(keyIdHex(cosigner.keyId)).toBe(c.key_id);
            const sig = await cosigner.cosign(v.checkpoint_text, c.timestamp);
            expect(formatSignatureLine(sig)).toBe(`${c.signature_line}\n`);
            lines.push(formatSignatureLine(sig));
            const fromVkey = verifierFromVkey(c.vkey_type_0x04);
            expect(formatVkey(c.witness, SIG_TYPE_COSIGNATURE_ED25519, fromHex(c.public_key))).toBe(c.vkey_type_0x04);
            expect(fromVkey.keyId).toBe(createEd25519CosignatureVerifier(c.witness, fromHex(c.public_key)).keyId);
            verifiers.push(fromVkey);
          }
          expect(`${v.checkpoint_text}\n${v.log.signature_line}\n${lines.join('')}`).toBe(v.full_signed_note);
          const opened = openNote(v.full_signed_note, verifiers);
          expect(opened.ok && opened.verified.length).toBe(3);
          const parsed = parseSignedNote(v.full_signed_note);
          expect(parsed.signatures.slice(1).map((s) => cosignatureTimestamp(s.signature))).toEqual(
            (v.cosignatures_v1 as any[]).map((c) => c.timestamp),
          );
          // Log verifier alone: the witness signatures are unknown keys, ignored.
          const logOnly = openNote(v.full_signed_note, [
            createEd25519NoteVerifier(v.log.name, fromHex(v.log.public_key)),
          ]);
          expect(logOnly.ok && logOnly.unknown.length).toBe(2);
          // A cosignature moved to another time no longer verifies, and rejects the note.
          const first = parsed.signatures[1]!;
          const moved = first.signature.slice();
          moved[7] = moved[7]! ^ 1;
          const tampered = v.full_signed_note.replace(
            formatSignatureLine(first),
            formatSignatureLine({ ...first, signature: moved }),
          );
          expect(tampered).not.toBe(v.full_signed_note);
          expect(openNote(tampered, verifiers)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
        });
      });
    }

    it('witness add-checkpoint request 6 -> 8: parse, format, and the witness cosigns', async () => {
      const w = cv.witness_add_checkpoint_request_6_to_8;
      const req = parseAddCheckpointRequest(w.request_body);
      expect(req.oldSize).toBe(w.old_size);
      expect(hexOf(req.consistencyProof)).toEqual(w.consistency_proof_hex);
      expect(formatAddCheckpointRequest(req)).toBe(w.request_body);

      const leafHashes = hexList(merkle.sha256.computed_here_all_proofs.leaf_hashes);
      const store = createMemoryNodeStore();
      store.put(appendLeaves(EMPTY_FRONTIER, leafHashes, 'sha256').newNodes);
      expect(hexOf(await consistencyProof(store, 'sha256', 6, 8))).toEqual(w.consistency_proof_hex);

      const old = parseCheckpoint(w.old_checkpoint_body);
      expect(bytesEqual(old.root, await rootAt(store, 'sha256', 6))).toBe(true);
      const logVerifier = verifierFromVkey(cv.checkpoint_sha256_size8.log.vkey);
      const result = witnessCheckpoint({
        state: { origin: old.origin, size: old.size, root: old.root },
        logVerifier,
        newCheckpointNote: req.checkpointNote,
        oldSize: req.oldSize,
        consistencyProof: req.consistencyProof,
        alg: 'sha256',
      });
      expect(result).toMatchObject({ ok: true, newState: { size: 8 } });
      expect(result.ok && toHex(result.newState.root)).toBe(merkle.sha256.computed_here_all_proofs.roots[8].root);
    });

    it('RFC 6962 tree head signature input and its Ed25519 signature with the log key', () => {
      const v = cv.rfc6962_tree_head_signature_input;
      const bytes = encodeRfc6962TreeHead({
        timestampMs: v.timestamp_ms,
        treeSize: v.tree_size,
        root: fromHex(v.root),
      });
      expect(toHex(bytes)).toBe(v.bytes);
      expect(bytes.length).toBe(v.length);
      const priv = ed25519PrivateKeyFromSeed(fromHex(cv.checkpoint_sha256_size8.log.ed25519_seed_TEST_ONLY));
      expect(toHex(ed25519Sign(priv, bytes))).toBe(v.ed25519_signature_with_log_key);
    });

    it('RFC 9162 TreeHeadDataV2', () => {
      const v = cv.rfc9162_tree_head_data_v2;
      const bytes = encodeRfc9162TreeHeadDataV2({
        timestampMs: v.timestamp_ms,
        treeSize: v.tree_size,
        root: fromHex(v.root),
      });
      expect(toHex(bytes)).toBe(v.bytes);
      expect(bytes.length).toBe(v.length);
    });
  });
}

/** Runs a merkle.json case object through the matching verifier. */
function runCase(alg: THashAlg, c: any): boolean {
  const proof = hexList(c.proof ?? []);
  return c.kind === 'inclusion'
    ? verifyInclusion(alg, c.leaf_index, c.tree_size, fromHex(c.leaf_hash), proof, fromHex(c.root))
    : verifyConsistency(alg, c.size1, c.size2, proof, fromHex(c.root1), fromHex(c.root2));
}
