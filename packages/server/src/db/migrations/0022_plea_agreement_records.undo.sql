ALTER TABLE verbal_records DROP COLUMN IF EXISTS counsel_signature_sha256;
ALTER TABLE verbal_records DROP CONSTRAINT IF EXISTS verbal_records_kind_check;
ALTER TABLE verbal_records ADD CONSTRAINT verbal_records_kind_check CHECK (kind IN ('interrogation', 'inquiry')) NOT VALID;
