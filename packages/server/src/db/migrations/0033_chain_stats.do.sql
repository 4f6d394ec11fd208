-- Whole-chain statistics (全链条统计, issue 14): the milestones a case passes from 立案 to 交付执行,
-- recorded by the database in the transaction that writes the event, case or audit row
-- (statement-level triggers, as 0016/0021), and two rollups read by GET /api/stats/chain:
--   case_milestones     one row per case and milestone, its first time (drill-down: the cases
--                       behind a figure; the milestone's day, acting agency, 单轨 flag)
--   chain_stats_daily   cases reaching each milestone per day and agency (the figures)
--   stage_days_daily    a histogram of whole days per stage, end day and agency (median, p90)
-- Which (process, action, state) is which milestone is data (chain_milestone_rules); the labels,
-- the stages' meaning and the rates are core's (@xietong/core/analytics chain.ts).

CREATE TABLE IF NOT EXISTS chain_milestone_rules (
  process    text NOT NULL,
  action     text NOT NULL DEFAULT '',   -- '' = any action reaching to_state
  to_state   text NOT NULL DEFAULT '',   -- '' = any state the action reaches
  milestone  text NOT NULL,
  PRIMARY KEY (process, action, to_state, milestone)
);
INSERT INTO chain_milestone_rules (process, action, to_state, milestone) VALUES
  ('arrest', 'submit', '', 'arrest_requested'),
  ('arrest', '', 'APPROVED', 'arrest_approved'),
  ('arrest', '', 'REJECTED', 'arrest_refused'),
  ('prosecution_transfer', 'submit', '', 'transferred'),
  ('prosecution_transfer', 'return_for_supplementary_investigation', '', 'returned_supplementary'),
  ('prosecution_transfer', '', 'INDICTED', 'indicted'),
  ('public_prosecution', 'accept', '', 'trial_accepted'),
  ('public_prosecution', '', 'JUDGED', 'judged'),
  ('public_prosecution', '', 'JUDGED', 'trial_concluded'),
  ('public_prosecution', '', 'WITHDRAWN', 'trial_concluded'),
  ('public_prosecution', '', 'TERMINATED', 'trial_concluded'),
  ('public_prosecution', '', 'RETURNED', 'trial_concluded'),
  ('judgment_execution', 'send_documents', '', 'execution')
ON CONFLICT DO NOTHING;

-- stage = from one milestone of a case to the next (core STAGES; a test compares the two)
CREATE TABLE IF NOT EXISTS chain_stages (
  stage           text PRIMARY KEY,
  from_milestone  text NOT NULL,
  to_milestone    text NOT NULL
);
INSERT INTO chain_stages (stage, from_milestone, to_milestone) VALUES
  ('investigation', 'registered', 'transferred'),
  ('arrest_review', 'arrest_requested', 'arrest_approved'),
  ('prosecution_review', 'transferred', 'indicted'),
  ('trial', 'trial_accepted', 'judged'),
  ('execution_handover', 'judged', 'execution')
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS case_milestones (
  case_id       uuid NOT NULL REFERENCES cases(id),
  milestone     text NOT NULL,
  at            timestamptz NOT NULL,
  day           date NOT NULL,
  agency_id     uuid NOT NULL REFERENCES agencies(id),
  -- reached by a flow recorded on paper first (单轨流转, process_events.single_track when present)
  single_track  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (case_id, milestone)
);
CREATE INDEX IF NOT EXISTS case_milestones_day ON case_milestones (milestone, day, agency_id);

CREATE TABLE IF NOT EXISTS chain_stats_daily (
  day           date NOT NULL,
  agency_id     uuid NOT NULL REFERENCES agencies(id),
  milestone     text NOT NULL,
  shard         smallint NOT NULL DEFAULT 0,
  n             integer NOT NULL,
  single_track  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_id, day, milestone, shard)
);
CREATE INDEX IF NOT EXISTS chain_stats_daily_day ON chain_stats_daily (day);

CREATE TABLE IF NOT EXISTS stage_days_daily (
  day        date NOT NULL,
  agency_id  uuid NOT NULL REFERENCES agencies(id),
  stage      text NOT NULL,
  days       integer NOT NULL,
  shard      smallint NOT NULL DEFAULT 0,
  n          integer NOT NULL,
  PRIMARY KEY (agency_id, day, stage, days, shard)
);
CREATE INDEX IF NOT EXISTS stage_days_daily_day ON stage_days_daily (day);

