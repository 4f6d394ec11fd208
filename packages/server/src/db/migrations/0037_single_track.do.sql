-- 单轨流转 exceptions (issue 16): a flow that happened on paper is registered with its real legal
-- event time, the sanctioned reason and the approver; after the cause ends it is backfilled (补录):
-- the missed transition is replayed through the engine as an appended event flagged below.
-- Facts: ../shared/domain/single-track.md (the pilot's own list of nine was not found: the
-- reasons are data an administrator may edit).

-- process_events: how the event reached the platform. `at` stays the legal event time (clocks run
-- from it); `entered_at` is when it was keyed. Statistics count single_track (单轨例外率).
ALTER TABLE process_events ADD COLUMN IF NOT EXISTS single_track boolean NOT NULL DEFAULT false;
ALTER TABLE process_events ADD COLUMN IF NOT EXISTS backfilled boolean NOT NULL DEFAULT false;
-- old rows: null (keyed when they happened); new rows: the moment they are written
ALTER TABLE process_events ADD COLUMN IF NOT EXISTS entered_at timestamptz;
ALTER TABLE process_events ALTER COLUMN entered_at SET DEFAULT clock_timestamp();
CREATE INDEX IF NOT EXISTS process_events_single_track ON process_events (actor_agency_id, at) WHERE single_track;

-- the sanctioned reasons for paper-only flow (single-track.md §2), editable by an administrator
CREATE TABLE IF NOT EXISTS single_track_reasons (
  code       integer PRIMARY KEY CHECK (code > 0),
  zh         text NOT NULL,
  en         text NOT NULL,
  -- supported by analogue | unverified (single-track.md markers)
  evidence   text NOT NULL DEFAULT '',
  active     boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO single_track_reasons (code, zh, en, evidence) VALUES
  (1, '涉密案件（涉及国家秘密）', 'Classified case (state secrets)', 'analogue (sec.)'),
  (2, '停电', 'Power outage', 'analogue (sec.)'),
  (3, '网络故障 / 系统故障', 'Network or system failure', 'analogue (sec.)'),
  (4, '重大疫情', 'Major epidemic', 'unverified'),
  (5, '自然灾害等不可抗力', 'Natural disaster / force majeure', 'unverified'),
  (6, '突发事件 / 紧急情况', 'Other emergency', 'unverified'),
  (7, '危害国家安全、恐怖活动等敏感案件', 'State-security, terrorism or other sensitive case', 'unverified'),
  (8, '对方单位未接入系统 / 跨区域', 'Counterpart not connected / other region', 'unverified'),
  (9, '实物证据、原件、涉案财物', 'Exhibits, originals or seized property that travel physically', 'unverified')
ON CONFLICT (code) DO NOTHING;

-- settings as data: the backfill deadline (补录期限) in days after the registration; the pilot's
-- value is unverified (single-track.md §3.3)
CREATE TABLE IF NOT EXISTS single_track_settings (
  id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
  backfill_days      integer NOT NULL DEFAULT 3 CHECK (backfill_days BETWEEN 1 AND 60),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
INSERT INTO single_track_settings (id) VALUES (true) ON CONFLICT DO NOTHING;

-- the offline hand-off as registered (单轨例外登记), then backfilled
CREATE TABLE IF NOT EXISTS single_track_flows (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id          uuid NOT NULL REFERENCES cases(id),
  instance_id      uuid NOT NULL REFERENCES process_instances(id),
  process          text NOT NULL,
  action           text NOT NULL,
  from_agency_id   uuid NOT NULL REFERENCES agencies(id),
  to_agency_id     uuid REFERENCES agencies(id),
  -- the real legal event time (受理/送达/执行 on paper): statutory clocks run from it
  occurred_at      timestamptz NOT NULL,
  reason_code      integer NOT NULL REFERENCES single_track_reasons(code),
  reason_note      text NOT NULL DEFAULT '',
  approved_by      text NOT NULL,
  registered_by    uuid NOT NULL REFERENCES users(id),
  registered_at    timestamptz NOT NULL DEFAULT now(),
  backfill_due     timestamptz NOT NULL,
  -- 补录: the appended event and the scanned paper documents
  backfilled_at    timestamptz,
  backfilled_by    uuid REFERENCES users(id),
  event_id         bigint REFERENCES process_events(id),
  scan_document_ids uuid[] NOT NULL DEFAULT '{}',
  -- the overdue escalation (notify the agency and its superior), once
  escalated_at     timestamptz
);
CREATE INDEX IF NOT EXISTS single_track_flows_open ON single_track_flows (backfill_due) WHERE backfilled_at IS NULL;
CREATE INDEX IF NOT EXISTS single_track_flows_agency ON single_track_flows (from_agency_id, registered_at DESC);
CREATE INDEX IF NOT EXISTS single_track_flows_case ON single_track_flows (case_id);
