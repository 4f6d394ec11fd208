-- The platform acts without a user: a judgment takes effect when the appeal window has passed
-- (CPL 230) and the execution process opens on its own (CPL 264). Such events and instances
-- carry no user; the event names the platform as actor (actor_role 'platform').
ALTER TABLE process_events ALTER COLUMN actor_user_id DROP NOT NULL;
ALTER TABLE process_instances ALTER COLUMN started_by DROP NOT NULL;

-- How many approvals a review decision needs in an agency (承办人 → 部门负责人 → 检察长):
-- no row = one level (the default); a row adds levels.
CREATE TABLE IF NOT EXISTS agency_review_levels (
  agency_id       uuid PRIMARY KEY REFERENCES agencies(id),
  approval_levels smallint NOT NULL DEFAULT 1 CHECK (approval_levels BETWEEN 1 AND 3),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
