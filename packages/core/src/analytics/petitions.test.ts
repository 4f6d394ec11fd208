import { describe, expect, it } from 'vitest';
import type { TActor } from '../access';
import { canSeePetition, canWritePetition, petitionScope } from './petitions';

const actor = (o: Partial<TActor>): TActor => ({
  userId: 'u', username: 'u', displayName: 'U', agencyId: 'police-cy', agencyType: 'police', agencyLevel: 'district', regionCode: '220104', roles: ['handler'], platformAdmin: false, ...o,
});
const atCyPolice = { handlingAgencyId: 'police-cy', handlingRegionCode: '220104' };
const atOtherCity = { handlingAgencyId: 'police-jl', handlingRegionCode: '220201' };

describe('petitions: who may see and write', () => {
  it('the handling agency sees and updates its own petitions, not another agency\'s', () => {
    expect(canWritePetition(actor({}), atCyPolice)).toBe(true);
    expect(canSeePetition(actor({ agencyId: 'proc-cy', agencyType: 'procuratorate' }), atCyPolice)).toBe(false);
  });
  it('the city 政法委 sees every petition of its city; its supervisor writes, nobody outside the city sees', () => {
    const plc = actor({ agencyId: 'plc-cc', agencyType: 'plc', agencyLevel: 'city', regionCode: '220100', roles: ['supervisor'] });
    expect(canWritePetition(plc, atCyPolice)).toBe(true);
    expect(canSeePetition(plc, atOtherCity)).toBe(false);
    expect(canSeePetition({ ...plc, roles: ['admin'] }, atCyPolice)).toBe(true);
    expect(canWritePetition({ ...plc, roles: ['admin'] }, atCyPolice)).toBe(false);
  });
  it('lawyers and the platform administrator see no petitions', () => {
    expect(canSeePetition(actor({ agencyType: 'lawfirm', roles: ['lawyer'], agencyId: 'police-cy' }), atCyPolice)).toBe(false);
    expect(petitionScope(actor({ platformAdmin: true }))).toEqual({ kind: 'none' });
  });
});
