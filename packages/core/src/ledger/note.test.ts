import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from './ed25519';
import { fromHex, toBase64, utf8 } from './hash';
import {
  cosignatureTimestamp,
  createCosigner,
  createNoteSigner,
  createSm2CosignatureVerifier,
  createSm2NoteVerifier,
  formatCheckpoint,
  formatSignatureLine,
  formatVkey,
  openNote,
  parseCheckpoint,
  parseSignedNote,
  SIG_TYPE_COSIGNATURE_SM2,
  SIG_TYPE_SM2,
  signNote,
  verifierFromVkey,
  type TNoteVerifier,
} from './note';
import { createLocalSigner, publicKeyRaw } from './signer';
import { generateSm2KeyPair, sm2PublicKeyPoint } from './sm2';

const root = fromHex('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
const body = formatCheckpoint({ origin: 'ledger.example/sm2-log', size: 8, root });

describe('note: project SM2 types (0xff 0x01 note, 0xff 0x04 cosignature)', () => {
  const logSigner = createLocalSigner(generateSm2KeyPair().privateKeyPem);
  const witnessSigner = createLocalSigner(generateSm2KeyPair().privateKeyPem);
  const logPoint = sm2PublicKeyPoint(createPublicKey(logSigner.publicKeyPem));
  const witnessPoint = publicKeyRaw(witnessSigner.publicKeyPem).raw;

  it('log signs, agency witness cosigns, both verify via vkeys', async () => {
    const noteSigner = createNoteSigner('ledger.example/sm2-log', logSigner);
    const note = await signNote(body, [noteSigner]);
    const cosigner = createCosigner('witness.agency-a.example/w1', witnessSigner);
    const cosig = await cosigner.cosign(body, 1_700_000_000);
    expect(cosig.signature).toHaveLength(72);
    expect(cosignatureTimestamp(cosig.signature)).toBe(1_700_000_000);
    const full = note + formatSignatureLine(cosig);

    const logVkey = formatVkey('ledger.example/sm2-log', SIG_TYPE_SM2, logPoint);
    const witnessVkey = formatVkey('witness.agency-a.example/w1', SIG_TYPE_COSIGNATURE_SM2, witnessPoint);
    const verifiers = [verifierFromVkey(logVkey), verifierFromVkey(witnessVkey)];
    expect(verifiers[0]!.keyId).toBe(noteSigner.keyId);
    expect(verifiers[1]!.keyId).toBe(cosigner.keyId);
    const opened = openNote(full, verifiers);
    expect(opened.ok && opened.verified.map((s) => s.name)).toEqual([
      'ledger.example/sm2-log',
      'witness.agency-a.example/w1',
    ]);

    // The same key as a note verifier (other type byte) has another key ID: not confused.
    const wrongType = createSm2NoteVerifier('witness.agency-a.example/w1', witnessPoint);
    expect(wrongType.keyId).not.toBe(cosigner.keyId);
    // A cosignature over another body does not verify for this body.
    const other = await cosigner.cosign(body.replace('\n8\n', '\n9\n'), 1_700_000_000);
    expect(openNote(note + formatSignatureLine(other), verifiers)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    // Changing only the timestamp breaks the cosignature.
    const moved = cosig.signature.slice();
    moved[7] = moved[7]! ^ 1;
    expect(createSm2CosignatureVerifier('witness.agency-a.example/w1', witnessPoint).verify(utf8(body), moved)).toBe(
      false,
    );
  });
});

describe('note: parsing and the C2SP verification rules', () => {
  const a = createLocalSigner(generateEd25519KeyPair().privateKeyPem);
  const b = createLocalSigner(generateEd25519KeyPair().privateKeyPem);
  const signerA = createNoteSigner('a.example/log', a);
  const signerB = createNoteSigner('b.example/log', b);
  const verifierOf = (name: string, pem: string): TNoteVerifier =>
    verifierFromVkey(formatVkey(name, Uint8Array.of(1), publicKeyRaw(pem).raw));
  const va = verifierOf('a.example/log', a.publicKeyPem);
  const vb = verifierOf('b.example/log', b.publicKeyPem);

  it('unknown keys are ignored; a failing known key rejects the whole note', async () => {
    const note = await signNote(body, [signerA, signerB]);
    expect(openNote(note, [va])).toMatchObject({
      ok: true,
      verified: [{ name: 'a.example/log' }],
      unknown: [{ name: 'b.example/log' }],
    });
    // same name, different key: an unknown (name, id) pair, not a failure
    const impostor = verifierOf(
      'b.example/log',
      createLocalSigner(generateEd25519KeyPair().privateKeyPem).publicKeyPem,
    );
    expect(openNote(note, [va, impostor]).ok).toBe(true);
    const parsed = parseSignedNote(note);
    const broken = parsed.signatures[1]!.signature.slice();
    broken[0] = broken[0]! ^ 1;
    const bad = `${body}\n${formatSignatureLine(parsed.signatures[0]!)}${formatSignatureLine({ ...parsed.signatures[1]!, signature: broken })}`;
    expect(openNote(bad, [va])).toMatchObject({ ok: true });
    expect(openNote(bad, [va, vb])).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    expect(openNote(note, [])).toMatchObject({ ok: false, code: 'UNVERIFIED' });
  });

  it.each([
    ['no blank line', (n: string) => n.replace('\n\n', '\n')],
    ['no em dash', (n: string) => n.replace('\u2014 ', '- ')],
    ['missing final newline', (n: string) => n.slice(0, -1)],
    ['non-canonical base64', (n: string) => n.replace(/=\n$/, '\n')],
    ['control character in text', (n: string) => n.replace('ledger', 'led\u0007ger')],
    ['key name with +', (n: string) => n.replace('\u2014 a.example/log', '\u2014 a.example+log')],
  ])('rejects a malformed note: %s', async (_name, mutate) => {
    const note = await signNote(body, [signerA]);
    expect(openNote(mutate(note), [va])).toMatchObject({ ok: false });
  });

  it('the text may contain blank lines: the last blank line separates signatures', async () => {
    const text = 'first\n\nsecond\n';
    const note = await signNote(text, [signerA]);
    expect(openNote(note, [va])).toMatchObject({ ok: true, text });
  });

  it('vkeys with a wrong key ID or unknown type are refused', () => {
    const raw = publicKeyRaw(a.publicKeyPem).raw;
    const good = formatVkey('a.example/log', Uint8Array.of(1), raw);
    expect(() => verifierFromVkey(good.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/key ID/);
    expect(() => verifierFromVkey(`a.example/log+00000000+${toBase64(Uint8Array.of(0x02, ...raw))}`)).toThrow(/type/);
  });
});

describe('checkpoint format', () => {
  it('round trip, with extension lines', () => {
    const text = formatCheckpoint({ origin: 'o.example/log', size: 123, root, extensions: ['ext one'] });
    expect(text).toBe(`o.example/log\n123\n${toBase64(root)}\next one\n`);
    expect(parseCheckpoint(text)).toMatchObject({ origin: 'o.example/log', size: 123, extensions: ['ext one'] });
  });

  it.each([
    ['leading zero in size', `o\n08\n${toBase64(root)}\n`],
    ['negative size', `o\n-1\n${toBase64(root)}\n`],
    ['short root', `o\n8\n${toBase64(root.subarray(1))}\n`],
    ['no final newline', `o\n8\n${toBase64(root)}`],
    ['empty origin', `\n8\n${toBase64(root)}\n`],
    ['empty extension line', `o\n8\n${toBase64(root)}\n\n`],
    ['size beyond 2^53', `o\n9007199254740993\n${toBase64(root)}\n`],
  ])('rejects %s', (_name, text) => {
    expect(() => parseCheckpoint(text)).toThrow();
  });
});
