-- 全程监督 (issue 14). The supervision list walks held persons' custody periods in due order
-- (keyset on due, id) and stops after a page; the process periods use the (agency, next_due)
-- indexes of 0016 per watched agency.
CREATE INDEX IF NOT EXISTS person_custody_held_due ON person_custody_timers (due, id) WHERE status = 'running' AND in_custody;
-- an open 督办 (P15) on a listed period: one index probe per row
CREATE INDEX IF NOT EXISTS process_instances_open_notice ON process_instances ((data->>'deadlineId'))
  WHERE code = 'supervision_notice' AND NOT terminal;
-- the readable audit log searches by action (and time) without a sequential scan
CREATE INDEX IF NOT EXISTS audit_action ON audit_log (action, id);
-- a refused case read names the case as its target only: found by the case's title too
CREATE INDEX IF NOT EXISTS audit_case_target ON audit_log (target_id, id) WHERE target_type = 'case';
