import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TActor } from '../access';
import { caseScope, scopeAllows } from '../access';
import {
  afterCursor, agencyWatched, compareRows, decodeCursor, deadlineWatched, encodeCursor, mayRaiseNotice, statusMatches, supervisionReach,
} from './index';

const actor = (o: Partial<TActor>): TActor => ({
  userId: 'u', username: 'x', displayName: 'x', agencyId: 'a-self', agencyType: 'plc', agencyLevel: 'city', regionCode: '220100',
  roles: ['supervisor'], platformAdmin: false, ...o,
});

describe('supervision jurisdiction (全程监督)', () => {
  it('a city 政法委 supervisor watches every agency of its city, not of another city', () => {
    const r = supervisionReach(actor({}));
    expect(r).toMatchObject({ kind: 'region', regionPrefix: '2201', as: 'plc' });
    expect(agencyWatched(r, { id: 'p', regionCode: '220104' })).toBe(true);
    expect(agencyWatched(r, { id: 'p', regionCode: '220100' })).toBe(true);
    expect(agencyWatched(r, { id: 'p', regionCode: '220200' })).toBe(false);
  });

  it('a district 政法委 watches its district only', () => {
    const r = supervisionReach(actor({ agencyLevel: 'district', regionCode: '220104' }));
    expect(agencyWatched(r, { id: 'p', regionCode: '220104' })).toBe(true);
    expect(agencyWatched(r, { id: 'p', regionCode: '220102' })).toBe(false);
    expect(agencyWatched(r, { id: 'p', regionCode: '220100' })).toBe(false);
  });

  it('CPL 8: a procuratorate supervisor watches the police, courts and 看守所 of its region, and itself', () => {
    const r = supervisionReach(actor({ agencyType: 'procuratorate', agencyLevel: 'district', regionCode: '220104', agencyId: 'proc' }));
    expect(r).toMatchObject({ kind: 'region', regionPrefix: '220104', as: 'procuratorate' });
    expect(deadlineWatched(r, [{ id: 'police', regionCode: '220104' }])).toBe(true);
    expect(deadlineWatched(r, [{ id: 'proc', regionCode: '220104' }])).toBe(true);
    expect(deadlineWatched(r, [{ id: 'other', regionCode: '220102' }])).toBe(false);
  });

  it('handlers, approvers, administrators and supervisors of other agency types watch nothing', () => {
    for (const roles of [['handler'], ['approver'], ['clerk'], ['admin'], ['audit_admin']] as const) {
      expect(supervisionReach(actor({ roles: [...roles] })).kind).toBe('none');
      expect(supervisionReach(actor({ agencyType: 'procuratorate', roles: [...roles] })).kind).toBe('none');
    }
    expect(supervisionReach(actor({ agencyType: 'police' })).kind).toBe('none');
    expect(supervisionReach(actor({ agencyType: 'court' })).kind).toBe('none');
  });

  it('whatever the list shows, the supervisor may open the case (caseScope grants the same region)', () => {
    fc.assert(fc.property(
      fc.constantFrom('plc', 'procuratorate'), fc.constantFrom('province', 'city', 'district'),
      fc.stringMatching(/^\d{6}$/), fc.array(fc.stringMatching(/^\d{6}$/), { minLength: 1, maxLength: 4 }),
      (agencyType, agencyLevel, regionCode, partyRegions) => {
        const a = actor({ agencyType, agencyLevel, regionCode });
        const parties = partyRegions.map((r, i) => ({ id: `p${i}`, regionCode: r }));
        if (deadlineWatched(supervisionReach(a), parties)) {
          expect(scopeAllows(caseScope(a), { partyAgencyIds: parties.map((p) => p.id), partyRegionCodes: partyRegions, grantedLawyerIds: [] })).toBe(true);
        }
      }));
  });
});

describe('the supervision list', () => {
  it('临期 includes the last day; 超期 only what has run out; a 督办 only over an overdue period', () => {
    expect(statusMatches('dueSoon', 'dueToday')).toBe(true);
    expect(statusMatches('dueSoon', 'dueSoon')).toBe(true);
    expect(statusMatches('dueSoon', 'overdue')).toBe(false);
    expect(statusMatches('overdue', 'overdue')).toBe(true);
    expect(statusMatches('overdue', 'dueToday')).toBe(false);
    expect(statusMatches('all', 'ok')).toBe(true);
    expect(mayRaiseNotice('overdue')).toBe(true);
    expect(mayRaiseNotice('dueToday')).toBe(false);
  });

  it('custody first, then by due date; the cursor round-trips and pages without gaps or repeats', () => {
    const row = fc.record({ rank: fc.constantFrom(0, 1), due: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), id: fc.uuid() });
    fc.assert(fc.property(fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (rows, size) => {
      const sorted = [...rows].sort(compareRows);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i - 1]!.rank !== sorted[i]!.rank) expect(sorted[i - 1]!.rank).toBe(0);
      }
      const seen: string[] = [];
      let cursor = null as ReturnType<typeof decodeCursor>;
      for (;;) {
        const page = sorted.filter((r) => afterCursor(r, cursor)).slice(0, size);
        if (!page.length) break;
        seen.push(...page.map((r) => r.id));
        cursor = decodeCursor(encodeCursor(page.at(-1)!));
      }
      expect(seen).toEqual(sorted.map((r) => r.id));
    }));
    expect(decodeCursor('1_2026-01-01_not-a-uuid')).toBeNull();
    expect(decodeCursor('\u0000')).toBeNull();
  });
});
