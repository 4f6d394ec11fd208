-- Reads at province scale (issue 13): what the inbox, the due box and the statistics need is
-- kept ready by the database itself, in the writing transaction, instead of being recomputed
-- per request (a lateral nearest-timer lookup per instance, exact count(*), five aggregates).
-- Triggers are statement-level (transition tables): one extra statement's work inside
-- PostgreSQL per write, no extra round trip for the server.

-- 1. The nearest running statutory timer on the instance row (临期/超期 box, sort by due).
--    next_warn_on = due − warn_days: the day the deadline enters 临期.
ALTER TABLE process_instances ADD COLUMN IF NOT EXISTS next_due date;
ALTER TABLE process_instances ADD COLUMN IF NOT EXISTS next_due_zh text;
ALTER TABLE process_instances ADD COLUMN IF NOT EXISTS next_warn_days integer;
ALTER TABLE process_instances ADD COLUMN IF NOT EXISTS next_warn_on date;

CREATE OR REPLACE FUNCTION refresh_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  iid uuid;
BEGIN
  -- a transition touches one or two timers of one instance: one indexed update per instance
  FOR iid IN SELECT DISTINCT instance_id FROM changed_timers LOOP
    UPDATE process_instances i
       SET next_due = nt.due, next_due_zh = nt.zh, next_warn_days = nt.warn_days, next_warn_on = nt.due - nt.warn_days
      FROM (SELECT NULL::int AS one) dummy
      LEFT JOIN LATERAL (SELECT t.due, t.zh, t.warn_days FROM process_timers t
                          WHERE t.instance_id = iid AND t.status = 'running' ORDER BY t.due LIMIT 1) nt ON true
     WHERE i.id = iid
       AND (i.next_due IS DISTINCT FROM nt.due OR i.next_due_zh IS DISTINCT FROM nt.zh OR i.next_warn_days IS DISTINCT FROM nt.warn_days);
  END LOOP;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS process_timers_next_due_ins ON process_timers;
CREATE TRIGGER process_timers_next_due_ins AFTER INSERT ON process_timers
  REFERENCING NEW TABLE AS changed_timers FOR EACH STATEMENT EXECUTE FUNCTION refresh_next_due();
DROP TRIGGER IF EXISTS process_timers_next_due_upd ON process_timers;
CREATE TRIGGER process_timers_next_due_upd AFTER UPDATE ON process_timers
  REFERENCING NEW TABLE AS changed_timers FOR EACH STATEMENT EXECUTE FUNCTION refresh_next_due();
DROP TRIGGER IF EXISTS process_timers_next_due_del ON process_timers;
CREATE TRIGGER process_timers_next_due_del AFTER DELETE ON process_timers
  REFERENCING OLD TABLE AS changed_timers FOR EACH STATEMENT EXECUTE FUNCTION refresh_next_due();

-- the whole column at once (this migration; bulk loads that ran with triggers off)
CREATE OR REPLACE FUNCTION rebuild_next_due() RETURNS void LANGUAGE sql AS $$
  UPDATE process_instances i
     SET next_due = nt.due, next_due_zh = nt.zh, next_warn_days = nt.warn_days, next_warn_on = nt.due - nt.warn_days
    FROM (SELECT DISTINCT ON (instance_id) instance_id, due, zh, warn_days FROM process_timers
           WHERE status = 'running' ORDER BY instance_id, due) nt
   WHERE i.id = nt.instance_id AND i.next_due IS DISTINCT FROM nt.due;
$$;
SELECT rebuild_next_due();

-- the due box walks one of these in due order and stops after a page
CREATE INDEX IF NOT EXISTS process_instances_initiator_due ON process_instances (initiator_agency_id, next_due) WHERE next_due IS NOT NULL;
CREATE INDEX IF NOT EXISTS process_instances_receiver_due ON process_instances (receiver_agency_id, next_due) WHERE next_due IS NOT NULL;
CREATE INDEX IF NOT EXISTS process_instances_superior_due ON process_instances (superior_agency_id, next_due) WHERE next_due IS NOT NULL;
-- 已办 of a superior agency and flows it reviews
CREATE INDEX IF NOT EXISTS process_instances_superior ON process_instances (superior_agency_id, updated_at DESC) WHERE superior_agency_id IS NOT NULL;

-- 2. 已办: the instances a user acted on, with the time of the last action (one row per pair).
CREATE TABLE IF NOT EXISTS process_actor_activity (
  user_id      uuid NOT NULL REFERENCES users(id),
  instance_id  uuid NOT NULL REFERENCES process_instances(id),
  last_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, instance_id)
);
CREATE INDEX IF NOT EXISTS process_actor_activity_recent ON process_actor_activity (user_id, last_at DESC, instance_id);

