-- 站内信 (in-app notifications): what reaches a user or every user of an agency — alerts, 督办,
-- deadline reminders. Written inside the transaction of the change that causes it (notify.ts),
-- so a notification exists exactly when its cause committed. Delivery to other channels
-- (SMS, e-mail) and user preferences build on this table.
CREATE TABLE IF NOT EXISTS notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the agency whose users see it; with recipient_user_id only that user
  recipient_agency_id uuid NOT NULL REFERENCES agencies(id),
  recipient_user_id uuid REFERENCES users(id),
  -- what it is about: alert | supervision | deadline | todo | petition | system …
  kind text NOT NULL,
  title_zh text NOT NULL,
  title_en text NOT NULL,
  body_zh text NOT NULL DEFAULT '',
  body_en text NOT NULL DEFAULT '',
  -- a path in the workbench to open (e.g. /cases/<id>)
  link text,
  case_id uuid REFERENCES cases(id),
  -- the row that caused it (alert id, instance id …), for de-duplication and drill-down
  source_type text,
  source_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS notifications_agency ON notifications (recipient_agency_id, created_at DESC);
CREATE INDEX IF NOT EXISTS notifications_user ON notifications (recipient_user_id, created_at DESC) WHERE recipient_user_id IS NOT NULL;
-- one notification per (source, recipient): a sweep that runs twice does not notify twice
CREATE UNIQUE INDEX IF NOT EXISTS notifications_once ON notifications (source_type, source_id, recipient_agency_id, coalesce(recipient_user_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE source_type IS NOT NULL AND source_id IS NOT NULL;

-- read marks are per user (an agency-wide notice is read by each user separately)
CREATE TABLE IF NOT EXISTS notification_reads (
  notification_id uuid NOT NULL REFERENCES notifications(id),
  user_id uuid NOT NULL REFERENCES users(id),
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, notification_id)
);
