import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInterrogationSlot, decideInterrogation } from './interrogation';

const now = new Date('2026-03-02T01:00:00Z');
const at = (h: number) => new Date(Date.UTC(2026, 2, 3, h));

describe('提讯 booking slots', () => {
  it('a slot lies in the future and lasts 15 minutes to 8 hours', () => {
    expect(checkInterrogationSlot({ startsAt: new Date('2026-03-01T01:00:00Z'), minutes: 60, now, others: [] })?.reason).toBe('in_past');
    expect(checkInterrogationSlot({ startsAt: at(1), minutes: 5, now, others: [] })?.reason).toBe('length');
    expect(checkInterrogationSlot({ startsAt: at(1), minutes: 60, now, others: [] })).toBeNull();
  });

  it('two open slots of one person never overlap; declined or cancelled ones free the time', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 15, max: 240 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 15, max: 240 }),
      fc.constantFrom('requested', 'confirmed', 'declined', 'cancelled'), (h1, m1, h2, m2, status) => {
        const s1 = at(h1); const e1 = new Date(s1.getTime() + m1 * 60_000);
        const s2 = at(h2); const e2 = s2.getTime() + m2 * 60_000;
        const overlaps = s1.getTime() < e2 && s2.getTime() < e1.getTime();
        const r = checkInterrogationSlot({ startsAt: s2, minutes: m2, now, others: [{ id: 'b', startsAt: s1, endsAt: e1, status }] });
        expect(r?.reason === 'overlap').toBe(overlaps && (status === 'requested' || status === 'confirmed'));
      }));
  });

  it('only an open request is confirmed or declined', () => {
    expect(decideInterrogation('requested', 'confirm')).toBe('confirmed');
    expect(decideInterrogation('requested', 'decline')).toBe('declined');
    expect(decideInterrogation('confirmed', 'decline')).toBeNull();
    expect(decideInterrogation('cancelled', 'confirm')).toBeNull();
  });
});
