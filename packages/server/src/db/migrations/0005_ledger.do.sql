-- Tamper-evident ledger (区块链存证): an RFC 9162 Merkle log over canonical entries that
-- record every audit row, process event, document version and key change. Entries are
-- written in the same transaction as the change they record; a batched integrator later
-- gives them consecutive leaf indexes and stores every perfect subtree hash.

-- One row: the log's hash (fixed at genesis: SM3 default, SHA-256 selectable), its origin
-- (checkpoint first line and log key name) and the integrated size.
CREATE TABLE IF NOT EXISTS ledger_meta (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  hash_alg    text NOT NULL CHECK (hash_alg IN ('sm3', 'sha256')),
  origin      text NOT NULL,
  tree_size   bigint NOT NULL DEFAULT 0 CHECK (tree_size >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ledger_entries (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('event', 'document', 'audit', 'key', 'audit-digest')),
  ref_table   text NOT NULL,
  ref_id      text NOT NULL,
  entry       bytea NOT NULL,                 -- canonical encodeEntry bytes (the leaf data)
  leaf_hash   bytea NOT NULL CHECK (length(leaf_hash) = 32),
  leaf_index  bigint UNIQUE CHECK (leaf_index >= 0),  -- NULL until integrated
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS ledger_entries_ref ON ledger_entries (ref_table, ref_id);
CREATE INDEX IF NOT EXISTS ledger_entries_pending ON ledger_entries (id) WHERE leaf_index IS NULL;

-- Every perfect subtree: (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
CREATE TABLE IF NOT EXISTS ledger_nodes (
  level  smallint NOT NULL CHECK (level >= 0 AND level < 64),
  idx    bigint NOT NULL CHECK (idx >= 0),
  hash   bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);

-- Public keys: the platform (log) key and one witness key per agency. The private keys stay
-- in <dataDir>/keys (or an HSM behind the TSigner port); every key change is also a ledger entry.
CREATE TABLE IF NOT EXISTS ledger_keys (
  key_id          text PRIMARY KEY,           -- hex SHA-256 of the SPKI DER
  owner           text NOT NULL,              -- 'platform' or the agency uuid
  agency_id       uuid REFERENCES agencies(id),
  alg             text NOT NULL CHECK (alg IN ('sm2', 'ed25519')),
  note_name       text NOT NULL,
  vkey            text NOT NULL,              -- C2SP verifier key (note or cosignature type)
  public_key_pem  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  rotated_at      timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS ledger_keys_current ON ledger_keys (owner) WHERE rotated_at IS NULL;

CREATE TABLE IF NOT EXISTS ledger_checkpoints (
  id         bigserial PRIMARY KEY,
  size       bigint NOT NULL CHECK (size >= 0),
  root       bytea NOT NULL CHECK (length(root) = 32),
  note       text NOT NULL,                   -- the signed note as signed by the log key
  key_id     text NOT NULL REFERENCES ledger_keys(key_id),
  signed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS ledger_checkpoints_size ON ledger_checkpoints (size DESC, id DESC);

CREATE TABLE IF NOT EXISTS ledger_cosignatures (
  checkpoint_id  bigint NOT NULL REFERENCES ledger_checkpoints(id),
  agency_id      uuid NOT NULL REFERENCES agencies(id),
  key_id         text NOT NULL REFERENCES ledger_keys(key_id),
  line           text NOT NULL,               -- "— <name> base64(keyID || timestamp || sig)"
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (checkpoint_id, agency_id)
);

-- What each server-side agency witness last cosigned (compare-and-swap on update).
CREATE TABLE IF NOT EXISTS ledger_witness_state (
  agency_id   uuid PRIMARY KEY REFERENCES agencies(id),
  origin      text NOT NULL,
  size        bigint NOT NULL,
  root        bytea NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A checkpoint a witness would not cosign (rewritten history, bad signature, rollback).
CREATE TABLE IF NOT EXISTS ledger_witness_refusals (
  id             bigserial PRIMARY KEY,
  agency_id      uuid REFERENCES agencies(id),
  witness        text NOT NULL,               -- agency name, or the CLI witness's key name
  checkpoint_id  bigint REFERENCES ledger_checkpoints(id),
  note           text NOT NULL,
  code           text NOT NULL,
  detail         text NOT NULL,
  at             timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Append-only, like the audit trail: entries may only receive their leaf index once;
-- nodes, checkpoints, cosignatures and refusals never change.
CREATE OR REPLACE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (存证只可追加): % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- The integrator's one permitted update: NULL leaf_index -> its leaf, nothing else.
CREATE OR REPLACE FUNCTION refuse_ledger_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.leaf_index IS NULL AND NEW.leaf_index IS NOT NULL
     AND (NEW.id, NEW.kind, NEW.ref_table, NEW.ref_id, NEW.entry, NEW.leaf_hash, NEW.created_at)
       IS NOT DISTINCT FROM (OLD.id, OLD.kind, OLD.ref_table, OLD.ref_id, OLD.entry, OLD.leaf_hash, OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger_entries is append-only (存证只可追加): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS ledger_entries_no_change ON ledger_entries;
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_entry_change();
DROP TRIGGER IF EXISTS ledger_nodes_no_change ON ledger_nodes;
CREATE TRIGGER ledger_nodes_no_change BEFORE UPDATE OR DELETE ON ledger_nodes
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
DROP TRIGGER IF EXISTS ledger_checkpoints_no_change ON ledger_checkpoints;
CREATE TRIGGER ledger_checkpoints_no_change BEFORE UPDATE OR DELETE ON ledger_checkpoints
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
DROP TRIGGER IF EXISTS ledger_cosignatures_no_change ON ledger_cosignatures;
CREATE TRIGGER ledger_cosignatures_no_change BEFORE UPDATE OR DELETE ON ledger_cosignatures
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
DROP TRIGGER IF EXISTS ledger_refusals_no_change ON ledger_witness_refusals;
CREATE TRIGGER ledger_refusals_no_change BEFORE UPDATE OR DELETE ON ledger_witness_refusals
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
