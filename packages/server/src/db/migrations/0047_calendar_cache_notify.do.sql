-- Issue 13: the holiday calendar (calendar_overrides: each year's State Council 节假日安排) is
-- cached by every app node; a change made on one node reaches the others' deadline arithmetic at
-- once, not after the cache's minute (db/cache-bus.ts topic 'calendar').
DROP TRIGGER IF EXISTS calendar_cache_notify ON calendar_overrides;
CREATE TRIGGER calendar_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION xt_cache_notify('calendar');
