-- 提讯 booking: an investigator, prosecutor or judge books an interrogation slot (in person or
-- remote) at the 看守所 holding the person; the 看守所 confirms or declines. One row per booking;
-- the status moves requested → confirmed | declined, or requested/confirmed → cancelled.
CREATE TABLE IF NOT EXISTS interrogation_bookings (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id              uuid NOT NULL REFERENCES cases(id),
  person_id            uuid NOT NULL REFERENCES case_persons(id),
  detention_centre_id  uuid NOT NULL REFERENCES agencies(id),
  agency_id            uuid NOT NULL REFERENCES agencies(id),
  booked_by            uuid NOT NULL REFERENCES users(id),
  booked_by_name       text NOT NULL,
  starts_at            timestamptz NOT NULL,
  ends_at              timestamptz NOT NULL,
  mode                 text NOT NULL CHECK (mode IN ('in_person', 'remote')),
  purpose              text NOT NULL,
  status               text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
  room                 text,
  decided_by           uuid REFERENCES users(id),
  decided_by_name      text,
  decided_at           timestamptz,
  decline_reason       text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX IF NOT EXISTS interrogation_bookings_centre ON interrogation_bookings (detention_centre_id, starts_at);
CREATE INDEX IF NOT EXISTS interrogation_bookings_agency ON interrogation_bookings (agency_id, starts_at);
CREATE INDEX IF NOT EXISTS interrogation_bookings_person ON interrogation_bookings (person_id, starts_at);
