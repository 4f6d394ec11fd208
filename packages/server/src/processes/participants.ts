/**
 * Who is who in a process instance: the initiator, the receiver and (for 复核 / custody
 * extensions) the superior procuratorate, and which side the calling agency is on.
 */
import { agencyById, agencyChain } from '../agencies/agency-cache';
import type { TActor, TRole } from '@xietong/core';
import { actorMayFire, resolveSuperiorLevel, type TProcessDefinition, type TProcessInstance, type TProcessSide, type TTransitionSpec } from '@xietong/core/processes';
import type { TDb, TTx } from '../db/database';

export type TParticipants = { initiator: string; receiver: string; superior: string | null };

export function sidesOf(agencyId: string, p: TParticipants): TProcessSide[] {
  const sides: TProcessSide[] = [];
  if (p.initiator === agencyId) sides.push('initiator');
  if (p.receiver === agencyId) sides.push('receiver');
  if (p.superior === agencyId) sides.push('superior');
  return sides;
}

/** The (side, role) under which this actor may fire `t`, if any. */
export function actingAs(t: TTransitionSpec, actor: TActor, p: TParticipants): { side: TProcessSide; role: TRole } | null {
  for (const side of sidesOf(actor.agencyId, p)) {
    for (const role of actor.roles) {
      if (actorMayFire(t, { agencyType: actor.agencyType, role, side })) return { side, role };
    }
  }
  return null;
}

/**
 * The superior side: the receiver's parent agency of the same type (上一级), or the
 * provincial one (省级) for the tiers that need it (P8 tiers 2–3), or the agency of another type
 * at the receiver's level (P11: the 二审法院's procuratorate).
 */
export async function resolveSuperiorAgency(
  db: TDb | TTx, def: TProcessDefinition, instance: TProcessInstance, receiverId: string, initiatorId: string,
): Promise<string | null> {
  const level = resolveSuperiorLevel(def, instance);
  if (!level || !def.superior) return null;
  if (level === 'same') {
    // the agency of the superior's type beside the receiver: same region and level (中级法院 → 市检察院)
    const receiver = await agencyById(db, receiverId);
    if (!receiver) return null;
    const beside = await db.selectFrom('agencies').select('id').where('type', 'in', [...def.superior.agencyTypes])
      .where('region_code', '=', receiver.region_code).where('level', '=', receiver.level).orderBy('created_at').executeTakeFirst();
    return beside?.id ?? null;
  }
  // 上一级 of whichever party is of the superior's type: the receiving procuratorate (P1 复核,
  // P8), or the initiating one when it supervises the police (P7, P9).
  const receiver = await agencyById(db, receiverId);
  const from = receiver && def.superior.agencyTypes.includes(receiver.type as never) ? receiverId : initiatorId;
  // the agency and its ancestors in one statement (WITH RECURSIVE), nearest first
  const [self, ...ancestors] = await agencyChain(db, from);
  const type = self?.type;
  for (const parent of ancestors) {
    if (parent.type === type && (level === 'superior' || parent.level === 'province')) return parent.id;
  }
  return null;
}

/** For each side that can act in `state`, the roles that may. */
export function actorsInState(def: TProcessDefinition, state: string): Map<TProcessSide, Set<TRole>> {
  const out = new Map<TProcessSide, Set<TRole>>();
  if (def.states[state]?.terminal) return out;
  for (const t of def.transitions) {
    if (!t.from.includes(state)) continue;
    const sides = typeof t.actor.side === 'string' ? [t.actor.side] : t.actor.side;
    for (const s of sides) {
      const set = out.get(s) ?? new Set<TRole>();
      for (const r of t.actor.roles) set.add(r);
      out.set(s, set);
    }
  }
  return out;
}

/** The parent agency of the same type one level up (上一级人民法院, CPL 227), or null. */
export async function parentOfSameType(db: TDb | TTx, agencyId: string): Promise<string | null> {
  const [self, ...ancestors] = await agencyChain(db, agencyId);
  return ancestors.find((a) => a.type === self?.type)?.id ?? null;
}
