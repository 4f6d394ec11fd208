/**
 * Access rules (who may see and do what), as pure code. The server's gate turns
 * `caseScope` into a SQL where-clause and `canReadCase` is the row predicate; a property
 * test checks that both agree, so the rule is written once (PEERS.md: RVG's copies drifted).
 */
import type { TAgencyLevel, TAgencyType, TRole } from '../agencies';

export type TActor = {
  userId: string;
  username: string;
  displayName: string;
  agencyId: string;
  agencyType: TAgencyType;
  agencyLevel: TAgencyLevel;
  regionCode: string;
  roles: TRole[];
  /** The platform administrator (created at first start) manages agencies and users only. */
  platformAdmin: boolean;
};

/** What the gate knows about one case when deciding. */
export type TCaseAccessFacts = {
  partyAgencyIds: readonly string[];
  /** region codes of the party agencies */
  partyRegionCodes: readonly string[];
  /** lawyers granted access (律师会见/阅卷 grants) */
  grantedLawyerIds: readonly string[];
};

/** The reach of an actor over cases, as data the server turns into SQL. */
export type TCaseScope =
  | { kind: 'none' }
  | { kind: 'party'; agencyId: string }
  | { kind: 'jurisdiction'; regionPrefix: string; agencyId: string }
  | { kind: 'lawyer'; userId: string };

/** 辖区: a province sees its two-digit prefix, a city four, a district six. */
export function jurisdictionPrefix(level: TAgencyLevel, regionCode: string): string {
  if (level === 'province') return regionCode.slice(0, 2);
  if (level === 'city') return regionCode.slice(0, 4);
  return regionCode.slice(0, 6);
}

export function hasRole(actor: Pick<TActor, 'roles'>, ...roles: TRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/**
 * A user sees a case when their agency is party to it; lawyers only what they were granted;
 * supervisors (政法委, 检察监督) read across their jurisdiction. The platform administrator
 * manages accounts and reads no case material.
 */
export function caseScope(actor: TActor): TCaseScope {
  if (actor.platformAdmin && actor.roles.length === 1 && actor.roles[0] === 'admin') return { kind: 'none' };
  if (hasRole(actor, 'lawyer') || actor.agencyType === 'lawfirm') return { kind: 'lawyer', userId: actor.userId };
  if (hasRole(actor, 'supervisor') || actor.agencyType === 'plc') {
    return { kind: 'jurisdiction', regionPrefix: jurisdictionPrefix(actor.agencyLevel, actor.regionCode), agencyId: actor.agencyId };
  }
  return { kind: 'party', agencyId: actor.agencyId };
}

/** The row predicate that `caseScope` must agree with. */
export function scopeAllows(scope: TCaseScope, facts: TCaseAccessFacts): boolean {
  switch (scope.kind) {
    case 'none':
      return false;
    case 'party':
      return facts.partyAgencyIds.includes(scope.agencyId);
    case 'jurisdiction':
      return (
        facts.partyAgencyIds.includes(scope.agencyId) ||
        facts.partyRegionCodes.some((c) => c.startsWith(scope.regionPrefix))
      );
    case 'lawyer':
      return facts.grantedLawyerIds.includes(scope.userId);
  }
}

export function canReadCase(actor: TActor, facts: TCaseAccessFacts): boolean {
  return scopeAllows(caseScope(actor), facts);
}

/**
 * Writing to a case (adding material, acting in a process) needs party membership and an
 * operational role: supervisors and lawyers read; they do not write case records.
 */
export function canWriteCase(actor: TActor, facts: TCaseAccessFacts): boolean {
  if (!facts.partyAgencyIds.includes(actor.agencyId)) return false;
  return hasRole(actor, 'handler', 'approver', 'clerk');
}

/** Agency and user administration: the platform admin everywhere, an agency admin in their own agency. */
export function canAdministerAgency(actor: TActor, agencyId: string): boolean {
  if (actor.platformAdmin) return true;
  return hasRole(actor, 'admin') && actor.agencyId === agencyId;
}

/** The audit trail is for supervisors (政法委/检察监督) and administrators. */
export function canReadAudit(actor: TActor): boolean {
  return actor.platformAdmin || hasRole(actor, 'supervisor', 'admin');
}
