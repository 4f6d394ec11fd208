DROP TABLE IF EXISTS defence_meetings;
DROP TABLE IF EXISTS defence_requests;
ALTER TABLE documents DROP COLUMN IF EXISTS person_id;
ALTER TABLE users DROP COLUMN IF EXISTS licence_verified_at;
ALTER TABLE users DROP COLUMN IF EXISTS licence_verified_by;
ALTER TABLE users DROP COLUMN IF EXISTS licence_no;
