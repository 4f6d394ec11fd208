/**
 * Who acts next (等待谁办理): for the instance's state, each party that may act, with the roles
 * there that may and what they can do — from the definition, so the card can say
 * 「等待 长春市朝阳区人民检察院 内勤 受理」. Approvers are named only when they decide (审批).
 */
import { AGENCY_TYPES, ROLES, type TAgencyType, type TRole } from '@xietong/core';
import { actorSides, type TProcessDefinition, type TProcessSide } from '@xietong/core/processes';
import type { TParticipants } from './participants';

export type TWaitingFor = {
  agencyId: string; agencyName: string; side: TProcessSide;
  roles: { role: string; zh: string }[]; actions: { zh: string; en: string }[];
};

export function waitingFor(
  def: TProcessDefinition, state: string, p: TParticipants, agencies: ReadonlyMap<string, { name: string; type: string }>,
): TWaitingFor[] {
  if (def.states[state]?.terminal) return [];
  const out: TWaitingFor[] = [];
  const bySide: Record<TProcessSide, string | null> = { initiator: p.initiator, receiver: p.receiver, superior: p.superior };
  for (const side of ['receiver', 'superior', 'initiator'] as const) {
    const agencyId = bySide[side];
    const agency = agencyId ? agencies.get(agencyId) : undefined;
    if (!agencyId || !agency || !Object.hasOwn(AGENCY_TYPES, agency.type)) continue;
    // the same agency on two sides (a placeholder receiver) is named once, under the side that can act
    if (out.some((w) => w.agencyId === agencyId)) continue;
    const fits = def.transitions.filter((t) => t.from.includes(state) && actorSides(t.actor).includes(side) && t.actor.agencyTypes.includes(agency.type as TAgencyType));
    if (fits.length === 0) continue;
    const roles = [...new Set(fits.flatMap((t) => t.actor.roles))] as TRole[];
    out.push({
      agencyId, agencyName: agency.name, side,
      roles: roles.map((r) => ({ role: r, zh: ROLES[r].zh })),
      actions: fits.map((t) => ({ zh: t.label.zh, en: t.label.en })),
    });
  }
  return out;
}
