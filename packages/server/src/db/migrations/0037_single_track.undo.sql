DROP TABLE IF EXISTS single_track_flows;
DROP TABLE IF EXISTS single_track_settings;
DROP TABLE IF EXISTS single_track_reasons;
DROP INDEX IF EXISTS process_events_single_track;
ALTER TABLE process_events DROP COLUMN IF EXISTS entered_at;
ALTER TABLE process_events DROP COLUMN IF EXISTS backfilled;
ALTER TABLE process_events DROP COLUMN IF EXISTS single_track;
