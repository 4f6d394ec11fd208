-- issue 10: the 认罪认罚具结书 is sealed like a 笔录 (the suspect's signature and fingerprint bound to
-- its hash) and also carries the attesting lawyer's signature (CPL 174).
ALTER TABLE verbal_records DROP CONSTRAINT IF EXISTS verbal_records_kind_check;
ALTER TABLE verbal_records ADD CONSTRAINT verbal_records_kind_check
  CHECK (kind IN ('interrogation', 'inquiry', 'plea_agreement'));
ALTER TABLE verbal_records ADD COLUMN IF NOT EXISTS counsel_signature_sha256 char(64);
