DROP INDEX IF EXISTS person_measures_case;
