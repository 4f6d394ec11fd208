DROP INDEX IF EXISTS inbox_items_to_notify;
ALTER TABLE inbox_items DROP COLUMN IF EXISTS notified_at;
DROP INDEX IF EXISTS process_timers_warn_pending;
ALTER TABLE process_timers DROP COLUMN IF EXISTS warn_notified_at;
DROP TABLE IF EXISTS notification_deliveries;
ALTER TABLE users DROP COLUMN IF EXISTS email;
ALTER TABLE users DROP COLUMN IF EXISTS phone;
DROP TABLE IF EXISTS notification_preferences;
