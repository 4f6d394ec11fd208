/**
 * Each agency's SM2 signing key behind the TSigner port (STYLE.md §2.9): a PKCS#8 PEM in
 * <dataDir>/keys, created on first use (exclusive create, mode 0600, so two processes
 * starting together end up with one key). An HSM/KMS (密码机) replaces this function only.
 *
 * Shared helper: documents sign issued 法律文书 with it. The ledger keeps its own witness
 * keys (ledger/keys.ts, `agency-<id>.pem`, rotation-aware); this file uses a distinct name
 * so neither rotation nor algorithm settings of one touch the other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLocalSigner, generateSm2KeyPair, type TSigner } from '@xietong/core/ledger';

/** Keyed by file, with the file's identity: after `xietong keys rotate` swaps the file, the next call reloads. */
const cache = new Map<string, { signer: TSigner; stamp: string }>();

function stampOf(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

export function agencyKeyFile(dataDir: string, agencyId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(agencyId)) throw new TypeError('agencyId must be a uuid');
  return path.join(dataDir, 'keys', `agency-${agencyId}.sign-sm2.pem`);
}

export function getAgencySigner(dataDir: string, agencyId: string): TSigner {
  const file = agencyKeyFile(dataDir, agencyId);
  const hit = cache.get(file);
  if (hit && hit.stamp === stampOf(file)) return hit.signer;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, generateSm2KeyPair().privateKeyPem, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const signer = createLocalSigner(fs.readFileSync(file, 'utf8'));
  if (signer.alg !== 'sm2') throw new Error(`${file}: agency signing keys must be SM2`);
  cache.set(file, { signer, stamp: stampOf(file) ?? '' });
  return signer;
}
