/**
 * 涉法涉诉信访 (petitions about cases and court/procuratorate/police handling): the register's
 * vocabulary and who may register, see and update a petition.
 *
 * Access (decided here, tested in core and through HTTP):
 * - the 政法委 (any of its users) sees the petitions whose handling agency lies in its
 *   jurisdiction; its supervisor registers and updates them (it receives petitions and assigns
 *   them to the handling agency);
 * - a handling agency (公安, 检察院, 法院, 司法行政 and their 看守所/监狱/社区矫正) sees its own; its
 *   handler, approver and clerk register petitions it receives itself and update its own;
 * - nobody else (lawyers, other agencies, the platform administrator) sees them: a petition
 *   names a petitioner and their grievance.
 */
import { hasRole, holdsRecord, inJurisdiction, jurisdictionPrefix, type TActor } from '../access';

export const PETITION_CHANNELS = {
  visit: { zh: '来访', en: 'Visit in person' },
  letter: { zh: '来信', en: 'Letter' },
  online: { zh: '网上信访', en: 'Online' },
  phone: { zh: '电话（12309 等）', en: 'Telephone (12309 …)' },
} as const;
export type TPetitionChannel = keyof typeof PETITION_CHANNELS;

export const PETITION_SUBJECTS = {
  decision: { zh: '不服处理决定或裁判', en: 'Disputes a decision or judgment' },
  delay: { zh: '久拖不决', en: 'Case not concluded in time' },
  property: { zh: '涉案财物、退赔', en: 'Seized property, restitution' },
  misconduct: { zh: '执法司法不规范', en: 'Improper conduct of officials' },
  other: { zh: '其他', en: 'Other' },
} as const;
export type TPetitionSubject = keyof typeof PETITION_SUBJECTS;

export const PETITION_STATUSES = {
  registered: { zh: '已登记', en: 'Registered' },
  handling: { zh: '办理中', en: 'Being handled' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
} as const;
export type TPetitionStatus = keyof typeof PETITION_STATUSES;

/** Agency types that handle petitions about their own work. */
const HANDLING_TYPES = new Set(['police', 'procuratorate', 'court', 'justice', 'detention', 'prison', 'correction']);

export type TPetitionPlace = { handlingAgencyId: string; handlingRegionCode: string };

export function canSeePetition(actor: TActor, p: TPetitionPlace): boolean {
  if (actor.platformAdmin) return false;
  if (actor.agencyType === 'plc') return inJurisdiction(actor, p.handlingRegionCode);
  return HANDLING_TYPES.has(actor.agencyType) && holdsRecord(actor, { agencyIds: [p.handlingAgencyId] });
}

/** Register or update: the 政法委 supervisor in its jurisdiction, or the handling agency's own staff. */
export function canWritePetition(actor: TActor, p: TPetitionPlace): boolean {
  if (!canSeePetition(actor, p)) return false;
  if (actor.agencyType === 'plc') return hasRole(actor, 'supervisor');
  return hasRole(actor, 'handler', 'approver', 'clerk');
}

/** The SQL-able form of `canSeePetition` for lists. */
export type TPetitionScope = { kind: 'none' } | { kind: 'region'; prefix: string } | { kind: 'agency'; agencyId: string };

export function petitionScope(actor: TActor): TPetitionScope {
  if (actor.platformAdmin) return { kind: 'none' };
  if (actor.agencyType === 'plc') return { kind: 'region', prefix: jurisdictionPrefix(actor.agencyLevel, actor.regionCode) };
  return HANDLING_TYPES.has(actor.agencyType) ? { kind: 'agency', agencyId: actor.agencyId } : { kind: 'none' };
}
