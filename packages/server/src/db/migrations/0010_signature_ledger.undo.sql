-- Entries are never deleted: signature entries already written stay, so the old check returns NOT VALID.
ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
  CHECK (kind IN ('event', 'document', 'audit', 'key', 'audit-digest')) NOT VALID;
