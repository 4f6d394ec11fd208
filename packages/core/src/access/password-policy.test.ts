import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_PASSWORD_POLICY, describePasswordPolicy, passwordClasses, passwordExpired, passwordProblems } from './password-policy';

const DAY = 86_400_000;

describe('password policy (GB/T 22239-2019 §8.1.4.1 a: 口令复杂度, 定期更换)', () => {
  it('§8.1.4.1 a: the default asks 10 characters from three classes and no username', () => {
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, 'a-new-secret-42')).toEqual([]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, 'xietong2026')).toEqual(['至少包含小写字母、大写字母、数字、符号中的3类']);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, 'Ab1-')).toEqual(['长度至少10位']);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, 'zhangsan-2026', { username: 'ZhangSan' })).toEqual(['不能包含用户名']);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, 'a-new-secret-42', { current: 'a-new-secret-42' })).toEqual(['不能与原密码相同']);
  });

  it('the configured length and class count are what is enforced', () => {
    const strict = { minLength: 14, minClasses: 4, maxAgeDays: 30 };
    expect(passwordProblems(strict, 'a-new-pw-42')).toEqual(['长度至少14位', '至少包含小写字母、大写字母、数字、符号中的4类']);
    expect(passwordProblems(strict, 'A-new-secret-4242')).toEqual([]);
    expect(describePasswordPolicy(strict).zh).toBe('密码至少14位，至少包含小写字母、大写字母、数字、符号中的4类，不能包含用户名；每30天须更换一次。');
  });

  it('counts Chinese characters as "other" and length in characters, not UTF-16 units', () => {
    expect(passwordClasses('密码abc')).toBe(2);
    expect(passwordProblems({ minLength: 8, minClasses: 1, maxAgeDays: 0 }, '𠀀𠀀𠀀𠀀𠀀𠀀𠀀')).toEqual(['长度至少8位']);
  });

  it('§8.1.4.1 a: a password expires after maxAgeDays, never with 0', () => {
    const p = { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: 90 };
    expect(passwordExpired(p, 0, 89 * DAY)).toBe(false);
    expect(passwordExpired(p, 0, 90 * DAY)).toBe(true);
    fc.assert(fc.property(fc.nat(10_000), fc.nat(), (days, changed) => {
      expect(passwordExpired({ ...p, maxAgeDays: 0 }, changed, changed + days * DAY)).toBe(false);
    }));
  });
});
