-- issue 11, 等保 2.0 level 3 (GB/T 22239-2019 §8.1.4).
-- Password expiry: when each password was last set (existing accounts: from now on).
ALTER TABLE users ADD COLUMN IF NOT EXISTS password_changed_at timestamptz NOT NULL DEFAULT now();

-- 密级 labels (公开/内部/秘密/机密/绝密); the platform's highest accepted level is configuration.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS classification text NOT NULL DEFAULT 'internal'
  CHECK (classification IN ('public', 'internal', 'secret', 'confidential', 'top_secret'));
ALTER TABLE documents ADD COLUMN IF NOT EXISTS classification text NOT NULL DEFAULT 'internal'
  CHECK (classification IN ('public', 'internal', 'secret', 'confidential', 'top_secret'));

-- Key rotation (`xietong keys rotate`): the end of a document-signing key's validity is its own
-- row and ledger entry; the publication row and its entry stay as they were committed.
CREATE TABLE IF NOT EXISTS document_signing_key_retirements (
  key_id      text PRIMARY KEY REFERENCES document_signing_keys(key_id),
  valid_to    timestamptz NOT NULL,
  successor   text NOT NULL REFERENCES document_signing_keys(key_id)
);
