/**
 * C2SP signed notes, tlog-checkpoints and tlog-cosignatures (c2sp.org/signed-note,
 * /tlog-checkpoint, /tlog-cosignature), plus project SM2 signature types.
 *
 * Signature types (first byte(s) of the key-ID preimage and of a vkey):
 *   0x01       Ed25519 over the note text (C2SP).
 *   0x04       timestamped Ed25519 cosignature v1 (C2SP): timestamp(8 BE) || sig(64).
 *   0xff 0x01  PROJECT: SM2 over the note text, e = SM3(Z_A || text), default ID
 *              1234567812345678, signature raw r||s (64 bytes). Public key = 04||x||y.
 *   0xff 0x04  PROJECT: timestamped SM2 cosignature, same message as 0x04
 *              ("cosignature/v1\ntime <t>\n" + body), bytes = timestamp(8 BE) || r||s(64).
 * C2SP reserves 0xff for types it has not assigned and asks for a following identifier;
 * our second byte mirrors the Ed25519 byte of the same role. Raw r||s (not DER) keeps the
 * signature length fixed, like the Ed25519 types. Public witnesses will not understand
 * 0xff types: they are for our agency witnesses only.
 */
import { ed25519PublicKeyFromRaw, ed25519Verify } from './ed25519';
import { bytesEqual, concatBytes, fromBase64, hash, HASH_SIZE, isWellFormed, toBase64, utf8 } from './hash';
import { publicKeyRaw, type TSigner } from './signer';
import { sm2PublicKeyFromPoint, sm2SignatureDerToRaw, sm2SignatureRawToDer, sm2Verify } from './sm2';

export const SIG_TYPE_ED25519 = Uint8Array.of(0x01);
export const SIG_TYPE_COSIGNATURE_ED25519 = Uint8Array.of(0x04);
export const SIG_TYPE_SM2 = Uint8Array.of(0xff, 0x01);
export const SIG_TYPE_COSIGNATURE_SM2 = Uint8Array.of(0xff, 0x04);

/** Go's sumdb/note limit; C2SP requires accepting at least 16. */
const MAX_SIGNATURES = 100;
const EM_DASH_PREFIX = '\u2014 ';

export interface TNoteVerifier {
  name: string;
  /** First 4 bytes of the key-ID hash as a big-endian uint32. */
  keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export interface TNoteSigner {
  name: string;
  keyId: number;
  sign(text: Uint8Array): Promise<Uint8Array>;
}

/** A signature line: the 4-byte key ID is split off into keyId. */
export type TNoteSignature = { name: string; keyId: number; signature: Uint8Array };

export type TOpenNoteResult =
  | { ok: true; text: string; verified: TNoteSignature[]; unknown: TNoteSignature[] }
  | { ok: false; code: 'MALFORMED' | 'BAD_SIGNATURE' | 'UNVERIFIED'; detail: string };

export type TCheckpoint = { origin: string; size: number; root: Uint8Array; extensions: string[] };

// ---- keys ------------------------------------------------------------------------------

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && isWellFormed(name);
}

/** SHA-256(name || 0x0A || type || public key)[:4] as a uint32. */
export function noteKeyId(name: string, sigType: Uint8Array, publicKey: Uint8Array): number {
  const h = hash('sha256', utf8(name), Uint8Array.of(0x0a), sigType, publicKey);
  return new DataView(h.buffer, h.byteOffset).getUint32(0);
}

export function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** <name>+<hex key ID>+base64(type || public key) */
export function formatVkey(name: string, sigType: Uint8Array, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new TypeError(`invalid key name: ${name}`);
  return `${name}+${keyIdHex(noteKeyId(name, sigType, publicKey))}+${toBase64(concatBytes(sigType, publicKey))}`;
}

/** Builds a verifier for the four types above; rejects a vkey whose ID does not match. */
export function verifierFromVkey(vkey: string): TNoteVerifier {
  // Only the first two '+' separate fields: base64 uses '+' itself.
  const m = /^([^+]+)\+([0-9a-f]{8})\+(.*)$/s.exec(vkey);
  const [, name, idHex, b64] = m ?? [];
  if (name === undefined || idHex === undefined || b64 === undefined || !isValidKeyName(name)) {
    throw new TypeError('malformed vkey');
  }
  const blob = fromBase64(b64);
  const startsWith = (t: Uint8Array) => t.every((b, i) => blob[i] === b);
  let verifier: TNoteVerifier;
  if (startsWith(SIG_TYPE_ED25519) && blob.length === 33) verifier = createEd25519NoteVerifier(name, blob.slice(1));
  else if (startsWith(SIG_TYPE_COSIGNATURE_ED25519) && blob.length === 33)
    verifier = createEd25519CosignatureVerifier(name, blob.slice(1));
  else if (startsWith(SIG_TYPE_SM2) && blob.length === 67) verifier = createSm2NoteVerifier(name, blob.slice(2));
  else if (startsWith(SIG_TYPE_COSIGNATURE_SM2) && blob.length === 67)
    verifier = createSm2CosignatureVerifier(name, blob.slice(2));
  else throw new TypeError('unsupported vkey type');
  if (keyIdHex(verifier.keyId) !== idHex) throw new TypeError('vkey key ID does not match its key');
  return verifier;
}

