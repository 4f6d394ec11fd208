import { describe, it, expect } from 'vitest';
import {
  REGIONS,
  childRegions,
  findRegion,
  regionFullName,
  regionPath,
  ZKnownRegionCode,
  hasKnownProvincePrefix,
} from './index';

describe('GB/T 2260 regions (cases-and-codes.md §4)', () => {
  it('has unique six-digit codes whose parent exists', () => {
    const codes = REGIONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of REGIONS) {
      expect(r.code).toMatch(/^\d{6}$/);
      if (r.parent) expect(findRegion(r.parent)).toBeDefined();
    }
  });

  it('GB/T 2260: a county code shares its first four digits with its prefecture', () => {
    for (const r of REGIONS.filter((x) => x.level === 'county')) {
      expect(r.parent).toBe(`${r.code.slice(0, 4)}00`);
    }
  });

  it('lists the current Changchun districts without abolished codes', () => {
    const names = childRegions('220100').map((r) => r.name);
    expect(names).toContain('朝阳区');
    expect(names).toContain('公主岭市');
    expect(names).not.toContain('九台市');
    expect(childRegions('220100', { includeAbolished: true }).map((r) => r.code)).toContain('220181');
  });

  it('builds the full name and path', () => {
    expect(regionFullName('220104')).toBe('吉林省长春市朝阳区');
    expect(regionPath('220104').map((r) => r.code)).toEqual(['220000', '220100', '220104']);
    expect(regionFullName('110105')).toBeUndefined();
  });

  it('validates known codes with a Chinese message', () => {
    expect(ZKnownRegionCode.safeParse('220104').success).toBe(true);
    const r = ZKnownRegionCode.safeParse('110105');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('行政区划代码');
    expect(hasKnownProvincePrefix('110105')).toBe(true);
    expect(hasKnownProvincePrefix('990105')).toBe(false);
  });
});
