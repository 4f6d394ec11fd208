-- Periods that pause (issue 10): time not counted in a period (CPL 149 精神病鉴定; CPL 235 the
-- second-instance procuratorate reading the file). A paused process timer is out of the due box
-- and the sweeps (status 'paused'); a person's custody period keeps its row and records since when
-- it is paused. On resumption the last day moves by the days paused (core excludePausedDays).
ALTER TABLE process_timers DROP CONSTRAINT IF EXISTS process_timers_status_check;
ALTER TABLE process_timers ADD CONSTRAINT process_timers_status_check CHECK (status IN ('running', 'stopped', 'restarted', 'paused'));
ALTER TABLE process_timers ADD COLUMN IF NOT EXISTS paused_on date;
ALTER TABLE person_custody_timers ADD COLUMN IF NOT EXISTS paused_on date;
ALTER TABLE person_custody_timers ADD COLUMN IF NOT EXISTS pause_reason text;
