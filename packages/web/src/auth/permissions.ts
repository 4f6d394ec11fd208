/**
 * What the signed-in user may see in the workbench. Uses core's access rules, the same
 * functions the server's gate uses, so the menu and the server cannot disagree; the server
 * still decides every request.
 */
import type { TActor } from '@xietong/core/access';
import { canReadAudit, caseScope, hasRole } from '@xietong/core/access';
import type { TMe } from '@xietong/core/api';

export function actorOf(me: TMe): TActor {
  return {
    userId: me.id,
    username: me.username,
    displayName: me.displayName,
    agencyId: me.agency.id,
    agencyType: me.agency.type,
    agencyLevel: me.agency.level,
    regionCode: me.agency.regionCode,
    roles: me.roles,
    platformAdmin: me.platformAdmin,
  };
}

export type TPermissions = {
  cases: boolean;
  inbox: boolean;
  createCase: boolean;
  stats: boolean;
  audit: boolean;
  admin: boolean;
  /** 安全管理员: unlock, disable/enable accounts */
  accountSecurity: boolean;
  /** 在押人员: the 看守所 and the agencies handling cases (GET /api/custody) */
  custody: boolean;
  /** 辩护: a lawyer's own requests; the handling agencies' and 司法局's requests to decide or assign */
  defence: boolean;
};

/**
 * Case creators: police and procuratorate handlers and clerks. The server's create-case action holds
 * the same list (it is not yet exported from core; see the web README).
 */
const CASE_CREATOR_AGENCY_TYPES: readonly string[] = ['police', 'procuratorate'];

/** The agencies that decide defence requests (办案机关) or assign legal aid (司法局). */
const DEFENCE_AGENCY_TYPES: readonly string[] = ['police', 'procuratorate', 'court', 'justice'];

export function permissionsOf(me: TMe): TPermissions {
  const actor = actorOf(me);
  const scope = caseScope(actor);
  const cases = scope.kind !== 'none';
  return {
    cases,
    inbox: cases && scope.kind !== 'lawyer',
    createCase: hasRole(actor, 'handler', 'clerk') && CASE_CREATOR_AGENCY_TYPES.includes(actor.agencyType),
    stats: cases && scope.kind !== 'lawyer',
    audit: canReadAudit(actor),
    // 系统管理员 (agencies, accounts) and 安全管理员 (roles, locks); the 审计管理员 has the audit trail only
    admin: hasRole(actor, 'admin', 'security_admin'),
    accountSecurity: hasRole(actor, 'security_admin'),
    custody: ['detention', 'police', 'procuratorate', 'court'].includes(actor.agencyType) && hasRole(actor, 'handler', 'approver', 'clerk'),
    defence: scope.kind === 'lawyer' || (DEFENCE_AGENCY_TYPES.includes(actor.agencyType) && hasRole(actor, 'handler', 'approver', 'clerk')),
  };
}
