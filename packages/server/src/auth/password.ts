/**
 * Password hashing with scrypt (node:crypto, no native addon), per-user random salt,
 * parameters stored in the hash string so they can be raised later.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const r = 8, p = 1, LEN = 32;
/** scrypt's cost N = 2^14 by default; XIETONG_PASSWORD_SCRYPT_LOG2N (10–20) sets it for new hashes. */
export const DEFAULT_LOG2N = 14;

export function scryptCost(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.XIETONG_PASSWORD_SCRYPT_LOG2N ?? DEFAULT_LOG2N);
  return 2 ** (Number.isInteger(v) && v >= 10 && v <= 20 ? v : DEFAULT_LOG2N);
}

export async function hashPassword(password: string): Promise<string> {
  const N = scryptCost();
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, LEN, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, rr, pp, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n), r: Number(rr), p: Number(pp), maxmem: 64 * 1024 * 1024,
  });
  return crypto.timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal it. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function generatePassword(): string {
  // readable, strong: 4 groups of base32-ish characters plus digits
  const raw = crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${raw.slice(0, 6)}-${raw.slice(6, 12)}-${crypto.randomInt(10, 99)}`;
}