-- the rollups follow case_milestones: only rows actually inserted (a milestone counts once per case)
CREATE OR REPLACE FUNCTION case_milestones_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO chain_stats_daily AS d (day, agency_id, milestone, shard, n, single_track)
  SELECT m.day, m.agency_id, m.milestone, pg_backend_pid() % 8, count(*), count(*) FILTER (WHERE m.single_track)
    FROM new_milestones m GROUP BY 1, 2, 3, 4
  ON CONFLICT (agency_id, day, milestone, shard) DO UPDATE SET n = d.n + EXCLUDED.n, single_track = d.single_track + EXCLUDED.single_track;

  INSERT INTO stage_days_daily AS s (day, agency_id, stage, days, shard, n)
  SELECT e.day, e.agency_id, st.stage, greatest(e.day - b.day, 0), pg_backend_pid() % 8, count(*)
    FROM new_milestones e
    JOIN chain_stages st ON st.to_milestone = e.milestone
    JOIN case_milestones b ON b.case_id = e.case_id AND b.milestone = st.from_milestone
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (agency_id, day, stage, days, shard) DO UPDATE SET n = s.n + EXCLUDED.n;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_milestones_rollups ON case_milestones;
CREATE TRIGGER case_milestones_rollups AFTER INSERT ON case_milestones
  REFERENCING NEW TABLE AS new_milestones FOR EACH STATEMENT EXECUTE FUNCTION case_milestones_rollups();

-- milestones of process events; `single_track` is read through to_jsonb so this works before and
-- after the single-track register adds the column
CREATE OR REPLACE FUNCTION process_events_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_milestones (case_id, milestone, at, day, agency_id, single_track)
  SELECT DISTINCT ON (ev.case_id, r.milestone) ev.case_id, r.milestone, ev.at, (ev.at AT TIME ZONE 'Asia/Shanghai')::date,
         ev.actor_agency_id, coalesce((to_jsonb(ev) ->> 'single_track')::boolean, false)
    FROM new_events ev
    JOIN chain_milestone_rules r ON r.process = ev.process AND r.action IN ('', ev.action) AND r.to_state IN ('', ev.to_state)
   ORDER BY ev.case_id, r.milestone, ev.at
  ON CONFLICT (case_id, milestone) DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS process_events_milestones ON process_events;
CREATE TRIGGER process_events_milestones AFTER INSERT ON process_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION process_events_milestones();

-- 立案: the case registered by its creating agency
CREATE OR REPLACE FUNCTION cases_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_milestones (case_id, milestone, at, day, agency_id)
  SELECT c.id, 'registered', c.created_at, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, c.created_by_agency FROM new_cases c
  ON CONFLICT (case_id, milestone) DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS cases_milestones ON cases;
CREATE TRIGGER cases_milestones AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION cases_milestones();

-- 证据不全强制发送: the approver's override is an audit row written with the send
CREATE OR REPLACE FUNCTION audit_override_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_milestones (case_id, milestone, at, day, agency_id)
  SELECT DISTINCT ON (a.case_id) a.case_id, 'evidence_override', a.at, (a.at AT TIME ZONE 'Asia/Shanghai')::date, a.agency_id
    FROM new_audit a
   WHERE a.action = 'evidence.override' AND a.outcome = 'ok' AND a.case_id IS NOT NULL AND a.agency_id IS NOT NULL
   ORDER BY a.case_id, a.at
  ON CONFLICT (case_id, milestone) DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS audit_override_milestones ON audit_log;
CREATE TRIGGER audit_override_milestones AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS new_audit FOR EACH STATEMENT EXECUTE FUNCTION audit_override_milestones();

-- everything from the stored history (this migration; bulk loads that ran with triggers off)
CREATE OR REPLACE FUNCTION rebuild_chain_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stage_days_daily;
  DELETE FROM chain_stats_daily;
  DELETE FROM case_milestones;
  INSERT INTO case_milestones (case_id, milestone, at, day, agency_id, single_track)
  SELECT x.case_id, x.milestone, x.at, (x.at AT TIME ZONE 'Asia/Shanghai')::date, x.agency_id, x.single_track FROM (
    (SELECT DISTINCT ON (ev.case_id, r.milestone) ev.case_id, r.milestone, ev.at, ev.actor_agency_id AS agency_id,
            coalesce((to_jsonb(ev) ->> 'single_track')::boolean, false) AS single_track
       FROM process_events ev
       JOIN chain_milestone_rules r ON r.process = ev.process AND r.action IN ('', ev.action) AND r.to_state IN ('', ev.to_state)
      ORDER BY ev.case_id, r.milestone, ev.at)
    UNION ALL
    (SELECT c.id, 'registered', c.created_at, c.created_by_agency, false FROM cases c)
    UNION ALL
    (SELECT DISTINCT ON (a.case_id) a.case_id, 'evidence_override', a.at, a.agency_id, false FROM audit_log a
      WHERE a.action = 'evidence.override' AND a.outcome = 'ok' AND a.case_id IS NOT NULL AND a.agency_id IS NOT NULL
      ORDER BY a.case_id, a.at)) x;
END $$;
SELECT rebuild_chain_rollups();
