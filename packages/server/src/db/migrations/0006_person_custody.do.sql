-- 羁押期限 per person: the 看守所 holding a person under a custodial measure, how a measure
-- ended, and the one running custody (or 取保候审/监视居住) timer of each person, with its due
-- date and explanation on the row (extended in place by P8, replaced when the stage changes).
ALTER TABLE person_measures ADD COLUMN IF NOT EXISTS detention_centre_id uuid REFERENCES agencies(id);
ALTER TABLE person_measures ADD COLUMN IF NOT EXISTS end_reason text;
CREATE INDEX IF NOT EXISTS person_measures_centre ON person_measures (detention_centre_id) WHERE ended_at IS NULL;

CREATE TABLE IF NOT EXISTS person_custody_timers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id     uuid NOT NULL REFERENCES case_persons(id),
  case_id       uuid NOT NULL REFERENCES cases(id),
  measure_id    uuid NOT NULL REFERENCES person_measures(id),
  kind          text NOT NULL,
  zh            text NOT NULL,
  article       text NOT NULL,
  in_custody    boolean NOT NULL,
  started_on    date NOT NULL,
  due           date NOT NULL,
  due_instant   timestamptz NOT NULL,
  extensions    jsonb NOT NULL DEFAULT '[]'::jsonb,
  explanation   jsonb NOT NULL DEFAULT '[]'::jsonb,
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ended')),
  ended_at      timestamptz,
  end_reason    text,
  overdue_notified_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- a person has at most one running custody timer
CREATE UNIQUE INDEX IF NOT EXISTS person_custody_one_running ON person_custody_timers (person_id) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS person_custody_due ON person_custody_timers (due) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS person_custody_case ON person_custody_timers (case_id);
