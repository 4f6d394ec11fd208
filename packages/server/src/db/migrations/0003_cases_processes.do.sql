-- The shared case card (persons, measures, charges, each agency's number) and the process
-- engine's tables: instances, their event log, statutory timers, inbox, idempotency keys.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS occurred_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE cases ADD COLUMN IF NOT EXISTS stage text NOT NULL DEFAULT 'police.investigating';
ALTER TABLE cases ADD COLUMN IF NOT EXISTS police_number text;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS procuratorate_number text;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS court_number text;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS cases_updated ON cases (updated_at DESC);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS cases_search_trgm ON cases USING gin (search_text gin_trgm_ops);

CREATE TABLE IF NOT EXISTS case_charges (
  case_id      uuid NOT NULL REFERENCES cases(id),
  charge_code  text NOT NULL,
  position     integer NOT NULL,
  PRIMARY KEY (case_id, charge_code)
);
CREATE INDEX IF NOT EXISTS case_charges_code ON case_charges (charge_code);

CREATE TABLE IF NOT EXISTS case_persons (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES cases(id),
  position     integer NOT NULL,
  name         text NOT NULL,
  resident_id  text,
  sex          text NOT NULL,
  birth_date   date,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS case_persons_case ON case_persons (case_id);
CREATE INDEX IF NOT EXISTS case_persons_resident ON case_persons (resident_id);

-- 强制措施 history per person: start, legal maximum, end.
CREATE TABLE IF NOT EXISTS person_measures (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id      uuid NOT NULL REFERENCES case_persons(id),
  case_id        uuid NOT NULL REFERENCES cases(id),
  measure        text NOT NULL,
  started_at     timestamptz NOT NULL,
  ended_at       timestamptz,
  legal_max_due  date,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS person_measures_person ON person_measures (person_id, started_at);

-- Number series per agency (案件编号, 受案号, 案号, 文号): allocated inside the transaction.
CREATE TABLE IF NOT EXISTS number_counters (
  agency_id  uuid NOT NULL REFERENCES agencies(id),
  series     text NOT NULL,
  year       integer NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (agency_id, series, year)
);

CREATE TABLE IF NOT EXISTS process_instances (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id             uuid NOT NULL REFERENCES cases(id),
  code                text NOT NULL,
  state               text NOT NULL,
  version             integer NOT NULL DEFAULT 1,
  counters            jsonb NOT NULL DEFAULT '{}'::jsonb,
  data                jsonb NOT NULL DEFAULT '{}'::jsonb,
  initiator_agency_id uuid NOT NULL REFERENCES agencies(id),
  receiver_agency_id  uuid NOT NULL REFERENCES agencies(id),
  superior_agency_id  uuid REFERENCES agencies(id),
  started_by          uuid NOT NULL REFERENCES users(id),
  terminal            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS process_instances_case ON process_instances (case_id);
CREATE INDEX IF NOT EXISTS process_instances_initiator ON process_instances (initiator_agency_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS process_instances_receiver ON process_instances (receiver_agency_id, updated_at DESC);

-- The event log of every instance (append-only like the audit trail).
CREATE TABLE IF NOT EXISTS process_events (
  id               bigserial PRIMARY KEY,
  instance_id      uuid NOT NULL REFERENCES process_instances(id),
  case_id          uuid NOT NULL REFERENCES cases(id),
  process          text NOT NULL,
  action           text NOT NULL,
  from_state       text NOT NULL,
  to_state         text NOT NULL,
  version          integer NOT NULL,
  actor_user_id    uuid NOT NULL REFERENCES users(id),
  actor_name       text NOT NULL,
  actor_agency_id  uuid NOT NULL REFERENCES agencies(id),
  actor_agency_name text NOT NULL,
  actor_role       text NOT NULL,
  actor_side       text NOT NULL,
  input            jsonb NOT NULL DEFAULT '{}'::jsonb,
  documents        jsonb NOT NULL DEFAULT '[]'::jsonb,
  timers_started   jsonb NOT NULL DEFAULT '[]'::jsonb,
  timers_stopped   jsonb NOT NULL DEFAULT '[]'::jsonb,
  articles         jsonb NOT NULL DEFAULT '[]'::jsonb,
  at               timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (instance_id, version)
);
CREATE INDEX IF NOT EXISTS process_events_case ON process_events (case_id, id);
CREATE INDEX IF NOT EXISTS process_events_actor ON process_events (actor_user_id, id DESC);
CREATE INDEX IF NOT EXISTS process_events_at ON process_events (at);
CREATE OR REPLACE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'process_events is append-only (流程事件只可追加): % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS process_events_no_change ON process_events;
CREATE TRIGGER process_events_no_change BEFORE UPDATE OR DELETE ON process_events
  FOR EACH ROW EXECUTE FUNCTION refuse_event_change();

-- Statutory timers (办案期限) with their due date stored on the row (STYLE.md §2.8).
CREATE TABLE IF NOT EXISTS process_timers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instance_id   uuid NOT NULL REFERENCES process_instances(id),
  case_id       uuid NOT NULL REFERENCES cases(id),
  timer_id      text NOT NULL,
  zh            text NOT NULL,
  en            text NOT NULL,
  started_on    date NOT NULL,
  due           date NOT NULL,
  due_instant   timestamptz NOT NULL,
  in_custody    boolean NOT NULL,
  warn_days     integer NOT NULL,
  articles      jsonb NOT NULL DEFAULT '[]'::jsonb,
  explanation   jsonb NOT NULL DEFAULT '[]'::jsonb,
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped', 'restarted')),
  stopped_at    timestamptz,
  overdue_notified_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS process_timers_running ON process_timers (due) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS process_timers_instance ON process_timers (instance_id);
CREATE INDEX IF NOT EXISTS process_timers_case ON process_timers (case_id) WHERE status = 'running';

-- 待办: what an agency can act on now (its roles), closed when anyone acts on the instance.
CREATE TABLE IF NOT EXISTS inbox_items (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id    uuid NOT NULL REFERENCES agencies(id),
  roles        text[] NOT NULL,
  instance_id  uuid NOT NULL REFERENCES process_instances(id),
  case_id      uuid NOT NULL REFERENCES cases(id),
  event_id     bigint REFERENCES process_events(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  done_at      timestamptz,
  done_by      uuid REFERENCES users(id)
);
CREATE INDEX IF NOT EXISTS inbox_open ON inbox_items (agency_id, created_at DESC) WHERE done_at IS NULL;
CREATE INDEX IF NOT EXISTS inbox_instance ON inbox_items (instance_id) WHERE done_at IS NULL;

-- A retried request with the same Idempotency-Key replays the first answer (no second effect).
CREATE TABLE IF NOT EXISTS idempotency_keys (
  user_id        uuid NOT NULL REFERENCES users(id),
  key            text NOT NULL,
  request_hash   text NOT NULL,
  status         integer NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- Legal documents issued by process steps (文书), numbered in each agency's 文号 series.
CREATE TABLE IF NOT EXISTS process_documents (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id        uuid NOT NULL REFERENCES cases(id),
  instance_id    uuid NOT NULL REFERENCES process_instances(id),
  event_id       bigint NOT NULL REFERENCES process_events(id),
  doc_type       text NOT NULL,
  number         text,
  agency_id      uuid NOT NULL REFERENCES agencies(id),
  issued_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS process_documents_case ON process_documents (case_id);
