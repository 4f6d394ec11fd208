/**
 * Offline verification of an exported dossier package (`xietong verify --package`): no
 * database, no network. files → digests → entries → inclusion proofs → checkpoint → log
 * signature → agency cosignatures (at least `quorum`). The keys come from the manifest
 * unless the caller pins the log key (`--log-key <vkey>`), and the report prints the key
 * IDs so a court can compare them with the ones the platform publishes.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  bytesEqual, decodeEntry, fromBase64, fromHex, hash, leafHash, openNote, parseCheckpoint, publicKeyRaw,
  verifierFromVkey, verifyInclusion, type THashAlg, type TNoteVerifier,
} from '@xietong/core/ledger';
import { PACKAGE_PROOF_FILE, PACKAGE_PROOF_FORMAT, type TPackageProofManifest } from './package-proofs';
import { readZip } from './zip-reader';

export type TPackageReport = {
  status: 'intact' | 'tampered';
  origin: string | null;
  hashAlg: THashAlg | null;
  checkpointSize: number | null;
  entries: number;
  filesChecked: number;
  logKeyIds: string[];
  cosigners: string[];
  quorum: number;
  uncoveredFiles: string[];
  findings: string[];
  first: string | null;
};

/** A directory or a .zip, as path → bytes. */
export function readPackage(p: string): Map<string, Buffer> {
  const st = fs.statSync(p);
  if (st.isFile()) return readZip(fs.readFileSync(p));
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) walk(full);
      else if (d.isFile()) files.set(path.relative(p, full).split(path.sep).join('/'), fs.readFileSync(full));
    }
  };
  walk(p);
  return files;
}

export class PackageUnreadableError extends Error {}

