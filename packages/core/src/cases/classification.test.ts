import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseClassification, CLASSIFICATION_CODES, CLASSIFICATIONS, classificationAllowed } from './classification';
import { maskResidentId, maskResidentIdsIn } from './resident-id';

describe('密级 labels (保密法 第十三条; GB/T 22239-2019 §8.1.4)', () => {
  it('a non-classified platform (内部) holds 公开 and 内部, refuses 秘密, 机密, 绝密', () => {
    expect(CLASSIFICATION_CODES.filter((c) => classificationAllowed(c, 'internal'))).toEqual(['public', 'internal']);
  });
  it('the order is total: a level allowed at max is allowed at every higher max', () => {
    const lvl = fc.constantFrom(...CLASSIFICATION_CODES);
    fc.assert(fc.property(lvl, lvl, lvl, (l, a, b) => {
      if (CLASSIFICATIONS[a].rank <= CLASSIFICATIONS[b].rank && classificationAllowed(l, a)) expect(classificationAllowed(l, b)).toBe(true);
    }));
  });
  it('涉密 (classified: true) is at least 秘密; without a label a case is 内部', () => {
    expect(caseClassification({ classified: true })).toBe('secret');
    expect(caseClassification({ classified: true, classification: 'top_secret' })).toBe('top_secret');
    expect(caseClassification({})).toBe('internal');
    expect(caseClassification({ classification: 'public' })).toBe('public');
  });
});

describe('身份证号 masking (个人信息保护法 第五十一条; GB/T 22239-2019 §8.1.4.11)', () => {
  it('keeps the 地址码 and the last four, hides the birth date and sequence', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskResidentId('110105491231002')).toBe('110105*****1002');
    expect(maskResidentId('12345')).toBe('*****');
  });
  it('masks ID numbers inside free text and leaves other numbers alone', () => {
    expect(maskResidentIdsIn('{"q":"11010519491231002X","page":1}')).toBe('{"q":"110105********002X","page":1}');
    expect(maskResidentIdsIn('/api/cases?q=11010519491231002x')).toBe('/api/cases?q=110105********002x');
    expect(maskResidentIdsIn('A2201040000002026010001 13812345678 220104')).toBe('A2201040000002026010001 13812345678 220104');
  });
});
