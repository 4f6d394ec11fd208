import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditReach, canAdministerAgency, canManageAccountSecurity, canReadAudit, canReadCase, canWriteCase, caseScope, conflictingAdministratorRoles, holdsRecord, inJurisdiction, isAuditAdministratorOnly, jurisdictionPrefix, scopeAllows, type TActor } from './index';

const base: TActor = {
  userId: 'u1', username: 'u', displayName: 'U', agencyId: 'a1', agencyType: 'police',
  agencyLevel: 'district', regionCode: '220104', roles: ['handler'], platformAdmin: false,
};

describe('case access', () => {
  it('a handler sees a case only when their agency is party to it', () => {
    expect(canReadCase(base, { partyAgencyIds: ['a1'], partyRegionCodes: ['220104'], grantedLawyerIds: [] })).toBe(true);
    expect(canReadCase(base, { partyAgencyIds: ['a2'], partyRegionCodes: ['220104'], grantedLawyerIds: [] })).toBe(false);
  });
  it('a city 政法委 supervisor reads every case in the city but writes none', () => {
    const sup: TActor = { ...base, agencyId: 'plc', agencyType: 'plc', agencyLevel: 'city', regionCode: '220100', roles: ['supervisor'] };
    const facts = { partyAgencyIds: ['a1'], partyRegionCodes: ['220104'], grantedLawyerIds: [] };
    expect(canReadCase(sup, facts)).toBe(true);
    expect(canWriteCase(sup, facts)).toBe(false);
    expect(canReadCase(sup, { ...facts, partyRegionCodes: ['220201'] })).toBe(false);
  });
  it('a lawyer sees only cases they were granted', () => {
    const lawyer: TActor = { ...base, userId: 'L', agencyType: 'lawfirm', roles: ['lawyer'] };
    expect(canReadCase(lawyer, { partyAgencyIds: ['a1'], partyRegionCodes: ['220104'], grantedLawyerIds: [] })).toBe(false);
    expect(canReadCase(lawyer, { partyAgencyIds: [], partyRegionCodes: [], grantedLawyerIds: ['L'] })).toBe(true);
  });
  it('the platform administrator reads no case material', () => {
    const admin: TActor = { ...base, roles: ['admin'], platformAdmin: true };
    expect(caseScope(admin)).toEqual({ kind: 'none' });
  });
  it('jurisdiction prefixes follow the GB/T 2260 hierarchy', () => {
    expect(jurisdictionPrefix('province', '220000')).toBe('22');
    expect(jurisdictionPrefix('city', '220100')).toBe('2201');
    expect(jurisdictionPrefix('district', '220104')).toBe('220104');
  });
  it('the scope and the row predicate agree on random actors and cases', () => {
    const ids = fc.constantFrom('a1', 'a2', 'a3', 'u1', 'u2');
    const region = fc.constantFrom('220104', '220102', '220201', '220100', '220000');
    fc.assert(
      fc.property(
        fc.record({
          userId: ids, agencyId: ids, regionCode: region,
          agencyType: fc.constantFrom('police', 'procuratorate', 'court', 'plc', 'lawfirm') as fc.Arbitrary<TActor['agencyType']>,
          agencyLevel: fc.constantFrom('province', 'city', 'district') as fc.Arbitrary<TActor['agencyLevel']>,
          roles: fc.subarray(['handler', 'approver', 'clerk', 'supervisor', 'admin', 'lawyer'] as const, { minLength: 1 }),
          platformAdmin: fc.boolean(),
        }),
        fc.record({
          partyAgencyIds: fc.array(ids, { maxLength: 3 }),
          partyRegionCodes: fc.array(region, { maxLength: 3 }),
          grantedLawyerIds: fc.array(ids, { maxLength: 2 }),
        }),
        (a, facts) => {
          const actor: TActor = { ...base, ...a, roles: [...a.roles] };
          expect(canReadCase(actor, facts)).toBe(scopeAllows(caseScope(actor), facts));
        },
      ),
    );
  });
});

describe('三员 separation (GB/T 22239-2019 §8.1.4.2)', () => {
  const at = (roles: TActor['roles'], platformAdmin = false): TActor => ({ ...base, roles, platformAdmin });
  it('the audit administrator reads the audit trail and no case; the system administrator reads no audit row', () => {
    expect(canReadAudit(at(['audit_admin']))).toBe(true);
    expect(caseScope(at(['audit_admin']))).toEqual({ kind: 'none' });
    expect(isAuditAdministratorOnly(at(['audit_admin']))).toBe(true);
    expect(canReadAudit(at(['admin']))).toBe(false);
    expect(canReadAudit(at(['admin'], true))).toBe(false);
    expect(auditReach(at(['audit_admin'], true))).toEqual({ kind: 'all' });
    expect(auditReach(at(['audit_admin']))).toEqual({ kind: 'agency', agencyId: 'a1' });
  });
  it('the security administrator manages account security and administers no agency; the system administrator the reverse', () => {
    expect(canManageAccountSecurity(at(['security_admin']), 'a1')).toBe(true);
    expect(canManageAccountSecurity(at(['security_admin']), 'a2')).toBe(false);
    expect(canManageAccountSecurity(at(['security_admin'], true), 'a2')).toBe(true);
    expect(canAdministerAgency(at(['security_admin'], true), 'a1')).toBe(false);
    expect(canManageAccountSecurity(at(['admin'], true), 'a1')).toBe(false);
    expect(caseScope(at(['security_admin']))).toEqual({ kind: 'none' });
  });
  it('no account holds two of the three administrator roles', () => {
    expect(conflictingAdministratorRoles(['admin', 'handler'])).toEqual([]);
    expect(conflictingAdministratorRoles(['admin', 'audit_admin'])).toEqual(['admin', 'audit_admin']);
    expect(conflictingAdministratorRoles(['security_admin', 'audit_admin', 'clerk'])).toEqual(['security_admin', 'audit_admin']);
  });
});

describe('records outside a case (defence requests, petitions)', () => {
  it('a holder is a named user or a named agency; a missing holder (null) matches nobody', () => {
    expect(holdsRecord(base, { userIds: ['u1'] })).toBe(true);
    expect(holdsRecord(base, { agencyIds: [null, 'a1'] })).toBe(true);
    expect(holdsRecord(base, { userIds: ['u2'], agencyIds: ['a2', null] })).toBe(false);
    expect(holdsRecord({ userId: '', agencyId: '' }, { userIds: [null], agencyIds: [null] })).toBe(false);
    expect(holdsRecord(base, {})).toBe(false);
  });
  it('a region is in the 辖区 of a city agency by its four-digit prefix, of a district agency by all six', () => {
    const city = { agencyLevel: 'city' as const, regionCode: '220100' };
    expect(inJurisdiction(city, '220104')).toBe(true);
    expect(inJurisdiction(city, '220201')).toBe(false);
    expect(inJurisdiction(base, '220104')).toBe(true);
    expect(inJurisdiction(base, '220102')).toBe(false);
  });
});
