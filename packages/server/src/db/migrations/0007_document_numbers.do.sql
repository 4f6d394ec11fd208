-- One numbering service for every 法律文书 (issue 9): 文号 <机关简称><业务字>〔year〕N号, one series
-- per agency × 字 × year (number_counters, series 'word:<字>'), the same for process-issued and
-- template-generated documents, and no number ever on two documents.

-- Per-agency overrides of the default 字 table (core dossier/document-words.ts).
CREATE TABLE IF NOT EXISTS document_words (
  agency_id  uuid NOT NULL REFERENCES agencies(id),
  doc_type   text NOT NULL,
  word       text NOT NULL CHECK (word ~ '^[一-龥]{1,6}字$'),
  PRIMARY KEY (agency_id, doc_type)
);

-- The 机关简称 printed in the agency's 文号 when its short name is not (e.g. a court's 吉0104).
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS document_number_org text;

-- Process-issued documents were numbered '<简称>〔年〕N号' in one series per document type, so
-- two documents of one agency could carry the same number. Those numbers stay readable as
-- legacy_number; number holds only numbers of the one service.
ALTER TABLE process_documents ADD COLUMN IF NOT EXISTS legacy_number text;
UPDATE process_documents SET legacy_number = number, number = NULL WHERE legacy_number IS NULL AND number IS NOT NULL;
ALTER TABLE process_documents ADD COLUMN IF NOT EXISTS document_id uuid REFERENCES documents(id);
CREATE UNIQUE INDEX IF NOT EXISTS process_documents_document ON process_documents (document_id) WHERE document_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS process_documents_number ON process_documents (agency_id, number) WHERE number IS NOT NULL;
