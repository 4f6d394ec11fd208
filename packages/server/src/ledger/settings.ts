/**
 * Ledger settings from the environment. Kept here (not in config.ts) because only the
 * ledger reads them; the hash is used once, at genesis, and then fixed in ledger_meta.
 *
 *   XIETONG_LEDGER_HASH                 sm3 | sha256          (default sm3; genesis only)
 *   XIETONG_LEDGER_SIGNATURE            sm2 | ed25519         (default sm2; new keys only)
 *   XIETONG_LEDGER_ORIGIN               checkpoint origin prefix (default xietong.local/ledger)
 *   XIETONG_LEDGER_INTEGRATE_MS         integrator interval   (default 1000)
 *   XIETONG_LEDGER_CHECKPOINT_SECONDS   checkpoint interval   (default 30; 0 = on demand only)
 */
import path from 'node:path';
import type { TSignatureAlg, THashAlg } from '@xietong/core/ledger';

export type TLedgerSettings = {
  hashAlg: THashAlg;
  signatureAlg: TSignatureAlg;
  originPrefix: string;
  keysDir: string;
  integrateMs: number;
  checkpointSeconds: number;
};

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], def: T, name: string): T {
  if (v === undefined || v === '') return def;
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`环境变量 ${name} 应为 ${allowed.join('|')} (got "${v}")`);
  return v as T;
}

function count(v: string | undefined, def: number, name: string): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 应为非负整数 (got "${v}")`);
  return n;
}

export function ledgerSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): TLedgerSettings {
  const originPrefix = env.XIETONG_LEDGER_ORIGIN || 'xietong.local/ledger';
  if (/[\s+]/u.test(originPrefix)) throw new Error('XIETONG_LEDGER_ORIGIN must not contain spaces or "+"');
  return {
    hashAlg: oneOf(env.XIETONG_LEDGER_HASH, ['sm3', 'sha256'] as const, 'sm3', 'XIETONG_LEDGER_HASH'),
    signatureAlg: oneOf(env.XIETONG_LEDGER_SIGNATURE, ['sm2', 'ed25519'] as const, 'sm2', 'XIETONG_LEDGER_SIGNATURE'),
    originPrefix,
    keysDir: path.join(dataDir, 'keys'),
    integrateMs: count(env.XIETONG_LEDGER_INTEGRATE_MS, 1000, 'XIETONG_LEDGER_INTEGRATE_MS'),
    checkpointSeconds: count(env.XIETONG_LEDGER_CHECKPOINT_SECONDS, 30, 'XIETONG_LEDGER_CHECKPOINT_SECONDS'),
  };
}
