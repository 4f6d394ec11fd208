import { describe, it, expect } from 'vitest';
import {
  CHARGE_CODES,
  CHARGES,
  findChargeByZh,
  formatChargeArticle,
  getCharge,
  PILOT_CHARGE_CODES,
  ZChargeCode,
} from './index';

describe('charge table (cases-and-codes.md §5–6)', () => {
  it('has the seven pilot charges', () => {
    expect([...PILOT_CHARGE_CODES].sort()).toEqual(
      [
        'dangerous_driving',
        'theft',
        'traffic_accident',
        'intentional_injury',
        'picking_quarrels',
        'fraud',
        'illegal_deposit_taking',
      ].sort(),
    );
  });

  it('刑法 articles of the pilot charges', () => {
    expect(formatChargeArticle('dangerous_driving')).toBe('刑法第133条之一');
    expect(getCharge('theft').article).toBe('264');
    expect(getCharge('traffic_accident').article).toBe('133');
    expect(getCharge('intentional_injury').article).toBe('234');
    expect(getCharge('picking_quarrels').article).toBe('293');
    expect(getCharge('fraud').article).toBe('266');
    expect(getCharge('illegal_deposit_taking').article).toBe('176');
    expect(formatChargeArticle('running_gambling_house')).toBe('刑法第303条第2款');
  });

  it('slugs are stable ascii, names unique and end in 罪', () => {
    for (const code of CHARGE_CODES) expect(code).toMatch(/^[a-z][a-z_]*$/);
    const names = CHARGE_CODES.map((c) => CHARGES[c].zh);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/罪$/);
  });

  it('looks up by Chinese name, with or without 罪', () => {
    expect(findChargeByZh('盗窃罪')).toBe('theft');
    expect(findChargeByZh(' 盗窃 ')).toBe('theft');
    expect(findChargeByZh('偷税罪')).toBeUndefined();
  });

  it('ZChargeCode rejects unknown codes in Chinese', () => {
    expect(ZChargeCode.parse('fraud')).toBe('fraud');
    expect(ZChargeCode.safeParse('tax_evasion').error?.issues[0]?.message).toBe('罪名代码无效');
  });
});
