-- Holiday calendar overrides (节假日/调休): each year's State Council notice and corrections,
-- merged over the bundled official calendar. `covers_year` marks a year as fully entered.
CREATE TABLE IF NOT EXISTS calendar_overrides (
  date         date PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  note         text NOT NULL DEFAULT '',
  covers_year  boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now()
);