-- 3. Flow statistics rollup (流转统计): counts per day, agency, process and metric, kept in the
--    transaction that writes the event. `shard` spreads concurrent writers of one agency over
--    several rows (no hot row like the 文号 counter); readers sum the shards.
--    metric: sent (agency = initiator), received (agency = receiver), step (agency = actor,
--    to_state kept: "decided" is a state kind decided in core), submit (agency = initiator,
--    other = receiver: the monthly chart).
CREATE TABLE IF NOT EXISTS flow_stats_daily (
  day              date NOT NULL,
  process          text NOT NULL,
  metric           text NOT NULL CHECK (metric IN ('sent', 'received', 'step', 'submit')),
  agency_id        uuid NOT NULL REFERENCES agencies(id),
  other_agency_id  uuid NOT NULL REFERENCES agencies(id),
  to_state         text NOT NULL DEFAULT '',
  shard            smallint NOT NULL DEFAULT 0,
  n                integer NOT NULL,
  PRIMARY KEY (agency_id, day, process, metric, other_agency_id, to_state, shard)
);
CREATE INDEX IF NOT EXISTS flow_stats_daily_other ON flow_stats_daily (other_agency_id, day) WHERE metric = 'submit';
CREATE INDEX IF NOT EXISTS flow_stats_daily_day ON flow_stats_daily (day);

-- Which actions count as sending and receiving a flow (as the pilot reported them).
CREATE OR REPLACE FUNCTION flow_stats_rows(ev process_events, i process_instances)
RETURNS TABLE (metric text, agency_id uuid, other_agency_id uuid, to_state text) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'sent', i.initiator_agency_id, i.initiator_agency_id, ''
   WHERE ev.action IN ('submit', 'request', 'notify', 'request_explanation', 'send_documents', 'record_application', 'propose_change')
  UNION ALL
  SELECT 'received', i.receiver_agency_id, i.receiver_agency_id, ''
   WHERE ev.action IN ('accept', 'receive_for_execution', 'receive_for_prison_delivery', 'start_check', 'assign_prosecutor')
  UNION ALL
  SELECT 'step', ev.actor_agency_id, ev.actor_agency_id, ev.to_state WHERE ev.actor_side <> 'initiator'
  UNION ALL
  SELECT 'submit', i.initiator_agency_id, i.receiver_agency_id, '' WHERE ev.action = 'submit'
$$;

CREATE OR REPLACE FUNCTION process_events_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO process_actor_activity AS a (user_id, instance_id, last_at)
  SELECT actor_user_id, instance_id, max(at) FROM new_events
   WHERE actor_user_id IS NOT NULL AND action <> 'start' GROUP BY actor_user_id, instance_id
  ON CONFLICT (user_id, instance_id) DO UPDATE SET last_at = greatest(a.last_at, EXCLUDED.last_at);

  INSERT INTO flow_stats_daily AS f (day, process, metric, agency_id, other_agency_id, to_state, shard, n)
  SELECT (ev.at AT TIME ZONE 'Asia/Shanghai')::date, ev.process, r.metric, r.agency_id, r.other_agency_id, r.to_state,
         pg_backend_pid() % 8, count(*)
    FROM new_events ev JOIN process_instances i ON i.id = ev.instance_id
    CROSS JOIN LATERAL flow_stats_rows(ev, i) r
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (agency_id, day, process, metric, other_agency_id, to_state, shard) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS process_events_rollups ON process_events;
CREATE TRIGGER process_events_rollups AFTER INSERT ON process_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION process_events_rollups();

-- the rollups from the whole event log (this migration; bulk loads that ran with triggers off)
CREATE OR REPLACE FUNCTION rebuild_event_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM process_actor_activity;
  INSERT INTO process_actor_activity (user_id, instance_id, last_at)
  SELECT actor_user_id, instance_id, max(at) FROM process_events
   WHERE actor_user_id IS NOT NULL AND action <> 'start' GROUP BY actor_user_id, instance_id;
  DELETE FROM flow_stats_daily;
  INSERT INTO flow_stats_daily (day, process, metric, agency_id, other_agency_id, to_state, shard, n)
  SELECT (ev.at AT TIME ZONE 'Asia/Shanghai')::date, ev.process, r.metric, r.agency_id, r.other_agency_id, r.to_state, 0, count(*)
    FROM process_events ev JOIN process_instances i ON i.id = ev.instance_id
    CROSS JOIN LATERAL flow_stats_rows(ev, i) r
   GROUP BY 1, 2, 3, 4, 5, 6;
$$;
SELECT rebuild_event_rollups();

-- 4. Case search over Chinese text (案件检索): pg_trgm needs three characters, but Chinese names
--    and words are one or two (张, 张伟, 盗窃). Every case's search text is also indexed by its
--    characters and character pairs (lower-cased); a query of n ≥ 2 characters looks up its
--    n − 1 pairs, a single character itself, and ILIKE confirms the match. (zhparser would give
--    word segmentation but is not packaged for this PostgreSQL; pg_bigm is the same idea.)
CREATE OR REPLACE FUNCTION search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, length(t)) i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, length(t) - 1) i) s
  WHERE g !~ '^\s|\s$'
$$;
CREATE OR REPLACE FUNCTION search_query_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN length(t) = 1 THEN ARRAY[lower(t)]
    ELSE coalesce((SELECT array_agg(DISTINCT substr(lower(t), i, 2)) FROM generate_series(1, length(t) - 1) i
                    WHERE substr(t, i, 2) !~ '\s'), '{}') END
$$;
CREATE INDEX IF NOT EXISTS cases_search_grams ON cases USING gin (search_grams(search_text));
