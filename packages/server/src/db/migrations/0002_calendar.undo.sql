DROP TABLE IF EXISTS calendar_overrides;