// ---- verifiers -------------------------------------------------------------------------

export function createEd25519NoteVerifier(name: string, publicKey: Uint8Array): TNoteVerifier {
  const key = ed25519PublicKeyFromRaw(publicKey);
  return {
    name,
    keyId: noteKeyId(name, SIG_TYPE_ED25519, publicKey),
    verify: (text, signature) => ed25519Verify(key, text, signature),
  };
}

export function createSm2NoteVerifier(name: string, publicKeyPoint: Uint8Array): TNoteVerifier {
  const key = sm2PublicKeyFromPoint(publicKeyPoint);
  return {
    name,
    keyId: noteKeyId(name, SIG_TYPE_SM2, publicKeyPoint),
    verify: (text, signature) => signature.length === 64 && sm2Verify(key, text, sm2SignatureRawToDer(signature)),
  };
}

export function createEd25519CosignatureVerifier(name: string, publicKey: Uint8Array): TNoteVerifier {
  const key = ed25519PublicKeyFromRaw(publicKey);
  return {
    name,
    keyId: noteKeyId(name, SIG_TYPE_COSIGNATURE_ED25519, publicKey),
    verify: (text, signature) => {
      if (signature.length !== 72) return false;
      const message = cosignatureMessageBytes(text, readTimestamp(signature));
      return message !== null && ed25519Verify(key, message, signature.subarray(8));
    },
  };
}

export function createSm2CosignatureVerifier(name: string, publicKeyPoint: Uint8Array): TNoteVerifier {
  const key = sm2PublicKeyFromPoint(publicKeyPoint);
  return {
    name,
    keyId: noteKeyId(name, SIG_TYPE_COSIGNATURE_SM2, publicKeyPoint),
    verify: (text, signature) => {
      if (signature.length !== 72) return false;
      const message = cosignatureMessageBytes(text, readTimestamp(signature));
      return message !== null && sm2Verify(key, message, sm2SignatureRawToDer(signature.subarray(8)));
    },
  };
}

// ---- signers ---------------------------------------------------------------------------

/** Log (or any) note signer on the signing port: type 0x01 for Ed25519, 0xff01 for SM2. */
export function createNoteSigner(name: string, signer: TSigner): TNoteSigner {
  if (!isValidKeyName(name)) throw new TypeError(`invalid key name: ${name}`);
  const { alg, raw } = publicKeyRaw(signer.publicKeyPem);
  const sigType = alg === 'sm2' ? SIG_TYPE_SM2 : SIG_TYPE_ED25519;
  return {
    name,
    keyId: noteKeyId(name, sigType, raw),
    sign: async (text) => {
      const sig = await signer.sign(text);
      return alg === 'sm2' ? sm2SignatureDerToRaw(sig) : sig;
    },
  };
}

export interface TCosigner {
  name: string;
  keyId: number;
  /** timestamp: unix SECONDS (C2SP), unlike RFC 6962 tree heads, which use milliseconds. */
  cosign(checkpointText: string, timestamp: number): Promise<TNoteSignature>;
}

/** Witness cosigner: type 0x04 for Ed25519, 0xff04 for SM2. */
export function createCosigner(name: string, signer: TSigner): TCosigner {
  if (!isValidKeyName(name)) throw new TypeError(`invalid key name: ${name}`);
  const { alg, raw } = publicKeyRaw(signer.publicKeyPem);
  const keyId = noteKeyId(name, alg === 'sm2' ? SIG_TYPE_COSIGNATURE_SM2 : SIG_TYPE_COSIGNATURE_ED25519, raw);
  return {
    name,
    keyId,
    cosign: async (checkpointText, timestamp) => {
      const message = cosignatureMessage(checkpointText, timestamp);
      const sig = await signer.sign(message);
      const ts = new Uint8Array(8);
      new DataView(ts.buffer).setBigUint64(0, BigInt(timestamp));
      return { name, keyId, signature: concatBytes(ts, alg === 'sm2' ? sm2SignatureDerToRaw(sig) : sig) };
    },
  };
}

// ---- cosignature message ---------------------------------------------------------------

/** "cosignature/v1\ntime <t>\n" + checkpoint body. */
export function cosignatureMessage(checkpointText: string, timestamp: number): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('timestamp must be unix seconds');
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

function cosignatureMessageBytes(text: Uint8Array, timestamp: number | null): Uint8Array | null {
  if (timestamp === null) return null;
  return concatBytes(utf8(`cosignature/v1\ntime ${timestamp}\n`), text);
}

function readTimestamp(signature: Uint8Array): number | null {
  if (signature.length < 8) return null;
  const t = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  return t <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t) : null;
}

/** The timestamp a cosignature (0x04 / 0xff04) commits to, in unix seconds. */
export function cosignatureTimestamp(signature: Uint8Array): number {
  const t = readTimestamp(signature);
  if (t === null) throw new RangeError('not a timestamped cosignature');
  return t;
}

