DROP INDEX IF EXISTS audit_case_target;
DROP INDEX IF EXISTS audit_action;
DROP INDEX IF EXISTS process_instances_open_notice;
DROP INDEX IF EXISTS person_custody_held_due;
