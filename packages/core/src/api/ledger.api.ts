/**
 * HTTP contract of the tamper-evident ledger (区块链存证): checkpoints (signed tree heads)
 * with the agencies that cosigned them, inclusion and consistency proofs, the agencies'
 * witness endpoint (c2sp.org/tlog-witness add-checkpoint, its text body carried in JSON
 * because the API accepts JSON only), and the public keys a verifier needs.
 * Hashes are lowercase hex; `note` is the C2SP signed note text.
 */
import { z } from 'zod';
import { defineEndpoint, ZIsoDateTime, ZPageQuery, ZUuid } from './contract';

const ZHex = z.string().regex(/^[0-9a-f]*$/);
const ZSize = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ZLedgerCosignature = z.object({
  agencyId: ZUuid,
  agencyName: z.string(),
  keyId: z.string(),
  /** "— <name> base64(keyID || timestamp || signature)" */
  line: z.string(),
  at: ZIsoDateTime,
});

export const ZLedgerCheckpoint = z.object({
  id: z.string(),
  origin: z.string(),
  hashAlg: z.enum(['sm3', 'sha256']),
  size: z.number(),
  rootHex: ZHex,
  /** signed by the platform key only */
  note: z.string(),
  /** the note with every agency cosignature line appended */
  cosignedNote: z.string(),
  keyId: z.string(),
  signedAt: ZIsoDateTime,
  cosignatures: z.array(ZLedgerCosignature),
  refusals: z.number(),
});
export type TLedgerCheckpoint = z.infer<typeof ZLedgerCheckpoint>;

export const ZInclusionProofQuery = z.strictObject({
  // a bigint: 19 digits may pass 2^63 - 1 and fail in PostgreSQL; 18 digits are far beyond any ledger
  entryId: z.string().regex(/^[1-9][0-9]{0,17}$/, 'entryId 应为账本条目编号（1 至 18 位数字）').optional(),
  refTable: z.enum(['audit_log', 'process_events', 'document_versions', 'ledger_keys']).optional(),
  refId: z.string().min(1).max(100).optional(),
});

export const ZInclusionProof = z.object({
  entryId: z.string(),
  kind: z.string(),
  refTable: z.string(),
  refId: z.string(),
  leafIndex: z.number(),
  /** canonical entry bytes, base64 */
  entryBase64: z.string(),
  leafHashHex: ZHex,
  hashAlg: z.enum(['sm3', 'sha256']),
  /** RFC 9162 PATH(leafIndex, D[checkpoint.size]), leaf sibling first */
  proof: z.array(ZHex),
  checkpoint: ZLedgerCheckpoint,
});

export const ZConsistencyProofQuery = z.strictObject({ from: ZSize, to: ZSize });

export const ZConsistencyProof = z.object({
  hashAlg: z.enum(['sm3', 'sha256']),
  from: z.number(),
  to: z.number(),
  fromRootHex: ZHex,
  toRootHex: ZHex,
  proof: z.array(ZHex),
});

export const ZLedgerKey = z.object({
  keyId: z.string(),
  owner: z.string(),
  agencyId: ZUuid.nullable(),
  alg: z.enum(['sm2', 'ed25519']),
  noteName: z.string(),
  vkey: z.string(),
  publicKeyPem: z.string(),
  createdAt: ZIsoDateTime,
  rotatedAt: ZIsoDateTime.nullable(),
});

/** An agency's document-signing (SM2) public key and when it was in use. */
export const ZDocumentSigningKey = z.object({
  keyId: z.string(),
  agencyId: ZUuid,
  agencyName: z.string(),
  publicKeyPem: z.string(),
  validFrom: ZIsoDateTime,
  validTo: ZIsoDateTime.nullable(),
});

export const ZAddCheckpointRequest = z.strictObject({
  /** "old <size>\n" + base64 proof lines + "\n" + signed checkpoint (c2sp.org/tlog-witness) */
  request: z.string().min(1).max(64 * 1024),
});

export const ZAddCheckpointResponse = z.object({ agencyId: ZUuid, line: z.string(), checkpointId: z.string().nullable() });

export const ledgerApi = {
  latestCheckpoint: defineEndpoint({
    method: 'GET', path: '/api/ledger/checkpoint/latest', summary: '最新签名树头 Latest checkpoint', tags: ['ledger'], auth: true,
    response: ZLedgerCheckpoint,
  }),
  listCheckpoints: defineEndpoint({
    method: 'GET', path: '/api/ledger/checkpoints', summary: '签名树头及机构见证 Checkpoints and cosigning agencies', tags: ['ledger'], auth: true,
    query: ZPageQuery, response: z.object({ items: z.array(ZLedgerCheckpoint), total: z.number() }),
  }),
  publishCheckpoint: defineEndpoint({
    method: 'POST', path: '/api/ledger/checkpoints', summary: '立即签发树头 Publish a checkpoint now', tags: ['ledger'], auth: true, status: 201,
    response: ZLedgerCheckpoint,
  }),
  inclusionProof: defineEndpoint({
    method: 'GET', path: '/api/ledger/proof/inclusion', summary: '存证包含证明 Inclusion proof', tags: ['ledger'], auth: true,
    query: ZInclusionProofQuery, response: ZInclusionProof,
  }),
  consistencyProof: defineEndpoint({
    method: 'GET', path: '/api/ledger/proof/consistency', summary: '一致性证明 Consistency proof', tags: ['ledger'], auth: true,
    query: ZConsistencyProofQuery, response: ZConsistencyProof,
  }),
  keys: defineEndpoint({
    method: 'GET', path: '/api/ledger/keys', summary: '平台与机构公钥 Ledger and document-signing public keys', tags: ['ledger'], auth: true,
    response: z.object({ items: z.array(ZLedgerKey), documentSigningKeys: z.array(ZDocumentSigningKey) }),
  }),
  addCheckpoint: defineEndpoint({
    method: 'POST', path: '/api/ledger/witness/:agencyId/add-checkpoint', summary: '机构见证签名 Agency witness: add-checkpoint', tags: ['ledger'], auth: true,
    params: z.object({ agencyId: ZUuid }), body: ZAddCheckpointRequest, response: ZAddCheckpointResponse,
  }),
} as const;
