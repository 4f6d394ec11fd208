/**
 * 辩护 (post-judgment.md §2–3): who may represent whom, when the file opens to the defence,
 * which meetings need the investigator's permission, and what a lawyer of one client may read.
 * Pure rules; the server turns them into SQL and answers.
 */
import { holdsRecord, type TActor } from '../access';
import { AGENCY_STAGES, type TAgencyStage } from '../cases/case';
import type { TDossierVolumeKind } from '../dossier/volumes';
import { volumeSpec } from '../dossier/volumes';

/** A request's life: pending → confirmed | refused | withdrawn; confirmed → ended. */
export const DEFENCE_STATUSES = {
  pending: { zh: '待确认', en: 'Pending' },
  confirmed: { zh: '已确认（辩护中）', en: 'Confirmed (representing)' },
  refused: { zh: '不予确认', en: 'Refused' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  ended: { zh: '辩护已终止', en: 'Ended' },
} as const;
export type TDefenceStatus = keyof typeof DEFENCE_STATUSES;

export const DEFENCE_KINDS = {
  retained: { zh: '委托辩护', en: 'Retained counsel' },
  legal_aid: { zh: '法律援助（指派）', en: 'Legal aid (assigned)' },
} as const;
export type TDefenceKind = keyof typeof DEFENCE_KINDS;

/** Why a representation ended (CPL 45 拒绝辩护/另行委托; 不起诉、撤销案件 of the client). */
export const DEFENCE_END_REASONS = {
  revoked: { zh: '解除委托（当事人拒绝辩护或另行委托）', en: 'Mandate revoked by the client', article: 'CPL 45' },
  withdrawn_by_lawyer: { zh: '律师拒绝继续辩护', en: 'The lawyer withdrew', article: '律师法 32' },
  dismissed: { zh: '对该当事人不起诉、撤销案件或终止追诉', en: 'The client\'s part was dismissed', article: 'CPL 16' },
  closed: { zh: '案件办结', en: 'The case was closed', article: 'CPL 259' },
} as const;
export type TDefenceEndReason = keyof typeof DEFENCE_END_REASONS;

/** Allowed next statuses; everything else is a state conflict. */
export function nextDefenceStatus(from: TDefenceStatus, action: 'confirm' | 'refuse' | 'withdraw' | 'end'): TDefenceStatus | null {
  if (from === 'pending') return action === 'confirm' ? 'confirmed' : action === 'refuse' ? 'refused' : action === 'withdraw' ? 'withdrawn' : null;
  if (from === 'confirmed' && action === 'end') return 'ended';
  return null;
}

/** Who holds a defence request: its lawyer, the agency it is addressed to, the 司法局 that assigned it (法律援助). */
export type TDefenceHolders = { lawyerId: string; agencyId: string | null; assignedByAgency: string | null };

/** Seeing a request is holding it; anyone else gets the same 404 as for a request that does not exist. */
export function canSeeDefenceRequest(actor: Pick<TActor, 'userId' | 'agencyId'>, r: TDefenceHolders): boolean {
  return holdsRecord(actor, { userIds: [r.lawyerId], agencyIds: [r.agencyId, r.assignedByAgency] });
}

/** Withdrawing is the filer's: the lawyer, or the 司法局 that assigned legal aid. */
export function canWithdrawDefenceRequest(actor: Pick<TActor, 'userId' | 'agencyId'>, r: TDefenceHolders): boolean {
  return holdsRecord(actor, { userIds: [r.lawyerId], agencyIds: [r.assignedByAgency] });
}

/** The agency type that handles the case at a stage: it decides the defence request. */
export function handlingAgencyType(stage: TAgencyStage): 'police' | 'procuratorate' | 'court' | null {
  const owner = AGENCY_STAGES[stage].owner;
  return owner === 'execution' ? null : owner;
}

/**
 * The representation gives access only while the case is being handled: once the judgment is
 * executed the defence's task is over (a new mandate for 申诉 is another matter).
 */
export function representationLive(stage: TAgencyStage): boolean {
  return AGENCY_STAGES[stage].phase !== 'execution';
}

/** CPL 40: from the day the procuratorate begins 审查起诉 (and before the court) the lawyer may read and copy the file. */
export function fileReviewOpen(stage: TAgencyStage): boolean {
  const phase = AGENCY_STAGES[stage].phase;
  return phase === 'prosecution' || phase === 'trial';
}

/**
 * What a defence lawyer may read of the dossier: transferable volumes only (never the
 * 侦查工作卷, 检察副卷, 法院副卷), once the file is open (CPL 40), and of those only what concerns
 * the client or the whole case (`personId` null), never a co-suspect's own material.
 */
export function lawyerMayReadDocument(o: { stage: TAgencyStage; volume: TDossierVolumeKind; documentPersonId: string | null; clientPersonId: string }): boolean {
  if (!fileReviewOpen(o.stage)) return false;
  if (!volumeSpec(o.volume).transferable) return false;
  return o.documentPersonId === null || o.documentPersonId === o.clientPersonId;
}

/**
 * CPL 39 ¶3: during 侦查, meeting a suspect of 危害国家安全犯罪 (刑法 102–113) or 恐怖活动犯罪
 * (刑法 120–120之六) needs the 侦查机关's permission. Articles are data here, not code paths.
 */
export const PERMISSION_ARTICLES: readonly string[] = [
  '102', '103', '104', '105', '106', '107', '108', '109', '110', '111', '112', '113',
  '120', '120之一', '120之二', '120之三', '120之四', '120之五', '120之六',
];

export function meetingNeedsPermission(stage: TAgencyStage, chargeArticles: readonly string[]): boolean {
  if (AGENCY_STAGES[stage].phase !== 'investigation') return false;
  return chargeArticles.some((a) => PERMISSION_ARTICLES.includes(a));
}

/** The text stamped on every page a lawyer reads (name, 执业证号, time in Beijing). */
export function watermarkText(o: { lawyerName: string; licenceNo: string; at: Date }): string {
  const t = new Date(o.at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  return `${o.lawyerName} 执业证号${o.licenceNo} ${t} 仅供辩护阅卷`;
}

/** A 律师执业证号 is 17 digits (司法部 律师执业证管理办法); kept as data checked by a regex. */
export const LICENCE_NO_RE = /^\d{17}$/;
