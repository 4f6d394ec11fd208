DROP TRIGGER IF EXISTS calendar_cache_notify ON calendar_overrides;
