import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKeyFromRaw, ed25519PublicKeyRaw, ed25519Verify, generateEd25519KeyPair } from './ed25519';
import { utf8 } from './hash';
import { createLocalSigner, publicKeyFingerprint, verifySignature } from './signer';
import {
  computeZ,
  encodeSm2SignatureDer,
  generateSm2KeyPair,
  importSm2PrivateKey,
  importSm2PublicKey,
  parseSm2SignatureDer,
  sm2PublicKeyFromPoint,
  sm2PublicKeyPoint,
  sm2Sign,
  sm2SignatureDerToRaw,
  sm2SignatureRawToDer,
  sm2Verify,
} from './sm2';

describe('sm2: keys and signatures on Node 20 / OpenSSL 3.0', () => {
  const pair = generateSm2KeyPair();
  const priv = importSm2PrivateKey(pair.privateKeyPem);
  const pub = importSm2PublicKey(pair.publicKeyPem);

  it('generates sm2p256v1 keys as SPKI / PKCS#8 PEM that round-trip', () => {
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(sm2PublicKeyPoint(pub)).toEqual(sm2PublicKeyPoint(createPublicKey(priv)));
    expect(sm2PublicKeyPoint(sm2PublicKeyFromPoint(sm2PublicKeyPoint(pub)))).toEqual(sm2PublicKeyPoint(pub));
  });

  it('refuses non-SM2 keys', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => importSm2PublicKey(p256.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/SM2/);
    expect(() => importSm2PublicKey(generateEd25519KeyPair().publicKeyPem)).toThrow();
  });

  it('sign/verify with the default ID; another ID, key or message fails', () => {
    const msg = utf8('案件 2026-001 移送审查起诉');
    const sig = sm2Sign(priv, msg);
    expect(sm2Verify(pub, msg, sig)).toBe(true);
    expect(sm2Verify(pub, msg, sig, '')).toBe(false);
    expect(sm2Verify(pub, utf8('案件 2026-002 移送审查起诉'), sig)).toBe(false);
    expect(sm2Verify(importSm2PublicKey(generateSm2KeyPair().publicKeyPem), msg, sig)).toBe(false);
    expect(computeZ(pub)).toHaveLength(32);
    // custom per-agency ID works both ways
    expect(sm2Verify(pub, msg, sm2Sign(priv, msg, 'agency-a@example'), 'agency-a@example')).toBe(true);
  });

  it('DER <-> raw r||s round trip; a second (non-minimal) DER spelling is rejected', () => {
    let checkedNonMinimal = 0;
    for (let i = 0; i < 20; i++) {
      const msg = utf8(`x${i}`);
      const sig = sm2Sign(priv, msg);
      const raw = sm2SignatureDerToRaw(sig);
      expect(raw).toHaveLength(64);
      expect(sm2SignatureRawToDer(raw)).toEqual(sig);
      const { r, s } = parseSm2SignatureDer(sig);
      expect(encodeSm2SignatureDer(r, s)).toEqual(sig);
      // r as 00 || 32 bytes: superfluous zero when r's top bit is clear -> same numbers, other bytes
      if (raw[0]! < 0x80) {
        const sPart = sig.subarray(4 + sig[3]!);
        const body = Uint8Array.of(0x02, 33, 0x00, ...raw.subarray(0, 32), ...sPart);
        const nonMinimal = Uint8Array.of(0x30, body.length, ...body);
        expect(() => parseSm2SignatureDer(nonMinimal)).toThrow(/non-minimal/);
        expect(sm2Verify(pub, msg, nonMinimal)).toBe(false);
        checkedNonMinimal++;
      }
      expect(sm2Verify(pub, msg, Uint8Array.of(...sig, 0))).toBe(false);
    }
    expect(checkedNonMinimal).toBeGreaterThan(0);
  });

  it('any changed byte of message or signature fails (property)', () => {
    const msg = utf8('checkpoint body\n');
    const sig = sm2Sign(priv, msg);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (pos, xor, inSig) => {
        const m = msg.slice();
        const s = sig.slice();
        if (inSig) s[pos % s.length] = s[pos % s.length]! ^ xor;
        else m[pos % m.length] = m[pos % m.length]! ^ xor;
        expect(sm2Verify(pub, m, s)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

describe('ed25519 and the signer port', () => {
  it('ed25519 raw key round trip and verify', () => {
    const pair = generateEd25519KeyPair();
    const pub = createPublicKey(pair.publicKeyPem);
    const raw = ed25519PublicKeyRaw(pub);
    expect(raw).toHaveLength(32);
    expect(ed25519PublicKeyRaw(ed25519PublicKeyFromRaw(raw))).toEqual(raw);
    expect(ed25519Verify(pub, utf8('m'), new Uint8Array(64))).toBe(false);
  });

  it.each(['sm2', 'ed25519'] as const)('createLocalSigner(%s) signs what verifySignature accepts', async (alg) => {
    const pair = alg === 'sm2' ? generateSm2KeyPair() : generateEd25519KeyPair();
    const signer = createLocalSigner(pair.privateKeyPem);
    expect(signer.alg).toBe(alg);
    expect(signer.keyId).toBe(publicKeyFingerprint(pair.publicKeyPem));
    expect(signer.keyId).toMatch(/^[0-9a-f]{64}$/);
    const msg = utf8('ledger entry');
    const sig = await signer.sign(msg);
    expect(verifySignature(alg, signer.publicKeyPem, msg, sig)).toBe(true);
    expect(verifySignature(alg === 'sm2' ? 'ed25519' : 'sm2', signer.publicKeyPem, msg, sig)).toBe(false);
    expect(verifySignature(alg, signer.publicKeyPem, utf8('other'), sig)).toBe(false);
  });

  it('refuses keys of other algorithms', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => createLocalSigner(p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      /unsupported key/,
    );
  });
});
