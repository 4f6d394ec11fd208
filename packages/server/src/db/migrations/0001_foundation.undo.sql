DROP TABLE IF EXISTS case_lawyer_grants, case_parties, cases, sessions, users, agencies CASCADE;
DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log;
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
DROP TABLE IF EXISTS audit_log;
DROP FUNCTION IF EXISTS refuse_audit_change();
