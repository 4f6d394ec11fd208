-- Issue 13: what app nodes cache in memory (agencies, sessions) is invalidated on every node
-- by a NOTIFY on channel xt_cache, sent at COMMIT of whatever changed it (db/cache-bus.ts).
-- Payload: the cache's topic. A node whose LISTEN connection is down caches nothing.
CREATE OR REPLACE FUNCTION xt_cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE topic text;
BEGIN
  FOREACH topic IN ARRAY TG_ARGV LOOP
    PERFORM pg_notify('xt_cache', topic);
  END LOOP;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS agencies_cache_notify ON agencies;
-- a session carries its agency's type and level: both caches go
CREATE TRIGGER agencies_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agencies
  FOR EACH STATEMENT EXECUTE FUNCTION xt_cache_notify('agencies', 'sessions');

-- logout, lockout, password change, an administrator's revocation: every node forgets its sessions
DROP TRIGGER IF EXISTS sessions_cache_notify ON sessions;
CREATE TRIGGER sessions_cache_notify AFTER DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION xt_cache_notify('sessions');

-- a session made older than it was (an administrator shortening it; tests backdating it): the
-- server's own once-a-minute touch moves last_seen_at forward and notifies no one
DROP TRIGGER IF EXISTS sessions_backdated_notify ON sessions;
CREATE TRIGGER sessions_backdated_notify AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (NEW.last_seen_at < OLD.last_seen_at OR NEW.expires_at < OLD.expires_at OR NEW.user_id IS DISTINCT FROM OLD.user_id)
  EXECUTE FUNCTION xt_cache_notify('sessions');

-- what a cached session says about its user (roles, agency, disabled, names) changed
DROP TRIGGER IF EXISTS users_cache_notify ON users;
CREATE TRIGGER users_cache_notify AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.roles IS DISTINCT FROM NEW.roles OR OLD.disabled IS DISTINCT FROM NEW.disabled
     OR OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.display_name IS DISTINCT FROM NEW.display_name
     OR OLD.username IS DISTINCT FROM NEW.username OR OLD.platform_admin IS DISTINCT FROM NEW.platform_admin
     OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password OR OLD.locked_until IS DISTINCT FROM NEW.locked_until)
  EXECUTE FUNCTION xt_cache_notify('sessions');
