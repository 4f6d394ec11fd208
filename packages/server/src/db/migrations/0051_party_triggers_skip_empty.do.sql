-- Issue 13: a statement trigger fires even when its statement touched no row. A step's
-- INSERT INTO case_parties … ON CONFLICT DO NOTHING for an agency already a party inserted nothing
-- but still recomputed the case's search scope keys (refresh_case_party_keys, an SQL function
-- planned at every call) and locked the case rows of the charge rollup. The step no longer sends
-- that INSERT for known parties (processes/record-transition.ts); these triggers also return at
-- once when their transition table is empty, whoever writes the statement.
CREATE OR REPLACE FUNCTION case_parties_keys_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_parties) THEN
    PERFORM refresh_case_party_keys(ARRAY(SELECT DISTINCT case_id FROM new_parties));
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_parties_keys_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_parties) THEN
    PERFORM refresh_case_party_keys(ARRAY(SELECT DISTINCT case_id FROM old_parties));
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_parties_keys_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_parties) THEN
    PERFORM refresh_case_party_keys(ARRAY(SELECT case_id FROM new_parties UNION SELECT case_id FROM old_parties));
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_parties_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed_parties) THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM cases c WHERE c.id IN (SELECT case_id FROM changed_parties) ORDER BY c.id FOR NO KEY UPDATE;
  INSERT INTO case_charge_daily AS d (agency_id, role, day, charge_code, shard, n)
  SELECT p.agency_id, 'party', (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, ch.charge_code, pg_backend_pid() % 8, delta * count(*)
    FROM changed_parties p JOIN cases c ON c.id = p.case_id JOIN case_charges ch ON ch.case_id = p.case_id
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (agency_id, role, day, charge_code, shard) DO UPDATE SET n = d.n + EXCLUDED.n;
  RETURN NULL;
END $$;
