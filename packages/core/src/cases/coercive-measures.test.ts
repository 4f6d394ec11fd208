import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  canApplyMeasure,
  COERCIVE_MEASURES,
  currentMeasureState,
  custodyChanges,
  custodyStatus,
  PERSON_MEASURE_STATES,
  PERSON_MEASURE_TRANSITIONS,
  ZCoerciveMeasure,
} from './coercive-measures';

const state = fc.constantFrom(...PERSON_MEASURE_STATES);

describe('coercive measures (cases-and-codes.md §7)', () => {
  it('CPL 119: 拘传 lasts at most 12 h, 24 h in especially serious cases', () => {
    expect(COERCIVE_MEASURES.summons.limit).toMatchObject({ kind: 'hours', hours: 12, extendedHours: 24 });
  });

  it('CPL 79: 取保候审 at most 12 months, 监视居住 at most 6 months, both executed by 公', () => {
    expect(COERCIVE_MEASURES.bail.limit).toEqual({ kind: 'months', months: 12 });
    expect(COERCIVE_MEASURES.residential_surveillance.limit).toEqual({ kind: 'months', months: 6 });
    expect(COERCIVE_MEASURES.bail.executedBy).toEqual(['police']);
  });

  it('CPL 91: 拘留 → 提请批捕 within 3/7/30 days + 7 days review = 10/14/37', () => {
    const limit = COERCIVE_MEASURES.detention.limit;
    expect(limit.requestDays.map((d) => d + limit.reviewDays)).toEqual([...limit.totalDays]);
  });

  it('CPL 80: 逮捕 is approved by 检 or decided by 法, executed by 公, with no own cap', () => {
    expect(COERCIVE_MEASURES.arrest.decidedBy).toEqual(['procuratorate', 'court']);
    expect(COERCIVE_MEASURES.arrest.limit.kind).toBe('stage_bounded');
  });

  it('custody is derived: only 拘留 and 逮捕 are 羁押', () => {
    expect(PERSON_MEASURE_STATES.filter((s) => custodyStatus(s) === 'in_custody')).toEqual(['detention', 'arrest']);
    for (const [code, def] of Object.entries(COERCIVE_MEASURES)) {
      expect(def.custodial).toBe(custodyStatus(code as keyof typeof COERCIVE_MEASURES) === 'in_custody');
    }
    expect(custodyChanges('arrest', 'bail')).toBe(true);
    expect(custodyChanges('bail', 'residential_surveillance')).toBe(false);
  });

  it('P4: follows FREE → 拘传 → 拘留 → 逮捕 ⇄ 取保候审/监视居住 → RELEASED/SENTENCED', () => {
    const path = ['free', 'summons', 'detention', 'arrest', 'bail', 'arrest', 'residential_surveillance', 'sentenced'] as const;
    for (let i = 1; i < path.length; i++) expect(canApplyMeasure(path[i - 1]!, path[i]!)).toBe(true);
    expect(canApplyMeasure('arrest', 'released')).toBe(true);
  });

  it('CPL 119: no 拘传 straight after 拘传 (连续拘传)', () => {
    expect(canApplyMeasure('summons', 'summons')).toBe(false);
  });

  it('rejects nonsense moves', () => {
    expect(canApplyMeasure('free', 'released')).toBe(false);
    expect(canApplyMeasure('arrest', 'detention')).toBe(false);
    expect(canApplyMeasure('detention', 'summons')).toBe(false);
  });

  it('P4 (property): nothing follows a sentence, no state repeats itself, and every state is reachable from FREE', () => {
    fc.assert(fc.property(state, (s) => !canApplyMeasure('sentenced', s) && !canApplyMeasure(s, s)));
    const reached = new Set<string>(['free']);
    const queue = ['free' as const] as (typeof PERSON_MEASURE_STATES)[number][];
    while (queue.length) {
      for (const next of PERSON_MEASURE_TRANSITIONS[queue.shift()!]) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    expect([...reached].sort()).toEqual([...PERSON_MEASURE_STATES].sort());
  });

  it('current state is the last measure, or free', () => {
    expect(currentMeasureState([])).toBe('free');
    expect(currentMeasureState([{ measure: 'detention' }, { measure: 'arrest' }])).toBe('arrest');
    expect(ZCoerciveMeasure.safeParse('house_arrest').error?.issues[0]?.message).toContain('强制措施');
  });
});
