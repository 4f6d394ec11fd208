DROP TABLE IF EXISTS document_signing_key_retirements;
ALTER TABLE documents DROP COLUMN IF EXISTS classification;
ALTER TABLE cases DROP COLUMN IF EXISTS classification;
ALTER TABLE users DROP COLUMN IF EXISTS password_changed_at;
