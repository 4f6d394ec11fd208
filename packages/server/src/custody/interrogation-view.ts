/**
 * A 提讯 booking as the API shows it, read with the person, the 看守所 and the booking agency in
 * one statement (shared by the booking, the decision, the list and the custody list).
 */
import type { z } from 'zod';
import type { ZInterrogationBooking } from '@xietong/core/api';
import type { TDb, TTx } from '../db/database';

export type TInterrogationView = z.output<typeof ZInterrogationBooking>;

export function selectInterrogations(db: TDb | TTx) {
  return db.selectFrom('interrogation_bookings as b')
    .innerJoin('case_persons as p', 'p.id', 'b.person_id')
    .innerJoin('agencies as dc', 'dc.id', 'b.detention_centre_id')
    .innerJoin('agencies as a', 'a.id', 'b.agency_id')
    .select([
      'b.id', 'b.case_id', 'b.person_id', 'p.name as person_name', 'b.detention_centre_id', 'dc.name as centre_name', 'b.agency_id', 'a.name as agency_name',
      'b.booked_by_name', 'b.starts_at', 'b.ends_at', 'b.mode', 'b.purpose', 'b.status', 'b.room', 'b.decline_reason',
    ]);
}

type TRow = Awaited<ReturnType<ReturnType<typeof selectInterrogations>['execute']>>[number];

export function interrogationView(r: TRow): TInterrogationView {
  return {
    id: r.id, caseId: r.case_id, personId: r.person_id, personName: r.person_name,
    detentionCentre: { id: r.detention_centre_id, name: r.centre_name },
    bookedBy: { agencyId: r.agency_id, agencyName: r.agency_name, userName: r.booked_by_name },
    startsAt: new Date(r.starts_at).toISOString(), endsAt: new Date(r.ends_at).toISOString(),
    mode: r.mode as TInterrogationView['mode'], purpose: r.purpose, status: r.status as TInterrogationView['status'],
    room: r.room, declineReason: r.decline_reason,
  };
}
