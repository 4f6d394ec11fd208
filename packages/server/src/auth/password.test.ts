/**
 * Password hashes (等保 2.0 §8.1.4.1 identification: stored salted and slow): scrypt with a per-user
 * salt and its parameters in the hash string, so the cost can be raised and old hashes still verify.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG2N, hashPassword, scryptCost, verifyPassword } from './password';

describe('password hashing', () => {
  it('costs N = 2^14 unless configured, and ignores a setting outside 10–20', () => {
    expect(DEFAULT_LOG2N).toBe(14);
    expect(scryptCost({})).toBe(16384);
    expect(scryptCost({ XIETONG_PASSWORD_SCRYPT_LOG2N: '16' })).toBe(65536);
    for (const bad of ['9', '21', '14.5', 'x', '']) expect(scryptCost({ XIETONG_PASSWORD_SCRYPT_LOG2N: bad }), bad).toBe(16384);
  });

  it('a hash made at one cost verifies after the setting changed (N is read from the hash)', async () => {
    const before = process.env.XIETONG_PASSWORD_SCRYPT_LOG2N;
    try {
      process.env.XIETONG_PASSWORD_SCRYPT_LOG2N = '14';
      const strong = await hashPassword('Xietong-2026');
      expect(strong.split('$')[1]).toBe('16384');
      process.env.XIETONG_PASSWORD_SCRYPT_LOG2N = '10';
      const cheap = await hashPassword('Xietong-2026');
      expect(cheap.split('$')[1]).toBe('1024');
      expect(await verifyPassword('Xietong-2026', strong)).toBe(true);
      expect(await verifyPassword('Xietong-2026', cheap)).toBe(true);
      expect(await verifyPassword('xietong-2026', strong)).toBe(false);
      // two hashes of one password differ (a salt per user)
      expect(await hashPassword('Xietong-2026')).not.toBe(cheap);
    } finally {
      if (before === undefined) delete process.env.XIETONG_PASSWORD_SCRYPT_LOG2N; else process.env.XIETONG_PASSWORD_SCRYPT_LOG2N = before;
    }
  });
});
