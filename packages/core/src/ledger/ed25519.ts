/**
 * Ed25519 (RFC 8032): the alternative signature algorithm, and the one C2SP signed notes
 * and public witnesses (type 0x01 / 0x04) expect. Raw 32-byte keys are what note key IDs
 * and vkeys carry, so we convert between them and node:crypto KeyObjects here.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { concatBytes, fromHex, toPlainBytes } from './hash';
import type { TPemKeyPair } from './sm2';

// Fixed DER framing of Ed25519 keys (RFC 8410): PKCS#8 around a 32-byte seed, SPKI around the key.
const PKCS8_PREFIX = fromHex('302e020100300506032b657004220420');
const SPKI_PREFIX = fromHex('302a300506032b6570032100');

export function generateEd25519KeyPair(): TPemKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function ed25519PrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('Ed25519 seed must be 32 bytes');
  return createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' });
}

export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new RangeError('Ed25519 public key must be 32 bytes');
  return createPublicKey({ key: Buffer.from(concatBytes(SPKI_PREFIX, raw)), format: 'der', type: 'spki' });
}

/** 32-byte public key; accepts a public or a private KeyObject. */
export function ed25519PublicKeyRaw(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 key');
  return toPlainBytes(pub.export({ type: 'spki', format: 'der' })).slice(SPKI_PREFIX.length);
}

export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return toPlainBytes(sign(null, message, privateKey));
}

export function ed25519Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.asymmetricKeyType !== 'ed25519') return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}
