ALTER TABLE person_custody_timers DROP COLUMN IF EXISTS pause_reason;
ALTER TABLE person_custody_timers DROP COLUMN IF EXISTS paused_on;
ALTER TABLE process_timers DROP COLUMN IF EXISTS paused_on;
UPDATE process_timers SET status = 'stopped' WHERE status = 'paused';
ALTER TABLE process_timers DROP CONSTRAINT IF EXISTS process_timers_status_check;
ALTER TABLE process_timers ADD CONSTRAINT process_timers_status_check CHECK (status IN ('running', 'stopped', 'restarted'));
