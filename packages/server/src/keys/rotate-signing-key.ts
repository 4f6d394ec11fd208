/**
 * `xietong keys rotate --agency <id>`: a new document-signing key for an agency. The new key is
 * written beside the old one (`*.next.pem`); one transaction publishes it (document_signing_keys,
 * valid from now; ledger entry) and ends the old key's validity at the same instant
 * (document_signing_key_retirements; ledger entry); only then are the files swapped, the old one
 * kept as `*.<keyId16>.retired.pem`. Signatures made with the old key keep verifying: each
 * record carries its public key and GET /api/ledger/keys lists the old key with its period.
 * A rotation interrupted after commit is completed by the next `keys rotate` for that agency.
 */
import fs from 'node:fs';
import { createLocalSigner, generateSm2KeyPair } from '@xietong/core/ledger';
import type { TDb } from '../db/database';
import { publishSigningKey } from '../documents/sign-document';
import { appendRowToLedger } from '../ledger/append';
import { agencyKeyFile, getAgencySigner } from './agency-keys';

export type TSigningKeyRotation = { agencyId: string; oldKeyId: string; newKeyId: string; at: Date; completedInterrupted: boolean };

function nextFile(file: string): string {
  return file.replace(/\.pem$/, '.next.pem');
}

function promote(file: string, oldKeyId: string): void {
  fs.renameSync(file, file.replace(/\.pem$/, `.${oldKeyId.slice(0, 16)}.retired.pem`));
  fs.renameSync(nextFile(file), file);
}

export async function rotateDocumentSigningKey(db: TDb, dataDir: string, agencyId: string): Promise<TSigningKeyRotation> {
  const agency = await db.selectFrom('agencies').select('id').where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw new Error(`机构不存在 / no such agency: ${agencyId}`);
  const file = agencyKeyFile(dataDir, agencyId);
  const old = getAgencySigner(dataDir, agencyId);
  const retired = await db.selectFrom('document_signing_key_retirements').selectAll().where('key_id', '=', old.keyId).executeTakeFirst();
  if (retired) {
    // committed before, files not swapped yet: finish that rotation instead of starting another
    const pending = fs.existsSync(nextFile(file)) ? createLocalSigner(fs.readFileSync(nextFile(file), 'utf8')) : null;
    if (pending?.keyId !== retired.successor) throw new Error(`${file} holds a retired key and its successor's file is missing; restore it from a backup`);
    promote(file, old.keyId);
    return { agencyId, oldKeyId: old.keyId, newKeyId: pending.keyId, at: retired.valid_to, completedInterrupted: true };
  }
  const pem = generateSm2KeyPair().privateKeyPem;
  const next = createLocalSigner(pem);
  fs.writeFileSync(nextFile(file), pem, { mode: 0o600 });
  const at = await db.transaction().execute(async (tx) => {
    // the old key was published when it first signed; one that never signed is published now, so its end is on record too
    await publishSigningKey(tx, agencyId, old);
    const now = (await tx.selectNoFrom((eb) => eb.fn<Date>('clock_timestamp').as('t')).executeTakeFirstOrThrow()).t;
    await publishSigningKey(tx, agencyId, next, now);
    const row = await tx.insertInto('document_signing_key_retirements')
      .values({ key_id: old.keyId, valid_to: now, successor: next.keyId })
      .onConflict((oc) => oc.column('key_id').doNothing()).returningAll().executeTakeFirst();
    if (!row) throw new Error('the key was rotated meanwhile');
    await appendRowToLedger(tx, 'document_signing_key_retirements', row);
    return now;
  });
  promote(file, old.keyId);
  return { agencyId, oldKeyId: old.keyId, newKeyId: next.keyId, at, completedInterrupted: false };
}

/** Every document-signing key with its validity period, as GET /api/ledger/keys and `keys export` publish them. */
export async function listDocumentSigningKeys(db: TDb) {
  const rows = await db.selectFrom('document_signing_keys as k').innerJoin('agencies as a', 'a.id', 'k.agency_id')
    .leftJoin('document_signing_key_retirements as r', 'r.key_id', 'k.key_id')
    .select(['k.key_id', 'k.agency_id', 'a.name', 'k.public_key_pem', 'k.valid_from', 'k.valid_to', 'r.valid_to as retired_at'])
    .orderBy('k.valid_from').orderBy('k.key_id').execute();
  return rows.map((k) => {
    const end = k.retired_at ?? k.valid_to;
    return {
      keyId: k.key_id, agencyId: k.agency_id, agencyName: k.name, publicKeyPem: k.public_key_pem,
      validFrom: k.valid_from.toISOString(), validTo: end ? new Date(end).toISOString() : null,
    };
  });
}
