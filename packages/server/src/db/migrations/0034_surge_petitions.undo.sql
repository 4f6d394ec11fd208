DROP TABLE IF EXISTS petitions;
DROP TABLE IF EXISTS surge_alert_recipients;
DROP TABLE IF EXISTS surge_alerts;
DROP TABLE IF EXISTS alert_rules;
DROP TABLE IF EXISTS surge_settings;
