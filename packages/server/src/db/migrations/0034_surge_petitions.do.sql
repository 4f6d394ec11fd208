-- Surge alerts (激增预警) and the petition register (涉法涉诉信访), issue 14.

-- The control chart's parameters are data (docs/analytics.md): one row per series kind.
CREATE TABLE IF NOT EXISTS surge_settings (
  scope             text PRIMARY KEY CHECK (scope IN ('cases', 'petitions')),
  period_days       integer NOT NULL CHECK (period_days BETWEEN 1 AND 92),
  baseline_periods  integer NOT NULL CHECK (baseline_periods BETWEEN 2 AND 104),
  guard_periods     integer NOT NULL CHECK (guard_periods BETWEEN 0 AND 12),
  k                 numeric NOT NULL CHECK (k >= 0),
  h                 numeric NOT NULL CHECK (h > 0),
  min_excess        numeric NOT NULL CHECK (min_excess >= 0),
  min_history       integer NOT NULL CHECK (min_history >= 1),
  -- the region a series is counted for: the registering agency's province, city or district
  region_level      text NOT NULL CHECK (region_level IN ('province', 'city', 'district')),
  -- periods evaluated back from the last complete one (a restarted sweep catches up this far)
  lookback_periods  integer NOT NULL DEFAULT 2 CHECK (lookback_periods BETWEEN 1 AND 12),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO surge_settings (scope, period_days, baseline_periods, guard_periods, k, h, min_excess, min_history, region_level, lookback_periods) VALUES
  ('cases', 7, 12, 1, 0.75, 4.5, 3, 4, 'city', 2),
  ('petitions', 7, 8, 1, 0.75, 4.5, 2, 4, 'city', 2)
ON CONFLICT (scope) DO NOTHING;

-- Alert rules: which agency hears about which charge in which region ('' = any region,
-- charge NULL = any charge), e.g. 危险驾驶 in 2201 → 长春市公安局交通警察支队.
CREATE TABLE IF NOT EXISTS alert_rules (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  charge_code    text,
  region_prefix  text NOT NULL DEFAULT '',
  agency_id      uuid NOT NULL REFERENCES agencies(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (charge_code, region_prefix, agency_id)
);

CREATE TABLE IF NOT EXISTS surge_alerts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scope         text NOT NULL CHECK (scope IN ('cases', 'petitions')),
  charge_code   text NOT NULL,
  region_code   text NOT NULL,
  period_from   date NOT NULL,
  period_to     date NOT NULL,
  observed      integer NOT NULL,
  expected      numeric NOT NULL,
  -- [{from, observed, expected}] up to the alert period, for the chart
  series        jsonb NOT NULL,
  method        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope, charge_code, region_code, period_from)
);
CREATE INDEX IF NOT EXISTS surge_alerts_region ON surge_alerts (region_code, period_from DESC);

CREATE TABLE IF NOT EXISTS surge_alert_recipients (
  alert_id   uuid NOT NULL REFERENCES surge_alerts(id),
  agency_id  uuid NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (alert_id, agency_id)
);
CREATE INDEX IF NOT EXISTS surge_alert_recipients_agency ON surge_alert_recipients (agency_id);

CREATE TABLE IF NOT EXISTS petitions (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  petitioner          text NOT NULL,
  received_on         date NOT NULL,
  channel             text NOT NULL CHECK (channel IN ('visit', 'letter', 'online', 'phone')),
  subject             text NOT NULL CHECK (subject IN ('decision', 'delay', 'property', 'misconduct', 'other')),
  summary             text NOT NULL DEFAULT '',
  case_id             uuid REFERENCES cases(id),
  charge_code         text,
  status              text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'handling', 'answered', 'closed')),
  handling_agency_id  uuid NOT NULL REFERENCES agencies(id),
  created_by          uuid REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS petitions_agency ON petitions (handling_agency_id, received_on DESC);
CREATE INDEX IF NOT EXISTS petitions_received ON petitions (received_on);
