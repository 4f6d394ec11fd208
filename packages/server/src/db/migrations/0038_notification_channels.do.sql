-- Notifications beyond the 站内信 (issue 16): what each user wants to reach them (per kind and
-- channel), one delivery record per notification, user and channel (an outbox: SMS and e-mail
-- rows are written in the notifying transaction and sent after commit by a sweep that several
-- nodes may run: FOR UPDATE SKIP LOCKED), and the 临期 reminder mark on statutory timers.

-- a missing row means the default: 站内信 on, SMS and e-mail off
CREATE TABLE IF NOT EXISTS notification_preferences (
  user_id    uuid NOT NULL REFERENCES users(id),
  kind       text NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('inbox', 'sms', 'email')),
  enabled    boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, channel)
);

-- where SMS and e-mail go (the user's own contact details)
ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;

CREATE TABLE IF NOT EXISTS notification_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL REFERENCES notifications(id),
  user_id         uuid NOT NULL REFERENCES users(id),
  channel         text NOT NULL CHECK (channel IN ('inbox', 'sms', 'email')),
  -- pending → sent | failed (after the last attempt); inbox rows are delivered when written
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'sent', 'failed')),
  address         text,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  provider_ref    text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (notification_id, user_id, channel)
);
CREATE INDEX IF NOT EXISTS notification_deliveries_pending ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS notification_deliveries_user ON notification_deliveries (user_id, created_at DESC);

-- 临期 reminder sent (once per timer; a restarted or extended period is a new row or clears it)
ALTER TABLE process_timers ADD COLUMN IF NOT EXISTS warn_notified_at timestamptz;
CREATE INDEX IF NOT EXISTS process_timers_warn_pending ON process_timers (due) WHERE status = 'running' AND warn_notified_at IS NULL;

-- 待办 站内信: a sweep turns each new 待办 into a notice for its agency (off the write path);
-- what was open before this migration counts as already notified
ALTER TABLE inbox_items ADD COLUMN IF NOT EXISTS notified_at timestamptz;
UPDATE inbox_items SET notified_at = now() WHERE notified_at IS NULL;
CREATE INDEX IF NOT EXISTS inbox_items_to_notify ON inbox_items (created_at) WHERE notified_at IS NULL AND done_at IS NULL;
