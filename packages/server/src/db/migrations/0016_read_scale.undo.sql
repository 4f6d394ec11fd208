DROP TRIGGER IF EXISTS process_events_rollups ON process_events;
DROP FUNCTION IF EXISTS process_events_rollups();
DROP FUNCTION IF EXISTS flow_stats_rows(process_events, process_instances);
DROP TABLE IF EXISTS flow_stats_daily;
DROP TABLE IF EXISTS process_actor_activity;
DROP TRIGGER IF EXISTS process_timers_next_due_ins ON process_timers;
DROP TRIGGER IF EXISTS process_timers_next_due_upd ON process_timers;
DROP TRIGGER IF EXISTS process_timers_next_due_del ON process_timers;
DROP FUNCTION IF EXISTS refresh_next_due();
DROP INDEX IF EXISTS process_instances_initiator_due;
DROP INDEX IF EXISTS process_instances_receiver_due;
DROP INDEX IF EXISTS process_instances_superior_due;
DROP INDEX IF EXISTS process_instances_superior;
ALTER TABLE process_instances DROP COLUMN IF EXISTS next_due, DROP COLUMN IF EXISTS next_due_zh,
  DROP COLUMN IF EXISTS next_warn_days, DROP COLUMN IF EXISTS next_warn_on;
DROP INDEX IF EXISTS cases_search_grams;
DROP FUNCTION IF EXISTS search_query_grams(text);
DROP FUNCTION IF EXISTS search_grams(text);
