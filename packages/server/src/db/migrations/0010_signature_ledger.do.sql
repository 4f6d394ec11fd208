-- issue 11: document signature records are ledger entries (kind 'signature'), so a rewritten
-- document_signatures row (another signer agency, another key) is found by `xietong verify`.
ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('event', 'document', 'audit', 'key', 'audit-digest', 'signature'));
