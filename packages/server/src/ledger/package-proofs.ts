/**
 * The proof manifest of an exported dossier package (`ledger-proof.json`): everything an
 * offline verifier needs to go from the files in the package to keys it can compare with
 * the published ones — files → digests → entries → inclusion proofs → one checkpoint →
 * log signature and agency cosignatures. Format: README.md in this folder.
 */
import { inclusionProof, toBase64, toHex, type THashAlg } from '@xietong/core/ledger';
import { loadConfig } from '../config';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import { checkpointViews } from './checkpoint-view';
import { readLedgerMeta } from './meta';
import { createProofNodeReader } from './node-reader';
import { latestCheckpointRecord, publishCheckpoint } from './publish-checkpoint';
import { ledgerSettings } from './settings';
import { collectCosignatures } from './witness-checkpoint';

export const PACKAGE_PROOF_FORMAT = 'xietong-ledger-proof/v1';
export const PACKAGE_PROOF_FILE = 'ledger-proof.json';

export type TPackageProofFile = {
  /** path inside the package, '/'-separated, relative to its root */
  path: string;
  alg: THashAlg;
  digestHex: string;
};

export type TPackageProofEntry = {
  entryId: string;
  kind: string;
  refTable: string;
  refId: string;
  leafIndex: number;
  entryBase64: string;
  leafHashHex: string;
  inclusionProof: string[];
  /** files of the package this entry vouches for; each digest must occur in the entry */
  files: TPackageProofFile[];
};

export type TPackageProofManifest = {
  format: typeof PACKAGE_PROOF_FORMAT;
  hashAlg: THashAlg;
  origin: string;
  checkpoint: {
    size: number;
    rootHex: string;
    /** log signature + every agency cosignature line */
    note: string;
    signedAt: string;
  };
  keys: {
    log: { keyId: string; vkey: string; publicKeyPem: string }[];
    witnesses: { agencyId: string; agencyName: string; keyId: string; vkey: string; publicKeyPem: string }[];
  };
  /** how many agency cosignatures a verifier should require by default */
  quorum: number;
  entries: TPackageProofEntry[];
};

/**
 * Proofs for the latest ledger entry of each document version, against one checkpoint that
 * covers them all (published and cosigned now if the latest does not). `files` lets the
 * dossier exporter say which package files each version vouches for.
 */
export async function buildPackageProofs(
  db: TDb,
  documentVersionIds: string[],
  opts: {
    dataDir?: string; files?: Record<string, TPackageProofFile[]>; refTable?: string;
    /** further rows whose entries vouch for package files (e.g. the export's audit row for manifest.json) */
    extra?: { refTable: string; refId: string; files: TPackageProofFile[] }[];
  } = {},
): Promise<TPackageProofManifest> {
  const settings = ledgerSettings(opts.dataDir ?? loadConfig().dataDir);
  const refTable = opts.refTable ?? 'document_versions';
  const refs = [
    ...[...new Set(documentVersionIds)].map((id) => ({ refTable, refId: id, files: opts.files?.[id] ?? [] })),
    ...(opts.extra ?? []),
  ];
  const keyOf = (t: string, id: string) => `${t}\u0000${id}`;
  const latest = new Map<string, { id: string; leaf_index: string | null }>();
  for (const t of new Set(refs.map((r) => r.refTable))) {
    const ids = refs.filter((r) => r.refTable === t).map((r) => r.refId);
    const rows = await db.selectFrom('ledger_entries').select(['id', 'ref_id', 'leaf_index']).where('ref_table', '=', t).where('ref_id', 'in', ids).orderBy('id', 'desc').execute();
    for (const r of rows) if (!latest.has(keyOf(t, r.ref_id))) latest.set(keyOf(t, r.ref_id), r);
  }
  const missing = refs.filter((r) => !latest.has(keyOf(r.refTable, r.refId)));
  if (missing.length) throw new AppError('NOT_FOUND', { details: { reason: 'no ledger entry', refs: missing.map((m) => `${m.refTable}:${m.refId}`) } });

  let cp = await latestCheckpointRecord(db);
  const needs = (size: number) => [...latest.values()].some((r) => r.leaf_index === null || Number(r.leaf_index) >= size);
  if (!cp || needs(cp.size)) {
    cp = await publishCheckpoint(db, settings);
    if (cp && (cp as { created?: boolean }).created) await collectCosignatures(db, settings, cp.id);
  }
  const meta = await readLedgerMeta(db);
  if (!cp || !meta) throw new AppError('SERVICE_UNAVAILABLE', { details: { reason: 'no checkpoint' } });
  const entries = await db.selectFrom('ledger_entries').selectAll().where('id', 'in', [...latest.values()].map((r) => r.id)).execute();
  if (entries.some((e) => e.leaf_index === null || Number(e.leaf_index) >= cp.size)) {
    throw new AppError('SERVICE_UNAVAILABLE', { details: { reason: 'entries not yet in a checkpoint' } });
  }
  const reader = createProofNodeReader(db);
  const alg = meta.hashAlg;
  const out: TPackageProofEntry[] = [];
  for (const ref of refs) {
    const id = latest.get(keyOf(ref.refTable, ref.refId))!.id;
    const e = entries.find((x) => x.id === id)!;
    const proof = await inclusionProof(reader, alg, Number(e.leaf_index), cp.size);
    out.push({
      entryId: e.id, kind: e.kind, refTable: e.ref_table, refId: e.ref_id, leafIndex: Number(e.leaf_index),
      entryBase64: toBase64(e.entry), leafHashHex: toHex(e.leaf_hash), inclusionProof: proof.map(toHex), files: ref.files,
    });
  }
  const [view] = await checkpointViews(db, [cp.id]);
  const keys = await db.selectFrom('ledger_keys as k').leftJoin('agencies as a', 'a.id', 'k.agency_id')
    .select(['k.key_id', 'k.owner', 'k.agency_id', 'a.name', 'k.vkey', 'k.public_key_pem']).execute();
  const cosigners = new Set(view!.cosignatures.map((c) => c.keyId));
  return {
    format: PACKAGE_PROOF_FORMAT,
    hashAlg: alg,
    origin: meta.origin,
    checkpoint: { size: cp.size, rootHex: toHex(cp.root), note: view!.cosignedNote, signedAt: view!.signedAt },
    keys: {
      log: keys.filter((k) => k.owner === 'platform').map((k) => ({ keyId: k.key_id, vkey: k.vkey, publicKeyPem: k.public_key_pem })),
      witnesses: keys.filter((k) => k.owner !== 'platform' && cosigners.has(k.key_id))
        .map((k) => ({ agencyId: k.agency_id!, agencyName: k.name ?? '', keyId: k.key_id, vkey: k.vkey, publicKeyPem: k.public_key_pem })),
    },
    quorum: Math.min(1, cosigners.size),
    entries: out,
  };
}
