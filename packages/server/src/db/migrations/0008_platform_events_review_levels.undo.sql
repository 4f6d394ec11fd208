DROP TABLE IF EXISTS agency_review_levels;
-- Rows written by the platform have no user; they must go before NOT NULL can return.
DELETE FROM process_events WHERE actor_user_id IS NULL;
ALTER TABLE process_events ALTER COLUMN actor_user_id SET NOT NULL;
ALTER TABLE process_instances ALTER COLUMN started_by SET NOT NULL;
