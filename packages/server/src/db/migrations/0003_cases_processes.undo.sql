DROP TABLE IF EXISTS process_documents, idempotency_keys, inbox_items, process_timers CASCADE;
DROP TRIGGER IF EXISTS process_events_no_change ON process_events;
DROP TABLE IF EXISTS process_events, process_instances, number_counters, person_measures, case_persons, case_charges CASCADE;
DROP FUNCTION IF EXISTS refuse_event_change();
ALTER TABLE cases DROP COLUMN IF EXISTS occurred_at, DROP COLUMN IF EXISTS stage, DROP COLUMN IF EXISTS police_number,
  DROP COLUMN IF EXISTS procuratorate_number, DROP COLUMN IF EXISTS court_number, DROP COLUMN IF EXISTS search_text;
