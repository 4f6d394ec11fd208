-- 辩护 (issue 15): lawyers' 执业证号 verified by an administrator, representation requests
-- (委托 or 法律援助), the suspect a document concerns, and 会见 bookings on P14.

-- 律师执业证号 on the lawyer's account; verified = an administrator checked it (who, when)
ALTER TABLE users ADD COLUMN IF NOT EXISTS licence_no text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS licence_verified_by uuid REFERENCES users(id);
ALTER TABLE users ADD COLUMN IF NOT EXISTS licence_verified_at timestamptz;

-- which suspect a document concerns; null = the whole case. A lawyer reads only their
-- client's documents and the whole case's, never another suspect's own.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS person_id uuid REFERENCES case_persons(id);

CREATE TABLE IF NOT EXISTS defence_requests (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind                text NOT NULL CHECK (kind IN ('retained', 'legal_aid')),
  lawyer_id           uuid NOT NULL REFERENCES users(id),
  lawyer_name         text NOT NULL,
  licence_no          text NOT NULL,
  lawfirm_id          uuid NOT NULL REFERENCES agencies(id),
  -- 法律援助: the 司法局 that assigned the lawyer
  assigned_by_agency  uuid REFERENCES agencies(id),
  client_name         text NOT NULL,
  client_resident_id  text NOT NULL,
  -- what the lawyer named: a case number and/or the handling agency
  given_case_number   text,
  given_agency_id     uuid REFERENCES agencies(id),
  -- the match, never shown to the lawyer before confirmation
  case_id             uuid REFERENCES cases(id),
  person_id           uuid REFERENCES case_persons(id),
  -- the agency that decides: the case's handling agency, else the agency named
  agency_id           uuid REFERENCES agencies(id),
  mandate_sha256      char(64),
  mandate_sm3         char(64),
  mandate_size        bigint,
  mandate_media_type  text,
  mandate_file_name   text,
  status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'refused', 'withdrawn', 'ended')),
  decided_by          uuid REFERENCES users(id),
  decided_at          timestamptz,
  decision_reason     text,
  ended_by            uuid REFERENCES users(id),
  ended_at            timestamptz,
  end_reason          text,
  created_by          uuid NOT NULL REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS defence_requests_lawyer ON defence_requests (lawyer_id, created_at DESC);
CREATE INDEX IF NOT EXISTS defence_requests_agency ON defence_requests (agency_id, status, created_at DESC);
CREATE INDEX IF NOT EXISTS defence_requests_case ON defence_requests (case_id) WHERE status = 'confirmed';
-- one lawyer holds at most one live representation per case (刑诉解释: one lawyer may not
-- defend two co-defendants of one case)
CREATE UNIQUE INDEX IF NOT EXISTS defence_requests_one_live ON defence_requests (case_id, lawyer_id) WHERE status = 'confirmed';

-- 会见 bookings: each is a P14 律师会见申请 instance filed by the lawyer
CREATE TABLE IF NOT EXISTS defence_meetings (
  instance_id     uuid PRIMARY KEY REFERENCES process_instances(id),
  request_id      uuid NOT NULL REFERENCES defence_requests(id),
  case_id         uuid NOT NULL REFERENCES cases(id),
  person_id       uuid NOT NULL REFERENCES case_persons(id),
  lawyer_id       uuid NOT NULL REFERENCES users(id),
  requested_at    timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS defence_meetings_request ON defence_meetings (request_id);
