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

/**
 * Who holds a record outside a case (a defence request, a petition): the users and agencies named
 * on it. A reader who is one of them sees it; nobody else does, whatever their role.
 */
export type TRecordHolders = {
  readonly userIds?: readonly (string | null)[];
  readonly agencyIds?: readonly (string | null)[];
};

export function holdsRecord(actor: Pick<TActor, 'userId' | 'agencyId'>, holders: TRecordHolders): boolean {
  return (holders.userIds ?? []).some((id) => id !== null && id === actor.userId)
    || (holders.agencyIds ?? []).some((id) => id !== null && id === actor.agencyId);
}

/** Whether a region lies in the actor's 辖区 (the prefix of their agency's level). */
export function inJurisdiction(actor: Pick<TActor, 'agencyLevel' | 'regionCode'>, regionCode: string): boolean {
  return regionCode.startsWith(jurisdictionPrefix(actor.agencyLevel, actor.regionCode));
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
  // 安全管理员 / 审计管理员 read no case material (三员 separation)
  if (isSecurityOrAuditAdministratorOnly(actor)) return { kind: 'none' };
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

// ── 三员 separation (GB/T 22239-2019 §8.1.4.2 c/d) ─────────────────────────────────
//
// 系统管理员 (`admin`): agencies, accounts with business roles, calendars, checkpoints, operations.
// 安全管理员 (`security_admin`): who holds which role, unlocks, disables, resets passwords.
// 审计管理员 (`audit_admin`): reads the audit trail and nothing else.
// `platformAdmin` widens an administrator's reach from their agency to the whole platform.

/** The three administrator roles (三员); no account holds two of them. */
export const ADMINISTRATOR_ROLES = ['admin', 'security_admin', 'audit_admin'] as const satisfies readonly TRole[];

export function isAdministratorRole(role: TRole): boolean {
  return (ADMINISTRATOR_ROLES as readonly TRole[]).includes(role);
}

/** An administrator account, for the client-address allow-list. */
export function isAdministrator(actor: Pick<TActor, 'roles' | 'platformAdmin'>): boolean {
  return actor.platformAdmin || actor.roles.some(isAdministratorRole);
}

/** The role sets 三员 separation refuses: two administrator roles on one account. */
export function conflictingAdministratorRoles(roles: readonly TRole[]): TRole[] {
  const held = [...new Set(roles)].filter(isAdministratorRole);
  return held.length > 1 ? held : [];
}

/** An account holding no role but 安全管理员 / 审计管理员: it sees no case material nor anyone's statistics. */
export function isSecurityOrAuditAdministratorOnly(actor: Pick<TActor, 'roles'>): boolean {
  return actor.roles.every((r) => r === 'security_admin' || r === 'audit_admin');
}

/** An audit administrator only: the server lets such a session read the audit trail and nothing else. */
export function isAuditAdministratorOnly(actor: Pick<TActor, 'roles'>): boolean {
  return actor.roles.length > 0 && actor.roles.every((r) => r === 'audit_admin');
}

/** Agency and user administration (系统管理员): platform-wide or in their own agency. */
export function canAdministerAgency(actor: TActor, agencyId: string): boolean {
  if (!hasRole(actor, 'admin')) return false;
  return actor.platformAdmin || actor.agencyId === agencyId;
}

/**
 * The platform's system administrator (系统管理员 with platform reach): agencies, platform settings
 * (单轨例外 reasons, calendars), platform-wide statistics. `platformAdmin` alone widens reach; it
 * grants nothing to a security or audit administrator outside their own duty.
 */
export function isPlatformSystemAdministrator(actor: Pick<TActor, 'roles' | 'platformAdmin'>): boolean {
  return actor.platformAdmin && actor.roles.includes('admin');
}

/**
 * What a security administrator may change on an account that holds an administrator role (三员):
 * only lift a lock. A temporary password, a role change or disabling it would let one 员 take over
 * or silence another (the audit administrator above all); those accounts are managed by the
 * platform's operators on the server (`xietong create-user`, `xietong set-user`).
 */
export function securityChangeAllowedOn(targetRoles: readonly TRole[], change: { roles?: unknown; disabled?: unknown; temporaryPassword?: unknown }): boolean {
  if (!targetRoles.some(isAdministratorRole)) return true;
  return change.roles === undefined && change.disabled === undefined && change.temporaryPassword === undefined;
}

/** Account security (安全管理员): roles, locks, disabling, password resets. */
export function canManageAccountSecurity(actor: TActor, agencyId: string): boolean {
  if (!hasRole(actor, 'security_admin')) return false;
  return actor.platformAdmin || actor.agencyId === agencyId;
}

/**
 * The audit trail is for the audit administrator (审计管理员) and supervisors (政法委/检察监督).
 * A system administrator may not read it: who administers the system must not also audit it.
 */
export function canReadAudit(actor: TActor): boolean {
  return hasRole(actor, 'audit_admin', 'supervisor');
}

/** Which audit rows a reader reaches: all (platform audit admin), a jurisdiction (supervisor) or one agency. */
export type TAuditReach = { kind: 'all' } | { kind: 'jurisdiction'; regionPrefix: string } | { kind: 'agency'; agencyId: string } | { kind: 'none' };

export function auditReach(actor: TActor): TAuditReach {
  if (hasRole(actor, 'audit_admin')) return actor.platformAdmin ? { kind: 'all' } : { kind: 'agency', agencyId: actor.agencyId };
  if (hasRole(actor, 'supervisor')) return { kind: 'jurisdiction', regionPrefix: jurisdictionPrefix(actor.agencyLevel, actor.regionCode) };
  return { kind: 'none' };
}

export * from './password-policy';
