import { describe, expect, it } from 'vitest';
import { CHARGE_CODES } from './charge-codes';
import { CHARGE_SYNONYMS, chargeCodesForTerm, expandChargeSearch } from './charge-synonyms';

describe('charge synonyms (what officers type)', () => {
  it('刑法第一百三十三条之一: 醉驾 and 飙车 mean 危险驾驶罪', () => {
    expect(chargeCodesForTerm('醉驾')).toEqual(['dangerous_driving']);
    expect(chargeCodesForTerm(' 飙车 ')).toEqual(['dangerous_driving']);
    expect(expandChargeSearch('醉驾')).toEqual(['醉驾', '危险驾驶罪']);
  });

  it('刑法第一百七十六条: 非吸 means 非法吸收公众存款罪; 扒窃 means 盗窃罪', () => {
    expect(expandChargeSearch('非吸')).toContain('非法吸收公众存款罪');
    expect(expandChargeSearch('扒窃')).toContain('盗窃罪');
  });

  it('a trailing 罪 or 案 does not stop the match (醉驾案)', () => {
    expect(chargeCodesForTerm('醉驾案')).toEqual(['dangerous_driving']);
  });

  it('any other text is searched as typed, without inventing charges', () => {
    expect(chargeCodesForTerm('张伟')).toEqual([]);
    expect(expandChargeSearch('张伟')).toEqual(['张伟']);
    expect(expandChargeSearch('  ')).toEqual([]);
  });

  it('every synonym points at charges in the table', () => {
    for (const codes of Object.values(CHARGE_SYNONYMS)) {
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(CHARGE_CODES).toContain(c);
    }
  });
});
