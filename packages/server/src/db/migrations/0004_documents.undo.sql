DROP TABLE IF EXISTS verbal_records;
DROP TABLE IF EXISTS document_evidence_tags;
DROP TABLE IF EXISTS document_signatures;
DROP TABLE IF EXISTS document_texts;
ALTER TABLE IF EXISTS documents DROP CONSTRAINT IF EXISTS documents_current_version_fk;
DROP TABLE IF EXISTS document_versions;
DROP FUNCTION IF EXISTS refuse_document_version_change();
DROP TABLE IF EXISTS documents;
