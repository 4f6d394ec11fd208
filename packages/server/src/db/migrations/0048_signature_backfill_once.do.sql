-- The one-time logging of signature records written before migration 0010 (ledger/backfill-rows.ts)
-- runs once per database, not at every start: at every start it scanned every signature record
-- (slow at province scale), and it would have logged a record inserted behind the platform's back
-- since, laundering what `xietong verify` must report.
ALTER TABLE ledger_meta ADD COLUMN IF NOT EXISTS signatures_backfilled_at timestamptz;