// ---- signed notes ----------------------------------------------------------------------

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new TypeError('note text must end with a newline');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text) || !isWellFormed(text)) {
    throw new TypeError('note text must be UTF-8 without control characters other than newline');
  }
}

export function formatSignatureLine(sig: TNoteSignature): string {
  if (!isValidKeyName(sig.name)) throw new TypeError(`invalid key name: ${sig.name}`);
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, sig.keyId);
  return `${EM_DASH_PREFIX}${sig.name} ${toBase64(concatBytes(id, sig.signature))}\n`;
}

export function formatSignedNote(text: string, signatures: TNoteSignature[]): string {
  assertNoteText(text);
  if (signatures.length === 0) throw new TypeError('a signed note needs at least one signature');
  return `${text}\n${signatures.map(formatSignatureLine).join('')}`;
}

export async function signNote(text: string, signers: TNoteSigner[]): Promise<string> {
  assertNoteText(text);
  const bytes = utf8(text);
  const signatures = await Promise.all(
    signers.map(async (s) => ({ name: s.name, keyId: s.keyId, signature: await s.sign(bytes) })),
  );
  return formatSignedNote(text, signatures);
}

/** Splits a signed note; throws TypeError on anything C2SP calls malformed. Verifies nothing. */
export function parseSignedNote(note: string): { text: string; signatures: TNoteSignature[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new TypeError('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  assertNoteText(text);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new TypeError('signature block must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new TypeError('too many signatures');
  const signatures = lines.map((line) => {
    if (!line.startsWith(EM_DASH_PREFIX)) throw new TypeError('signature line must start with an em dash');
    const rest = line.slice(EM_DASH_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    if (space < 0 || !isValidKeyName(name)) throw new TypeError('bad key name in signature line');
    const blob = fromBase64(rest.slice(space + 1));
    if (blob.length < 5) throw new TypeError('signature too short');
    return {
      name,
      keyId: new DataView(blob.buffer, blob.byteOffset).getUint32(0),
      signature: blob.slice(4),
    };
  });
  return { text, signatures };
}

/**
 * C2SP verification rules: signatures from unknown (name, key ID) pairs are ignored;
 * a known key whose signature fails rejects the whole note; at least one known key must
 * have verified.
 */
export function openNote(note: string, verifiers: TNoteVerifier[]): TOpenNoteResult {
  let parsed: ReturnType<typeof parseSignedNote>;
  try {
    parsed = parseSignedNote(note);
  } catch (e) {
    return { ok: false, code: 'MALFORMED', detail: (e as Error).message };
  }
  const byKey = new Map(verifiers.map((v) => [`${v.name}\n${v.keyId}`, v]));
  const textBytes = utf8(parsed.text);
  const verified: TNoteSignature[] = [];
  const unknown: TNoteSignature[] = [];
  for (const sig of parsed.signatures) {
    const verifier = byKey.get(`${sig.name}\n${sig.keyId}`);
    if (verifier === undefined) {
      unknown.push(sig);
    } else if (!verifier.verify(textBytes, sig.signature)) {
      return { ok: false, code: 'BAD_SIGNATURE', detail: `signature by ${sig.name}+${keyIdHex(sig.keyId)} fails` };
    } else {
      verified.push(sig);
    }
  }
  if (verified.length === 0) return { ok: false, code: 'UNVERIFIED', detail: 'no signature from a known key' };
  return { ok: true, text: parsed.text, verified, unknown };
}

// ---- checkpoints -----------------------------------------------------------------------

/** origin\nsize\nbase64(root)\n[extension lines] (c2sp.org/tlog-checkpoint). */
export function formatCheckpoint(cp: {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions?: string[];
}): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) throw new TypeError('bad origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new RangeError('bad tree size');
  if (cp.root.length !== HASH_SIZE) throw new RangeError('bad root length');
  const ext = cp.extensions ?? [];
  if (ext.some((line) => line.length === 0 || line.includes('\n'))) throw new TypeError('bad extension line');
  const text = [cp.origin, String(cp.size), toBase64(cp.root), ...ext].join('\n') + '\n';
  assertNoteText(text);
  return text;
}

export function parseCheckpoint(text: string): TCheckpoint {
  assertNoteText(text);
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || origin.length === 0) throw new TypeError('checkpoint: empty origin');
  if (sizeLine === undefined || !/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new TypeError('checkpoint: bad size');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new TypeError('checkpoint: size too large');
  const root = fromBase64(rootLine ?? '');
  if (root.length !== HASH_SIZE) throw new TypeError('checkpoint: root must be 32 bytes');
  if (extensions.some((line) => line.length === 0)) throw new TypeError('checkpoint: empty extension line');
  return { origin, size, root, extensions };
}

export function checkpointsEqual(a: TCheckpoint, b: TCheckpoint): boolean {
  return a.origin === b.origin && a.size === b.size && bytesEqual(a.root, b.root);
}
