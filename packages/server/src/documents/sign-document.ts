/**
 * Signing issued documents with the issuing agency's SM2 key (GM/T 0003, default ID
 * 1234567812345678; core's sm2Sign computes Z_A, see core/ledger/README.md). The signature is
 * over the SM3 digest of the exact PDF bytes and kept as a detached record; the PDF's own
 * metadata names the signer and key, so a reader knows whom to ask, and POST
 * /api/signatures/verify answers for any copy. One changed byte changes the digest: invalid.
 */
import crypto from 'node:crypto';
import { hash, importSm2PublicKey, sm2Verify, toHex, type TSigner } from '@xietong/core/ledger';
import type { TTx } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { getAgencySigner } from '../keys/agency-keys';
import type { WriteBatch } from '../db/write-batch';
import { appendRowToLedger, batchRowWithEntry } from '../ledger/append';
import { toSignatureView } from './documents.repository';
import type { TDocumentSignature } from './types';

export const SIGNATURE_ALGORITHM = 'SM2-SM3' as const;

export function agencySigner(dataDir: string, agencyId: string): TSigner {
  return getAgencySigner(dataDir, agencyId);
}

/** Info-dictionary entries written into a PDF before it is signed. */
export function signerInfo(agencyId: string, signer: TSigner): Record<string, string> {
  return {
    XietongSignerAgencyId: agencyId,
    XietongSignerKeyId: signer.keyId,
    XietongSignatureAlgorithm: 'SM2 (GM/T 0003, ID 1234567812345678) over SM3 of the file; detached record, verify at /api/signatures/verify',
  };
}

/** `batch`: the signature record and its entry join the caller's statement of writes (its id and time given here). */
export async function signVersion(
  tx: TTx, ctx: TAuthedContext, signer: TSigner, v: { versionId: string; bytes: Uint8Array; agencyName: string }, batch?: WriteBatch,
): Promise<TDocumentSignature> {
  await publishSigningKey(tx, ctx.actor.agencyId, signer);
  const digest = hash('sm3', v.bytes);
  const signature = await signer.sign(digest);
  const values = {
    version_id: v.versionId, agency_id: ctx.actor.agencyId, agency_name: v.agencyName, key_id: signer.keyId,
    public_key_pem: signer.publicKeyPem, algorithm: SIGNATURE_ALGORITHM, digest_sm3: toHex(digest),
    signature: Buffer.from(signature), signed_by: ctx.actor.userId,
  };
  if (batch) {
    const row = { id: crypto.randomUUID(), ...values, signed_at: new Date() };
    await batchRowWithEntry(tx, batch, 'document_signatures', row, []);
    return toSignatureView(row);
  }
  const row = await tx.insertInto('document_signatures').values(values).returningAll().executeTakeFirstOrThrow();
  await appendRowToLedger(tx, 'document_signatures', row);
  return toSignatureView(row);
}

/**
 * Keys known to be published and committed, per database (keyed by the Kysely adapter its
 * transactions share): a published key row is never removed, so a node need not re-insert it for
 * every signature (a round trip per issued document, issue 13). Keys a transaction inserted
 * itself are only trusted once another transaction has found them.
 */
const publishedKeys = new WeakMap<object, Set<string>>();
const insertedIn = new WeakMap<TTx, Set<string>>();

/** An agency's document-signing key is published (and logged) the first time it signs. */
export async function publishSigningKey(tx: TTx, agencyId: string, signer: Pick<TSigner, 'keyId' | 'publicKeyPem'>, validFrom?: Date): Promise<void> {
  const adapter = tx.getExecutor().adapter;
  const known = publishedKeys.get(adapter) ?? new Set<string>();
  publishedKeys.set(adapter, known);
  if (known.has(signer.keyId)) return;
  const row = await tx.insertInto('document_signing_keys')
    .values({ key_id: signer.keyId, agency_id: agencyId, public_key_pem: signer.publicKeyPem, ...(validFrom ? { valid_from: validFrom } : {}) })
    .onConflict((oc) => oc.column('key_id').doNothing()).returningAll().executeTakeFirst();
  const mine = insertedIn.get(tx) ?? new Set<string>();
  insertedIn.set(tx, mine);
  if (row) {
    mine.add(signer.keyId);
    await appendRowToLedger(tx, 'document_signing_keys', row);
  } else if (!mine.has(signer.keyId)) known.add(signer.keyId);
}

/** Does this signature record sign exactly these bytes? */
export function verifyDetached(bytes: Uint8Array, rec: { publicKeyPem: string; signature: Uint8Array }): boolean {
  try {
    return sm2Verify(importSm2PublicKey(rec.publicKeyPem), hash('sm3', bytes), rec.signature);
  } catch {
    return false;
  }
}
