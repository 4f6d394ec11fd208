-- issue 18: a process timer's custody flag follows the person's measure (CPL 105 ¶2), hour periods
-- run from the exact time entered, and an approved extension lengthens the running period.
ALTER TABLE process_timers
  ADD COLUMN IF NOT EXISTS custody_rule text NOT NULL DEFAULT 'fixed' CHECK (custody_rule IN ('fixed', 'person')),
  ADD COLUMN IF NOT EXISTS parts jsonb,
  ADD COLUMN IF NOT EXISTS start_time text;
