DROP TABLE IF EXISTS person_custody_timers;
DROP INDEX IF EXISTS person_measures_centre;
ALTER TABLE person_measures DROP COLUMN IF EXISTS end_reason;
ALTER TABLE person_measures DROP COLUMN IF EXISTS detention_centre_id;
