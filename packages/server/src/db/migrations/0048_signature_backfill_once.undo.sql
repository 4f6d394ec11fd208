ALTER TABLE ledger_meta DROP COLUMN IF EXISTS signatures_backfilled_at;
