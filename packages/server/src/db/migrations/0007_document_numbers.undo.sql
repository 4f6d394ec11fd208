DROP INDEX IF EXISTS process_documents_number;
DROP INDEX IF EXISTS process_documents_document;
ALTER TABLE process_documents DROP COLUMN IF EXISTS document_id;
UPDATE process_documents SET number = legacy_number WHERE legacy_number IS NOT NULL;
ALTER TABLE process_documents DROP COLUMN IF EXISTS legacy_number;
ALTER TABLE agencies DROP COLUMN IF EXISTS document_number_org;
DROP TABLE IF EXISTS document_words;
