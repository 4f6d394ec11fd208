DROP TRIGGER IF EXISTS users_cache_notify ON users;
DROP TRIGGER IF EXISTS sessions_cache_notify ON sessions;
DROP TRIGGER IF EXISTS sessions_backdated_notify ON sessions;
DROP TRIGGER IF EXISTS agencies_cache_notify ON agencies;
DROP FUNCTION IF EXISTS xt_cache_notify();
