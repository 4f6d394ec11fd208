-- the trigger functions as 0043 and 0021 left them
CREATE OR REPLACE FUNCTION case_parties_keys_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_case_party_keys(ARRAY(SELECT DISTINCT case_id FROM new_parties));
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_parties_keys_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_case_party_keys(ARRAY(SELECT DISTINCT case_id FROM old_parties));
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_parties_keys_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_case_party_keys(ARRAY(SELECT case_id FROM new_parties UNION SELECT case_id FROM old_parties));
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_parties_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  PERFORM 1 FROM cases c WHERE c.id IN (SELECT case_id FROM changed_parties) ORDER BY c.id FOR NO KEY UPDATE;
  INSERT INTO case_charge_daily AS d (agency_id, role, day, charge_code, shard, n)
  SELECT p.agency_id, 'party', (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, ch.charge_code, pg_backend_pid() % 8, delta * count(*)
    FROM changed_parties p JOIN cases c ON c.id = p.case_id JOIN case_charges ch ON ch.case_id = p.case_id
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (agency_id, role, day, charge_code, shard) DO UPDATE SET n = d.n + EXCLUDED.n;
  RETURN NULL;
END $$;
