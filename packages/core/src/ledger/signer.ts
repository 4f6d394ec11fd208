/**
 * The signing port. Ledger code asks for a TSigner and never touches key material, so a
 * local PEM key (development, tests) can be swapped for an HSM / KMS (密码机) in production
 * without changing callers. sign() is async because remote signers are.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ed25519PublicKeyRaw, ed25519Sign, ed25519Verify } from './ed25519';
import { hash, toHex, toPlainBytes } from './hash';
import { importSm2PublicKey, isSm2PublicKey, sm2PublicKeyPoint, sm2Sign, sm2Verify } from './sm2';

export type TSignatureAlg = 'sm2' | 'ed25519';

export interface TSigner {
  /** Stable identifier of the key: hex SHA-256 of its SPKI DER (see publicKeyFingerprint). */
  keyId: string;
  alg: TSignatureAlg;
  publicKeyPem: string;
  /** SM2: DER signature with the default ID over Z_A || msg. Ed25519: 64 bytes. */
  sign(msg: Uint8Array): Promise<Uint8Array>;
}

function algOf(publicKey: KeyObject): TSignatureAlg {
  if (publicKey.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (isSm2PublicKey(publicKey)) return 'sm2';
  throw new TypeError('unsupported key: only SM2 (sm2p256v1) and Ed25519 are allowed');
}

/** Fingerprint used as keyId: the hash of the exact public key encoding, never of a label. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return toHex(hash('sha256', toPlainBytes(der)));
}

/** Raw public key bytes as signed-note key IDs use them: Ed25519 32 bytes, SM2 04||x||y. */
export function publicKeyRaw(publicKeyPem: string): { alg: TSignatureAlg; raw: Uint8Array } {
  const key = createPublicKey(publicKeyPem);
  const alg = algOf(key);
  return { alg, raw: alg === 'ed25519' ? ed25519PublicKeyRaw(key) : sm2PublicKeyPoint(key) };
}

/** A signer holding a PKCS#8 PEM private key in this process. */
export function createLocalSigner(privateKeyPem: string): TSigner {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const alg = algOf(publicKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: publicKeyFingerprint(publicKeyPem),
    alg,
    publicKeyPem,
    sign: async (msg) => (alg === 'sm2' ? sm2Sign(privateKey, msg) : ed25519Sign(privateKey, msg)),
  };
}

/** Verifies what a TSigner of the given algorithm produced. Never throws. */
export function verifySignature(
  alg: TSignatureAlg,
  publicKeyPem: string,
  msg: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const key = alg === 'sm2' ? importSm2PublicKey(publicKeyPem) : createPublicKey(publicKeyPem);
    if (algOf(key) !== alg) return false;
    return alg === 'sm2' ? sm2Verify(key, msg, signature) : ed25519Verify(key, msg, signature);
  } catch {
    return false;
  }
}
