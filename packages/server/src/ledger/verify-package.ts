/**
 * Offline verification of an exported dossier package (`xietong verify --package`): no
 * database, no network. files → digests → entries → inclusion proofs → checkpoint → log
 * signature → agency cosignatures (at least `quorum`). Keys are trusted only when the
 * verifier pins them (`--log-key <vkey>`, or a trust file from `xietong keys export`): a
 * package forged end to end with the forger's own keys is internally consistent, so keys
 * carried inside the package prove nothing. Every file in the package must be covered by an
 * entry (manifest.json and signatures.json by the export's audit row); an extra file fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  bytesEqual, decodeEntry, fromBase64, fromHex, hash, leafHash, openNote, parseCheckpoint, publicKeyRaw,
  verifierFromVkey, verifyInclusion, type THashAlg, type TNoteVerifier,
} from '@xietong/core/ledger';
import { PACKAGE_PROOF_FILE, PACKAGE_PROOF_FORMAT, type TPackageProofManifest } from './package-proofs';
import { readZip } from './zip-reader';

/** Keys a verifier trusts, from `xietong keys export` (or `--log-key`). */
export type TTrust = {
  logKeys: string[];
  witnesses?: { agencyName: string; vkey: string }[];
};

export const TRUST_FORMAT = 'xietong-trust/v1';

/** Reads a trust file written by `xietong keys export`. */
export function readTrustFile(p: string): TTrust {
  const t = JSON.parse(fs.readFileSync(p, 'utf8')) as { format?: string; log?: { vkey: string }[]; witnesses?: { agencyName: string; vkey: string }[] };
  if (t.format !== TRUST_FORMAT) throw new PackageUnreadableError(`${p} is not a trust file (${TRUST_FORMAT})`);
  return { logKeys: (t.log ?? []).map((k) => k.vkey), witnesses: t.witnesses ?? [] };
}

export type TPackageReport = {
  status: 'intact' | 'tampered' | 'untrusted';
  /** log or witness keys the package relies on that the verifier did not pin */
  untrustedKeys: string[];
  /** cosignatures by keys the verifier did not pin: shown, not counted */
  unpinnedCosigners: string[];
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

export function verifyPackage(files: Map<string, Buffer>, opts: { logKeys?: string[]; witnesses?: TTrust['witnesses']; quorum?: number } = {}): TPackageReport {
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
    status: 'intact', untrustedKeys: [], unpinnedCosigners: [], origin: m.origin, hashAlg: m.hashAlg, checkpointSize: null, entries: m.entries?.length ?? 0, filesChecked: 0,
    logKeyIds: [], cosigners: [],
    // a quorum the package asks for means something only against pinned witness keys
    quorum: opts.quorum ?? (opts.witnesses?.length ? (m.quorum ?? 0) : 0), uncoveredFiles: [], findings, first: null,
  };
  const pinned = (opts.logKeys ?? []).length > 0;
  const alg = m.hashAlg;
  if (alg !== 'sm3' && alg !== 'sha256') throw new PackageUnreadableError(`unknown hash ${String(alg)}`);

  // ---- checkpoint and log signature ----------------------------------------------------------
  const logVerifiers: TNoteVerifier[] = [];
  if (!pinned) {
    for (const k of m.keys.log) report.untrustedKeys.push(`log key ${k.keyId} (${k.vkey.split('+')[0]})`);
  }
  for (const vkey of pinned ? opts.logKeys! : m.keys.log.map((k) => k.vkey)) {
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
    const by = m.keys.log.map((k) => k.keyId).join(', ');
    findings.push(`checkpoint: log signature ${opened.code.toLowerCase()} (${opened.detail})${pinned ? `; the package is signed by log key ${by}, which is not among the pinned keys` : ''}`);
    if (pinned) for (const k of m.keys.log) report.untrustedKeys.push(`log key ${k.keyId} (${k.vkey.split('+')[0]})`);
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
  const pinnedWitness = new Set((opts.witnesses ?? []).map((w) => w.vkey));
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
      for (const s of co.verified) {
        const w = m.keys.witnesses.find((x) => verifierFromVkey(x.vkey).keyId === s.keyId && verifierFromVkey(x.vkey).name === s.name);
        const name = w?.agencyName ?? s.name;
        // a cosignature counts only by a key the verifier pinned, under the name the verifier knows it by
        const trusted = w && pinnedWitness.has(w.vkey) ? opts.witnesses!.find((x) => x.vkey === w.vkey)!.agencyName : null;
        if (trusted) report.cosigners.push(trusted);
        else report.unpinnedCosigners.push(name);
      }
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
  for (const f of report.uncoveredFiles) findings.push(`${f}: not covered by the signed proof (a file added to the package)`);
  report.status = findings.length > 0 ? 'tampered' : report.untrustedKeys.length > 0 ? 'untrusted' : 'intact';
  report.first = findings[0] ?? (report.untrustedKeys.length ? `untrusted ${report.untrustedKeys[0]}: not pinned (pass --log-key <vkey> or --trust <file from xietong keys export>)` : null);
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
