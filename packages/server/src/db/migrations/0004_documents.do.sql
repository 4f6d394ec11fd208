-- Electronic case files (电子卷宗) and legal documents (法律文书). Content lives in the
-- content-addressed blob store; rows hold hashes. Nothing is deleted or overwritten: a new
-- version supersedes the current one with a reason, and every version stays retrievable.
CREATE TABLE IF NOT EXISTS documents (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id             uuid NOT NULL REFERENCES cases(id),
  agency_id           uuid NOT NULL REFERENCES agencies(id),
  volume              text NOT NULL,
  doc_type            text NOT NULL,
  title               text NOT NULL,
  origin              text NOT NULL CHECK (origin IN ('upload', 'generated', 'record')),
  number              text,
  current_version_id  uuid,
  version_count       integer NOT NULL DEFAULT 0,
  created_by          uuid NOT NULL REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS documents_case ON documents (case_id, agency_id, volume);
CREATE UNIQUE INDEX IF NOT EXISTS documents_number ON documents (agency_id, number) WHERE number IS NOT NULL;

CREATE TABLE IF NOT EXISTS document_versions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id       uuid NOT NULL REFERENCES documents(id),
  case_id           uuid NOT NULL REFERENCES cases(id),
  version           integer NOT NULL,
  sha256            char(64) NOT NULL,
  sm3               char(64) NOT NULL,
  size              bigint NOT NULL,
  media_type        text NOT NULL,
  file_name         text,
  page_count        integer,
  supersede_reason  text,
  uploaded_by       uuid NOT NULL REFERENCES users(id),
  uploaded_by_name  text NOT NULL,
  uploaded_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (document_id, version),
  CHECK (version = 1 OR supersede_reason IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS document_versions_case ON document_versions (case_id);
CREATE INDEX IF NOT EXISTS document_versions_sm3 ON document_versions (sm3);

DO $$ BEGIN
  ALTER TABLE documents ADD CONSTRAINT documents_current_version_fk FOREIGN KEY (current_version_id) REFERENCES document_versions(id);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE OR REPLACE FUNCTION refuse_document_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'document_versions is append-only (文件版本只可追加): % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS document_versions_no_change ON document_versions;
CREATE TRIGGER document_versions_no_change BEFORE UPDATE OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_document_version_change();

-- Text layer of PDFs for full-text search within a case (derived data, filled after commit).
CREATE TABLE IF NOT EXISTS document_texts (
  version_id    uuid PRIMARY KEY REFERENCES document_versions(id),
  case_id       uuid NOT NULL REFERENCES cases(id),
  content       text NOT NULL,
  extracted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS document_texts_case ON document_texts (case_id);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS document_texts_trgm ON document_texts USING gin (content gin_trgm_ops);

-- Detached signatures of issued documents: SM2 (GM/T 0003, default ID) over SM3 of the exact bytes.
CREATE TABLE IF NOT EXISTS document_signatures (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id      uuid NOT NULL REFERENCES document_versions(id),
  agency_id       uuid NOT NULL REFERENCES agencies(id),
  agency_name     text NOT NULL,
  key_id          char(64) NOT NULL,
  public_key_pem  text NOT NULL,
  algorithm       text NOT NULL CHECK (algorithm = 'SM2-SM3'),
  digest_sm3      char(64) NOT NULL,
  signature       bytea NOT NULL,
  signed_by       uuid NOT NULL REFERENCES users(id),
  signed_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS document_signatures_digest ON document_signatures (digest_sm3);
CREATE INDEX IF NOT EXISTS document_signatures_version ON document_signatures (version_id);

-- 证据指引: documents tagged to checklist items (with values read from them, e.g. BAC).
CREATE TABLE IF NOT EXISTS document_evidence_tags (
  document_id  uuid NOT NULL REFERENCES documents(id),
  case_id      uuid NOT NULL REFERENCES cases(id),
  item_id      text NOT NULL,
  values       jsonb NOT NULL DEFAULT '{}'::jsonb,
  tagged_by    uuid NOT NULL REFERENCES users(id),
  tagged_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, item_id)
);
CREATE INDEX IF NOT EXISTS document_evidence_tags_case ON document_evidence_tags (case_id);

-- 讯问/询问笔录 confirmed in the system: draft content, then the person's signature and fingerprint.
CREATE TABLE IF NOT EXISTS verbal_records (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id           uuid NOT NULL REFERENCES cases(id),
  agency_id         uuid NOT NULL REFERENCES agencies(id),
  kind              text NOT NULL CHECK (kind IN ('interrogation', 'inquiry')),
  content           jsonb NOT NULL,
  content_sm3       char(64) NOT NULL,
  status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed')),
  signature_sha256  char(64),
  fingerprint_sha256 char(64),
  binding_sm3       char(64),
  document_id       uuid REFERENCES documents(id),
  created_by        uuid NOT NULL REFERENCES users(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  confirmed_at      timestamptz
);
CREATE INDEX IF NOT EXISTS verbal_records_case ON verbal_records (case_id);
