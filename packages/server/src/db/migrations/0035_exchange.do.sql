-- Exchange API (issue 16): agency systems (系统账户 with an API key and a registered SM2 key),
-- the outbox of messages addressed to them, and signed receipts (回执).

CREATE TABLE exchange_systems (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the system acts as this user of its agency: the same gate, engine, audit and ledger as a person
  user_id         uuid NOT NULL UNIQUE REFERENCES users(id),
  agency_id       uuid NOT NULL REFERENCES agencies(id),
  name            text NOT NULL,
  api_key_hash    bytea NOT NULL UNIQUE,
  public_key_pem  text NOT NULL,
  key_id          text NOT NULL,
  webhook_url     text,
  -- an administrator pauses delivery to a receiver (maintenance, misbehaving endpoint); the feed still serves
  webhook_paused  boolean NOT NULL DEFAULT false,
  disabled        boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_systems_agency ON exchange_systems (agency_id) WHERE NOT disabled;

-- One row per (message, receiving system). seq is the feed cursor and the per-case delivery order.
CREATE TABLE exchange_outbox (
  seq             bigserial PRIMARY KEY,
  system_id       uuid NOT NULL REFERENCES exchange_systems(id),
  event_id        bigint NOT NULL REFERENCES process_events(id),
  case_id         uuid NOT NULL,
  instance_id     uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  delivered_at    timestamptz,
  UNIQUE (system_id, event_id)
);
CREATE INDEX exchange_outbox_feed ON exchange_outbox (system_id, seq);
CREATE INDEX exchange_outbox_pending ON exchange_outbox (next_attempt_at, seq) WHERE delivered_at IS NULL;
CREATE INDEX exchange_outbox_case ON exchange_outbox (system_id, case_id, seq) WHERE delivered_at IS NULL;

-- 回执: inbound = the platform's receipt for an action an agency system pushed (signed by the
-- platform key); outbound = a receiving system's receipt for a message delivered to it (signed
-- by that system's registered key). Each is entered in the ledger.
CREATE TABLE exchange_receipts (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  direction       text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  system_id       uuid NOT NULL REFERENCES exchange_systems(id),
  message_id      text NOT NULL,
  outbox_seq      bigint REFERENCES exchange_outbox(seq),
  event_id        bigint REFERENCES process_events(id),
  status          text NOT NULL CHECK (status IN ('received', 'accepted', 'rejected')),
  reason          text,
  signed_text     text NOT NULL,
  signature       bytea NOT NULL,
  signer_key_id   text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exchange_receipts_inbound ON exchange_receipts (system_id, message_id) WHERE direction = 'inbound';
CREATE UNIQUE INDEX exchange_receipts_outbound ON exchange_receipts (outbox_seq, status) WHERE direction = 'outbound';
CREATE INDEX exchange_receipts_event ON exchange_receipts (event_id);

-- The outbox is written by the transaction that writes the event, at its commit (deferred), when
-- the case's parties are final (a receiver joins when the flow leaves the sender's draft; a draft
-- is never sent). No round trip for the server: the hook costs the write path nothing but this.
-- The transaction-scoped advisory lock makes seq order commit order, so a feed reader that has
-- passed seq N never finds a later commit below N.
CREATE FUNCTION exchange_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM exchange_systems WHERE NOT disabled) THEN RETURN NULL; END IF;
  IF EXISTS (
    SELECT 1 FROM process_instances i JOIN exchange_systems s ON NOT s.disabled
      AND s.agency_id IN (i.initiator_agency_id, i.receiver_agency_id, i.superior_agency_id)
    WHERE i.id = NEW.instance_id AND s.agency_id <> NEW.actor_agency_id
  ) THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('exchange_outbox', 0));
    INSERT INTO exchange_outbox (system_id, event_id, case_id, instance_id)
    SELECT s.id, NEW.id, NEW.case_id, NEW.instance_id
    FROM process_instances i JOIN exchange_systems s ON NOT s.disabled
      AND s.agency_id IN (i.initiator_agency_id, i.receiver_agency_id, i.superior_agency_id)
    WHERE i.id = NEW.instance_id AND s.agency_id <> NEW.actor_agency_id
      AND EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = NEW.case_id AND p.agency_id = s.agency_id)
    ORDER BY s.id
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER exchange_outbox_enqueue AFTER INSERT ON process_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exchange_outbox_enqueue();
