/**
 * Ledger keys behind the TSigner port (STYLE.md §2.9): the platform (log) key and one witness
 * key per agency, as PKCS#8 PEM files in <dataDir>/keys (mode 0600), created on first use.
 * An HSM/KMS replaces `loadFileSigner` and nothing else. Public halves live in ledger_keys
 * and every key change (creation, rotation) is itself a ledger entry of kind 'key'.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createLocalSigner, formatVkey, generateEd25519KeyPair, generateSm2KeyPair, publicKeyRaw,
  SIG_TYPE_COSIGNATURE_ED25519, SIG_TYPE_COSIGNATURE_SM2, SIG_TYPE_ED25519, SIG_TYPE_SM2,
  type TSignatureAlg, type TSigner,
} from '@xietong/core/ledger';
import type { TDb, TTx } from '../db/database';
import { appendRowToLedger } from './append';
import { ensureLedgerGenesis } from './meta';
import type { TLedgerSettings } from './settings';

export type TKeyOwner = { kind: 'platform' } | { kind: 'agency'; agencyId: string };

export type TLedgerKey = { signer: TSigner; keyId: string; noteName: string; vkey: string };

export function ownerKey(owner: TKeyOwner): string {
  return owner.kind === 'platform' ? 'platform' : owner.agencyId;
}

function keyFile(settings: TLedgerSettings, owner: TKeyOwner): string {
  return path.join(settings.keysDir, owner.kind === 'platform' ? 'platform.pem' : `agency-${owner.agencyId}.pem`);
}

/** Witness key names: valid C2SP key names (no spaces, no '+'), one per agency. */
export function witnessName(origin: string, agencyId: string): string {
  return `${origin.split('/')[0]}/witness/${agencyId}`;
}

export function vkeyFor(owner: TKeyOwner, noteName: string, signer: Pick<TSigner, 'publicKeyPem'>): string {
  const { alg, raw } = publicKeyRaw(signer.publicKeyPem);
  const type = owner.kind === 'platform'
    ? (alg === 'sm2' ? SIG_TYPE_SM2 : SIG_TYPE_ED25519)
    : (alg === 'sm2' ? SIG_TYPE_COSIGNATURE_SM2 : SIG_TYPE_COSIGNATURE_ED25519);
  return formatVkey(noteName, type, raw);
}

function generatePem(alg: TSignatureAlg): string {
  return (alg === 'sm2' ? generateSm2KeyPair() : generateEd25519KeyPair()).privateKeyPem;
}

/** Reads the owner's key file, creating it (0600, exclusive) when absent. */
export function loadFileSigner(settings: TLedgerSettings, owner: TKeyOwner): TSigner {
  const file = keyFile(settings, owner);
  fs.mkdirSync(settings.keysDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, generatePem(settings.signatureAlg), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return createLocalSigner(fs.readFileSync(file, 'utf8'));
}

async function registerKey(tx: TTx, owner: TKeyOwner, noteName: string, signer: TSigner): Promise<void> {
  const row = await tx.insertInto('ledger_keys').values({
    key_id: signer.keyId, owner: ownerKey(owner), agency_id: owner.kind === 'agency' ? owner.agencyId : null,
    alg: signer.alg, note_name: noteName, vkey: vkeyFor(owner, noteName, signer), public_key_pem: signer.publicKeyPem,
  }).returningAll().executeTakeFirstOrThrow();
  const { rotated_at: _mutable, ...fixed } = row;
  await appendRowToLedger(tx, 'ledger_keys', fixed);
}

/**
 * The owner's current key: from its file, registered in ledger_keys (with its ledger entry)
 * the first time. Returns null when the database names another current key for this owner
 * that this process does not hold (e.g. a second host with its own key directory): such a
 * process must not sign for that owner.
 */
export async function ensureLedgerKey(db: TDb, settings: TLedgerSettings, owner: TKeyOwner): Promise<TLedgerKey | null> {
  const signer = loadFileSigner(settings, owner);
  return db.transaction().execute(async (tx) => {
    const meta = await ensureLedgerGenesis(tx);
    const noteName = owner.kind === 'platform' ? meta.origin : witnessName(meta.origin, owner.agencyId);
    const current = await tx.selectFrom('ledger_keys').selectAll().where('owner', '=', ownerKey(owner))
      .where('rotated_at', 'is', null).forUpdate().executeTakeFirst();
    if (current && current.key_id !== signer.keyId) {
      const pending = nextFile(keyFile(settings, owner));
      if (!fs.existsSync(pending)) return null;
      const promoted = createLocalSigner(fs.readFileSync(pending, 'utf8'));
      if (promoted.keyId !== current.key_id) return null;
      promoteNext(keyFile(settings, owner), signer.keyId); // a rotation interrupted after commit
      return { signer: promoted, keyId: promoted.keyId, noteName, vkey: vkeyFor(owner, noteName, promoted) };
    }
    if (!current) {
      const retired = await tx.selectFrom('ledger_keys').select('key_id').where('key_id', '=', signer.keyId).executeTakeFirst();
      if (retired) return null; // this file holds a rotated-out key
      await registerKey(tx, owner, noteName, signer);
    }
    return { signer, keyId: signer.keyId, noteName, vkey: vkeyFor(owner, noteName, signer) };
  });
}

/**
 * Key rotation: the new key is written beside the old one (`*.next.pem`), the database
 * records both facts as ledger entries in one transaction (old key rotated_at, new key
 * registered), and only then the files are swapped (the old one kept as
 * `*.<keyId16>.retired.pem`). A crash in between is repaired by ensureLedgerKey.
 */
export async function rotateLedgerKey(db: TDb, settings: TLedgerSettings, owner: TKeyOwner): Promise<TLedgerKey> {
  const old = await ensureLedgerKey(db, settings, owner);
  if (!old) throw new Error('this process does not hold the current key; rotate where it is kept');
  const file = keyFile(settings, owner);
  const pem = generatePem(settings.signatureAlg);
  const next = createLocalSigner(pem);
  fs.writeFileSync(nextFile(file), pem, { mode: 0o600 });
  await db.transaction().execute(async (tx) => {
    const rotated = await tx.updateTable('ledger_keys').set({ rotated_at: new Date() })
      .where('key_id', '=', old.keyId).where('rotated_at', 'is', null).returning(['key_id', 'rotated_at']).executeTakeFirst();
    if (!rotated) throw new Error('the key was rotated meanwhile');
    await appendRowToLedger(tx, 'ledger_keys', { key_id: rotated.key_id, rotated_at: rotated.rotated_at });
    await registerKey(tx, owner, old.noteName, next);
  });
  promoteNext(file, old.keyId);
  return { signer: next, keyId: next.keyId, noteName: old.noteName, vkey: vkeyFor(owner, old.noteName, next) };
}

function nextFile(file: string): string {
  return file.replace(/\.pem$/, '.next.pem');
}

function promoteNext(file: string, oldKeyId: string): void {
  fs.renameSync(file, file.replace(/\.pem$/, `.${oldKeyId.slice(0, 16)}.retired.pem`));
  fs.renameSync(nextFile(file), file);
}
