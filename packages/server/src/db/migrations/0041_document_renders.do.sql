-- 法律文书 a process step issues (issue 13, the lean write path): the step's transaction numbers the
-- document (文号 from the counter in its one statement of writes, the last thing before COMMIT) and
-- stores what the document says; its PDF is rendered, stored and signed AFTER commit from this row,
-- so no rendering or signing happens while the instance row or the 文号 counter row is locked.
-- A crash between COMMIT and the render leaves the row pending: the next fetch of the document or
-- the minute sweep renders it (documents/render-issued-documents.ts).
CREATE TABLE IF NOT EXISTS document_renders (
  document_id  uuid PRIMARY KEY REFERENCES documents(id),
  case_id      uuid NOT NULL REFERENCES cases(id),
  -- the filled template, date line and issuing agency as issued: everything the PDF shows but the 文号 (documents.number)
  content      jsonb NOT NULL,
  -- the issuing user as the audit rows of the render name them (not whoever triggers a late render)
  issued_by    jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  version_id   uuid REFERENCES document_versions(id),
  rendered_at  timestamptz
);
CREATE INDEX IF NOT EXISTS document_renders_pending ON document_renders (created_at) WHERE rendered_at IS NULL;
