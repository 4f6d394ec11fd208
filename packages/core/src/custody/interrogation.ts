/**
 * 提讯 booking: who may book an interrogation slot at the 看守所 holding a person, who confirms it,
 * and whether a slot can be booked. Pure; the server stores the booking (interrogation_bookings).
 * The 看守所 lets the 办案机关 of the current stage interrogate (提讯证 stamped on 换押, 2014 换押
 * notice, sec.); slots of one person never overlap.
 */
import type { TAgencyType, TRole } from '../agencies';

/** Investigators, prosecutors and judges book; the 看守所 confirms. */
export const INTERROGATION_BOOKERS: readonly TAgencyType[] = ['police', 'procuratorate', 'court'];
export const INTERROGATION_BOOKER_ROLES: readonly TRole[] = ['handler', 'approver'];
export const INTERROGATION_DECIDER_ROLES: readonly TRole[] = ['clerk', 'handler', 'approver'];

/** Bounds of one slot (a 看守所 schedules rooms by the half day; data, not law). */
export const SLOT_MINUTES = { min: 15, max: 480 } as const;

export const INTERROGATION_MODES = {
  in_person: { zh: '当面提讯（看守所讯问室）', en: 'In person (interrogation room)' },
  remote: { zh: '远程视频提讯', en: 'Remote (video link)' },
} as const;
export type TInterrogationMode = keyof typeof INTERROGATION_MODES;

/** Bookings that hold a slot. */
export const ACTIVE_BOOKING: readonly string[] = ['requested', 'confirmed'];

export type TSlotProblem = { reason: 'in_past' | 'length' | 'overlap'; zh: string; conflictId?: string };

/** Whether `[startsAt, startsAt + minutes)` can be booked for the person, given their other bookings. */
export function checkInterrogationSlot(o: {
  startsAt: Date; minutes: number; now: Date;
  others: readonly { id: string; startsAt: Date; endsAt: Date; status: string }[];
}): TSlotProblem | null {
  if (o.startsAt.getTime() <= o.now.getTime()) return { reason: 'in_past', zh: '提讯时间应晚于当前时间' };
  if (!Number.isInteger(o.minutes) || o.minutes < SLOT_MINUTES.min || o.minutes > SLOT_MINUTES.max) {
    return { reason: 'length', zh: `提讯时长应为 ${SLOT_MINUTES.min}–${SLOT_MINUTES.max} 分钟` };
  }
  const end = o.startsAt.getTime() + o.minutes * 60_000;
  const clash = o.others.find((b) => ACTIVE_BOOKING.includes(b.status) && b.startsAt.getTime() < end && o.startsAt.getTime() < b.endsAt.getTime());
  return clash ? { reason: 'overlap', zh: '该时段已有对该人员的提讯预约，请另选时间', conflictId: clash.id } : null;
}

/** The next status when the 看守所 decides, or null when the booking is no longer open. */
export function decideInterrogation(status: string, decision: 'confirm' | 'decline'): 'confirmed' | 'declined' | null {
  if (status !== 'requested') return null;
  return decision === 'confirm' ? 'confirmed' : 'declined';
}