export function verifyPackage(files: Map<string, Buffer>, opts: { logKeys?: string[]; quorum?: number } = {}): TPackageReport {
  const raw = files.get(PACKAGE_PROOF_FILE) ?? [...files.entries()].find(([k]) => k.endsWith(`/${PACKAGE_PROOF_FILE}`))?.[1];
  if (!raw) throw new PackageUnreadableError(`${PACKAGE_PROOF_FILE} not found in the package`);
  let m: TPackageProofManifest;
  try {
    m = JSON.parse(raw.toString('utf8')) as TPackageProofManifest;
  } catch {
    throw new PackageUnreadableError(`${PACKAGE_PROOF_FILE} is not JSON`);
  }
  if (m.format !== PACKAGE_PROOF_FORMAT) throw new PackageUnreadableError(`unknown proof format ${String(m.format)}`);
  const findings: string[] = [];
  const report: TPackageReport = {
    status: 'intact', origin: m.origin, hashAlg: m.hashAlg, checkpointSize: null, entries: m.entries?.length ?? 0, filesChecked: 0,
    logKeyIds: [], cosigners: [], quorum: opts.quorum ?? m.quorum ?? 0, uncoveredFiles: [], findings, first: null,
  };
  const alg = m.hashAlg;
  if (alg !== 'sm3' && alg !== 'sha256') throw new PackageUnreadableError(`unknown hash ${String(alg)}`);

  // ---- checkpoint and log signature ----------------------------------------------------------
  const logVerifiers: TNoteVerifier[] = [];
  for (const vkey of opts.logKeys ?? m.keys.log.map((k) => k.vkey)) {
    try {
      logVerifiers.push(verifierFromVkey(vkey));
    } catch {
      findings.push(`log key ${vkey.slice(0, 40)}… is malformed`);
    }
  }
  for (const k of m.keys.log) {
    report.logKeyIds.push(k.keyId);
    if (!vkeyMatchesPem(k.vkey, k.publicKeyPem)) findings.push(`log key ${k.keyId}: vkey and public key differ`);
  }
  let cpRoot: Uint8Array | null = null;
  let cpSize = -1;
  const opened = openNote(m.checkpoint.note, logVerifiers);
  if (!opened.ok) {
    findings.push(`checkpoint: log signature ${opened.code.toLowerCase()} (${opened.detail})`);
  } else {
    try {
      const cp = parseCheckpoint(opened.text);
      if (cp.origin !== m.origin || cp.size !== m.checkpoint.size || !bytesEqual(cp.root, fromHex(m.checkpoint.rootHex))) {
        findings.push('checkpoint: signed text differs from the manifest (origin, size or root)');
      }
      cpRoot = cp.root;
      cpSize = cp.size;
      report.checkpointSize = cp.size;
    } catch (e) {
      findings.push(`checkpoint: malformed (${(e as Error).message})`);
    }
  }

  // ---- agency cosignatures ---------------------------------------------------------------------
  const witnessVerifiers: TNoteVerifier[] = [];
  for (const w of m.keys.witnesses) {
    try {
      witnessVerifiers.push(verifierFromVkey(w.vkey));
      if (!vkeyMatchesPem(w.vkey, w.publicKeyPem)) findings.push(`witness key ${w.keyId} (${w.agencyName}): vkey and public key differ`);
    } catch {
      findings.push(`witness key ${w.keyId} (${w.agencyName}) is malformed`);
    }
  }
  if (witnessVerifiers.length > 0) {
    const co = openNote(m.checkpoint.note, witnessVerifiers);
    if (co.ok) {
      report.cosigners = co.verified.map((s) => m.keys.witnesses.find((w) => verifierFromVkey(w.vkey).keyId === s.keyId && verifierFromVkey(w.vkey).name === s.name)?.agencyName ?? s.name);
    } else if (co.code === 'BAD_SIGNATURE') {
      findings.push(`checkpoint: an agency cosignature fails (${co.detail})`);
    }
  }
  if (report.cosigners.length < report.quorum) {
    findings.push(`checkpoint: ${report.cosigners.length} agency cosignature(s), ${report.quorum} required`);
  }

  // ---- entries, inclusion proofs, files ------------------------------------------------------
  const covered = new Set<string>([PACKAGE_PROOF_FILE]);
  for (const e of m.entries ?? []) {
    const where = `entry ${e.entryId} (${e.refTable} id ${e.refId})`;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(e.entryBase64);
      decodeEntry(bytes);
    } catch {
      findings.push(`${where}: entry is not canonical`);
      continue;
    }
    const leaf = leafHash(alg, bytes);
    if (e.leafHashHex !== undefined && !bytesEqual(leaf, fromHex(e.leafHashHex))) findings.push(`${where}: leaf hash does not match the entry`);
    if (cpRoot) {
      let proof: Uint8Array[] = [];
      try {
        proof = e.inclusionProof.map(fromHex);
      } catch {
        findings.push(`${where}: malformed inclusion proof`);
      }
      if (!verifyInclusion(alg, e.leafIndex, cpSize, leaf, proof, cpRoot)) findings.push(`${where}: not included in the checkpoint (inclusion proof fails)`);
    }
    const entryText = new TextDecoder().decode(bytes).toLowerCase();
    for (const f of e.files ?? []) {
      covered.add(f.path);
      const data = files.get(f.path);
      report.filesChecked++;
      if (!data) {
        findings.push(`${f.path}: missing from the package`);
        continue;
      }
      const fileAlg: THashAlg = f.alg === 'sha256' ? 'sha256' : 'sm3';
      const digest = Buffer.from(hash(fileAlg, data)).toString('hex');
      if (digest !== f.digestHex.toLowerCase()) findings.push(`${f.path}: altered (${fileAlg} ${digest} ≠ ${f.digestHex})`);
      else if (!entryText.includes(digest)) findings.push(`${f.path}: its digest is not in ${where}`);
    }
  }
  report.uncoveredFiles = [...files.keys()].filter((k) => !covered.has(k) && !k.endsWith(`/${PACKAGE_PROOF_FILE}`)).sort();
  report.status = findings.length === 0 ? 'intact' : 'tampered';
  report.first = findings[0] ?? null;
  return report;
}

function vkeyMatchesPem(vkey: string, pem: string): boolean {
  try {
    const { raw } = publicKeyRaw(pem);
    const blob = fromBase64(vkey.split('+').slice(2).join('+'));
    return bytesEqual(blob.slice(blob.length - raw.length), raw);
  } catch {
    return false;
  }
}
