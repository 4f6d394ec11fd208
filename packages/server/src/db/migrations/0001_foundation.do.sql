-- Foundation: agencies, users, sessions, the append-only audit trail (全程留痕).
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE IF NOT EXISTS agencies (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id    uuid REFERENCES agencies(id),
  type         text NOT NULL,
  level        text NOT NULL CHECK (level IN ('province', 'city', 'district')),
  region_code  char(6) NOT NULL,
  name         text NOT NULL UNIQUE,
  short_name   text NOT NULL,
  unit_code    text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agencies_type_region ON agencies (type, region_code);

CREATE TABLE IF NOT EXISTS users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username         text NOT NULL UNIQUE CHECK (username = lower(username)),
  display_name     text NOT NULL,
  agency_id        uuid NOT NULL REFERENCES agencies(id),
  roles            text[] NOT NULL,
  platform_admin   boolean NOT NULL DEFAULT false,
  password_hash    text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_attempts  integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  disabled         boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS users_agency ON users (agency_id);

-- Sessions live in the database so that any number of server processes act as one service.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash    bytea PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);

-- 全程留痕: every write and every read of case material, refused attempts included.
-- The actor's name, agency and roles are copied so later edits cannot rewrite history.
CREATE TABLE IF NOT EXISTS audit_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  user_id       uuid,
  username      text,
  display_name  text,
  agency_id     uuid,
  agency_name   text,
  roles         text[] NOT NULL DEFAULT '{}',
  action        text NOT NULL,
  target_type   text,
  target_id     text,
  case_id       uuid,
  outcome       text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  ip            text,
  user_agent    text,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS audit_case ON audit_log (case_id, id);
CREATE INDEX IF NOT EXISTS audit_user ON audit_log (user_id, id);
CREATE INDEX IF NOT EXISTS audit_agency ON audit_log (agency_id, id);
CREATE INDEX IF NOT EXISTS audit_at ON audit_log (at);

CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (审计日志只可追加): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- Minimal shared case record; the processes issue extends it (persons, charges, numbers).
CREATE TABLE IF NOT EXISTS cases (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title              text NOT NULL,
  summary            text NOT NULL DEFAULT '',
  region_code        char(6) NOT NULL,
  created_by_agency  uuid NOT NULL REFERENCES agencies(id),
  created_by         uuid NOT NULL REFERENCES users(id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1
);

-- The agencies a case has reached (一家录入, 多家共享): access is decided from this table.
CREATE TABLE IF NOT EXISTS case_parties (
  case_id     uuid NOT NULL REFERENCES cases(id),
  agency_id   uuid NOT NULL REFERENCES agencies(id),
  joined_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, agency_id)
);
CREATE INDEX IF NOT EXISTS case_parties_agency ON case_parties (agency_id, case_id);

-- 律师会见/阅卷 grants: a lawyer sees only what was granted.
CREATE TABLE IF NOT EXISTS case_lawyer_grants (
  case_id     uuid NOT NULL REFERENCES cases(id),
  user_id     uuid NOT NULL REFERENCES users(id),
  granted_by  uuid NOT NULL REFERENCES users(id),
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
