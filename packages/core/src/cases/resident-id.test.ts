import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  generateResidentId,
  isValidResidentId,
  normaliseResidentId,
  parseResidentId,
  residentIdCheckChar,
  sexFromResidentId,
  ZResidentId,
} from './resident-id';

// Check characters computed by hand with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
// 11010519491231002X is the worked example of GB 11643 itself (sum 167, 167 mod 11 = 2 → X).
const VALID = ['11010519491231002X', '440524188001010014', '220104199002287328'];

describe('resident ID (GB 11643-1999)', () => {
  it('GB 11643: accepts the standard examples and computes their check characters', () => {
    for (const id of VALID) {
      expect(parseResidentId(id).ok).toBe(true);
      expect(residentIdCheckChar(id.slice(0, 17))).toBe(id[17]);
    }
  });

  it('GB 11643: derives birth date, region and sex (17th digit odd = male)', () => {
    const r = parseResidentId('11010519491231002X');
    expect(r).toEqual({
      ok: true,
      value: {
        id: '11010519491231002X',
        regionCode: '110105',
        birthDate: '1949-12-31',
        sequence: '002',
        sex: 'female',
        checkChar: 'X',
      },
    });
    expect(sexFromResidentId('440524188001010014')).toBe('male');
    expect(sexFromResidentId('not an id')).toBeUndefined();
  });

  it('normalises once: trim, inner spaces, full-width digits, lower-case x', () => {
    expect(normaliseResidentId(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normaliseResidentId('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normaliseResidentId('11010519491231002ｘ\u3000')).toBe('11010519491231002X');
    expect(isValidResidentId('11010519491231002x')).toBe(true);
  });

  it('names the failing part', () => {
    expect(parseResidentId('1101051949123100')).toEqual({ ok: false, error: 'FORMAT' });
    expect(parseResidentId('11010519491231002Y')).toEqual({ ok: false, error: 'FORMAT' });
    expect(parseResidentId('990105194912310020')).toEqual({ ok: false, error: 'REGION' });
    expect(parseResidentId('110105194902300020')).toEqual({ ok: false, error: 'BIRTH_DATE' }); // 30 Feb
    expect(parseResidentId('110105079912310020')).toEqual({ ok: false, error: 'BIRTH_DATE' }); // year 0799
    expect(parseResidentId('110105194912310021')).toEqual({ ok: false, error: 'CHECK_DIGIT' });
  });

  it('rejects a future birth date only when the caller passes today', () => {
    const id = generateResidentId(7, { birthDate: '2030-01-01' });
    expect(parseResidentId(id).ok).toBe(true);
    expect(parseResidentId(id, { today: '2025-06-30' })).toEqual({ ok: false, error: 'BIRTH_DATE' });
  });

  it('GB 11643: handles leap days', () => {
    expect(parseResidentId(generateResidentId(1, { birthDate: '2000-02-29' })).ok).toBe(true);
    const notLeap = '11010519000229' + '001';
    expect(parseResidentId(notLeap + residentIdCheckChar(notLeap))).toEqual({ ok: false, error: 'BIRTH_DATE' });
  });

  it('ZResidentId outputs the normalised ID and a Chinese message', () => {
    expect(ZResidentId.parse(' 11010519491231002x')).toBe('11010519491231002X');
    const r = ZResidentId.safeParse('110105194912310021');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('居民身份证号校验码错误，请核对是否输错');
  });

  it('generator: deterministic per seed and honours the options', () => {
    expect(generateResidentId(42)).toBe(generateResidentId(42));
    expect(generateResidentId(42)).not.toBe(generateResidentId(43));
    const id = generateResidentId(5, { regionCode: '220184', birthDate: '1985-07-14', sex: 'female' });
    expect(parseResidentId(id)).toMatchObject({
      ok: true,
      value: { regionCode: '220184', birthDate: '1985-07-14', sex: 'female' },
    });
  });

  it('GB 11643 (property): every generated ID is valid', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom('male', 'female') as fc.Arbitrary<'male' | 'female'>, (seed, sex) => {
        const r = parseResidentId(generateResidentId(seed, { sex }));
        return r.ok && r.value.sex === sex;
      }),
    );
  });

  it('ISO 7064 MOD 11-2 (property): every single-character substitution is detected', () => {
    const chars = '0123456789X';
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (seed, pos, shift) => {
        const id = generateResidentId(seed);
        const alphabet = pos === 17 ? chars : chars.slice(0, 10);
        const original = alphabet.indexOf(id[pos]!);
        const replacement = alphabet[(original + shift) % alphabet.length]!;
        if (replacement === id[pos]) return true; // shift wrapped onto itself (only for 10 digits)
        const mutated = id.slice(0, pos) + replacement + id.slice(pos + 1);
        return !isValidResidentId(mutated);
      }),
      { numRuns: 2000 },
    );
  });
});
