-- issue 11: the agencies' document-signing public keys are published (GET /api/ledger/keys) with
-- their validity, and each publication is a ledger entry (kind 'key'): a verifier no longer has to
-- take the key from the very signature record it checks.
CREATE TABLE IF NOT EXISTS document_signing_keys (
  key_id          text PRIMARY KEY,             -- as in document_signatures.key_id
  agency_id       uuid NOT NULL REFERENCES agencies(id),
  public_key_pem  text NOT NULL,
  valid_from      timestamptz NOT NULL DEFAULT clock_timestamp(),
  valid_to        timestamptz
);
CREATE INDEX IF NOT EXISTS document_signing_keys_agency ON document_signing_keys (agency_id);
