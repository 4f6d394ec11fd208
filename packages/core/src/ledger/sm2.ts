/**
 * SM2 signatures (GB/T 32918.2 / GM/T 0003.2) with the GM/T 0009 default ID, on node:crypto.
 *
 * Why Z is computed here: Node 20 (OpenSSL 3.0) gives no way to set the SM2 distinguishing
 * ID. crypto.sign(null, ...) hashes Z with an EMPTY ID and createSign('SM3') hashes no Z at
 * all; neither is the signature other agencies' SM2 tools (default ID 1234567812345678)
 * verify. Feeding Z_A ourselves before M into createSign('SM3') gives e = SM3(Z_A || M),
 * the standard signature (see /work/shared/vectors/README.md, "Node 20 SM2 interop").
 * The vector tests pin this platform behaviour so an OpenSSL upgrade that changes it fails CI.
 */
import {
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { concatBytes, fromHex, hash, toHex, toPlainBytes, utf8 } from './hash';

/** GM/T 0009-2012 section 10. Agencies' keys use this unless recorded otherwise. */
export const SM2_DEFAULT_ID = '1234567812345678';

/** Curve constants that enter Z_A (GB/T 32918.5 recommended curve sm2p256v1). */
export type TSm2Curve = { a: Uint8Array; b: Uint8Array; gx: Uint8Array; gy: Uint8Array; n: bigint };

export const SM2P256V1: TSm2Curve = {
  a: fromHex('fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc'),
  b: fromHex('28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93'),
  gx: fromHex('32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7'),
  gy: fromHex('bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0'),
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
};

// DER framing of an SM2 key as OpenSSL 3.0 writes it: id-ecPublicKey (1.2.840.10045.2.1)
// with namedCurve 1.2.156.10197.1.301. Keys are carried as SPKI / PKCS#8 because Node
// cannot export SM2 keys as JWK and reports asymmetricKeyType undefined for imported ones.
const SPKI_PREFIX = fromHex('3059301306072a8648ce3d020106082a811ccf5501822d034200');
const SEC1_PREFIX = fromHex('30310201010420');
const SEC1_CURVE = fromHex('a00a06082a811ccf5501822d');

export type TPemKeyPair = { publicKeyPem: string; privateKeyPem: string };

export function generateSm2KeyPair(): TPemKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Accepts SPKI PEM or DER; throws unless the key is on sm2p256v1. */
export function importSm2PublicKey(spki: string | Uint8Array): KeyObject {
  const key =
    typeof spki === 'string'
      ? createPublicKey(spki)
      : createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  sm2PublicKeyPoint(key);
  return key;
}

/** Accepts PKCS#8 PEM; throws unless the key is on sm2p256v1. */
export function importSm2PrivateKey(pkcs8Pem: string): KeyObject {
  const key = createPrivateKey(pkcs8Pem);
  sm2PublicKeyPoint(createPublicKey(key));
  return key;
}

/** For published test keys (GB/T 32918.5 Annex A) that exist only as the scalar d. */
export function sm2PrivateKeyFromScalar(d: Uint8Array): KeyObject {
  if (d.length !== 32) throw new RangeError('SM2 private scalar must be 32 bytes');
  const der = concatBytes(SEC1_PREFIX, d, SEC1_CURVE);
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'sec1' });
}

export function sm2PublicKeyFromPoint(point: Uint8Array): KeyObject {
  if (point.length !== 65 || point[0] !== 0x04) throw new RangeError('expected 65-byte 04||x||y');
  return importSm2PublicKey(concatBytes(SPKI_PREFIX, point));
}

export function isSm2PublicKey(key: KeyObject): boolean {
  try {
    sm2PublicKeyPoint(key);
    return true;
  } catch {
    return false;
  }
}

/** Uncompressed point 04||x||y, read from the SPKI encoding (JWK export fails for SM2). */
export function sm2PublicKeyPoint(publicKey: KeyObject): Uint8Array {
  if (publicKey.type !== 'public') throw new TypeError('expected a public key');
  const der = toPlainBytes(publicKey.export({ type: 'spki', format: 'der' }));
  const prefixOk = der.length === SPKI_PREFIX.length + 65 && SPKI_PREFIX.every((b, i) => der[i] === b);
  if (!prefixOk || der[SPKI_PREFIX.length] !== 0x04) throw new TypeError('not an SM2 (sm2p256v1) public key');
  return der.slice(SPKI_PREFIX.length);
}

function idBytes(id: string | Uint8Array): Uint8Array {
  const bytes = typeof id === 'string' ? utf8(id) : id;
  // ENTL is two bytes counting bits, so the ID is at most 8191 bytes.
  if (bytes.length > 0x1fff) throw new RangeError('SM2 ID longer than 8191 bytes');
  return bytes;
}

/** Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for an explicit point and curve. */
export function computeZForPoint(
  point: Uint8Array,
  id: string | Uint8Array = SM2_DEFAULT_ID,
  curve: TSm2Curve = SM2P256V1,
): Uint8Array {
  if (point.length !== 65 || point[0] !== 0x04) throw new RangeError('expected 65-byte 04||x||y');
  const idb = idBytes(id);
  const bits = idb.length * 8;
  const entl = Uint8Array.of(bits >>> 8, bits & 0xff);
  return hash('sm3', entl, idb, curve.a, curve.b, curve.gx, curve.gy, point.subarray(1));
}

export function computeZ(publicKey: KeyObject, id: string | Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  return computeZForPoint(sm2PublicKeyPoint(publicKey), id);
}

/** Standard SM2 signature, DER SEQUENCE{r, s} (GM/T 0009 SM2Signature). k is random. */
export function sm2Sign(
  privateKey: KeyObject,
  message: Uint8Array,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): Uint8Array {
  const z = computeZ(createPublicKey(privateKey), id);
  return toPlainBytes(createSign('SM3').update(z).update(message).sign(privateKey));
}

export function sm2Verify(
  publicKey: KeyObject,
  message: Uint8Array,
  signatureDer: Uint8Array,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): boolean {
  // Our own strict parse first: non-minimal DER or out-of-range r, s would otherwise be
  // left to OpenSSL's leniency, and a second encoding of one signature is a malleability.
  let rs: { r: bigint; s: bigint };
  try {
    rs = parseSm2SignatureDer(signatureDer);
  } catch {
    return false;
  }
  const { n } = SM2P256V1;
  if (rs.r < 1n || rs.r >= n || rs.s < 1n || rs.s >= n) return false;
  try {
    const z = computeZ(publicKey, id);
    return createVerify('SM3').update(z).update(message).verify(publicKey, signatureDer);
  } catch {
    return false;
  }
}

// ---- signature encodings -------------------------------------------------------------

function bigintToFixed(x: bigint, length: number): Uint8Array {
  const hex = x.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('integer too large');
  return fromHex(hex);
}

function derInteger(x: bigint): Uint8Array {
  if (x < 0n) throw new RangeError('negative integer');
  let hex = x.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // A set high bit would read as negative, so DER needs a leading zero byte then.
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  const bytes = fromHex(hex);
  return concatBytes(Uint8Array.of(0x02, bytes.length), bytes);
}

export function encodeSm2SignatureDer(r: bigint, s: bigint): Uint8Array {
  const body = concatBytes(derInteger(r), derInteger(s));
  return concatBytes(Uint8Array.of(0x30, body.length), body);
}

/** Strict DER: short-form lengths only (an SM2 signature is < 128 bytes), minimal integers. */
export function parseSm2SignatureDer(der: Uint8Array): { r: bigint; s: bigint } {
  const fail = (why: string): never => {
    throw new TypeError(`bad SM2 DER signature: ${why}`);
  };
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) fail('sequence');
  let offset = 2;
  const readInt = (): bigint => {
    if (der[offset] !== 0x02) fail('integer tag');
    const len = der[offset + 1] ?? fail('length');
    const start = offset + 2;
    if (len < 1 || len > 33 || start + len > der.length) fail('integer length');
    const bytes = der.subarray(start, start + len);
    if ((bytes[0]! & 0x80) !== 0) fail('negative integer');
    if (len > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) fail('non-minimal integer');
    offset = start + len;
    return BigInt(`0x${toHex(bytes)}`);
  };
  const r = readInt();
  const s = readInt();
  if (offset !== der.length) fail('trailing bytes');
  return { r, s };
}

export function sm2SignatureDerToRaw(der: Uint8Array): Uint8Array {
  const { r, s } = parseSm2SignatureDer(der);
  return concatBytes(bigintToFixed(r, 32), bigintToFixed(s, 32));
}

export function sm2SignatureRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw new RangeError('raw SM2 signature must be 64 bytes (r||s)');
  return encodeSm2SignatureDer(BigInt(`0x${toHex(raw.subarray(0, 32))}`), BigInt(`0x${toHex(raw.subarray(32))}`));
}
