-- Cases per charge (案件罪名统计) from a rollup (issue 13): GET /api/stats/flows counted them by
-- joining case_charges × cases × case_parties over the whole period (a scan that grows with the
-- province). Kept here per agency, role, day and charge in the writing transaction:
--   role 'creator': the agency that registered the case (supervisors' jurisdiction figures)
--   role 'party':   every agency party to the case (an agency's own figures)
-- day = the Shanghai calendar day the case was registered. `shard` spreads concurrent writers
-- (two flows of the same agency reaching a procuratorate at once) over several rows.
CREATE TABLE IF NOT EXISTS case_charge_daily (
  agency_id    uuid NOT NULL REFERENCES agencies(id),
  role         text NOT NULL CHECK (role IN ('creator', 'party')),
  day          date NOT NULL,
  charge_code  text NOT NULL,
  shard        smallint NOT NULL DEFAULT 0,
  n            integer NOT NULL,
  PRIMARY KEY (agency_id, role, day, charge_code, shard)
);
CREATE INDEX IF NOT EXISTS case_charge_daily_day ON case_charge_daily (role, day);

-- A pair (party agency, charge) of a case is counted by whichever of its two rows is written last.
-- Both triggers lock the case rows first (FOR NO KEY UPDATE, which a transition takes anyway when
-- it updates the case card), so two transactions adding a party and a charge of one case at once
-- are serialised and the second one sees the first one's row: no pair is missed or counted twice.
CREATE OR REPLACE FUNCTION case_charges_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  PERFORM 1 FROM cases c WHERE c.id IN (SELECT case_id FROM changed_charges) ORDER BY c.id FOR NO KEY UPDATE;
  INSERT INTO case_charge_daily AS d (agency_id, role, day, charge_code, shard, n)
  SELECT x.agency_id, x.role, x.day, x.charge_code, pg_backend_pid() % 8, delta * count(*) FROM (
    SELECT c.created_by_agency AS agency_id, 'creator' AS role, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, ch.charge_code
      FROM changed_charges ch JOIN cases c ON c.id = ch.case_id
    UNION ALL
    SELECT p.agency_id, 'party', (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, ch.charge_code
      FROM changed_charges ch JOIN cases c ON c.id = ch.case_id JOIN case_parties p ON p.case_id = ch.case_id) x
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (agency_id, role, day, charge_code, shard) DO UPDATE SET n = d.n + EXCLUDED.n;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_charges_rollup_ins ON case_charges;
CREATE TRIGGER case_charges_rollup_ins AFTER INSERT ON case_charges
  REFERENCING NEW TABLE AS changed_charges FOR EACH STATEMENT EXECUTE FUNCTION case_charges_rollup();
DROP TRIGGER IF EXISTS case_charges_rollup_del ON case_charges;
CREATE TRIGGER case_charges_rollup_del AFTER DELETE ON case_charges
  REFERENCING OLD TABLE AS changed_charges FOR EACH STATEMENT EXECUTE FUNCTION case_charges_rollup();

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
DROP TRIGGER IF EXISTS case_parties_rollup_ins ON case_parties;
CREATE TRIGGER case_parties_rollup_ins AFTER INSERT ON case_parties
  REFERENCING NEW TABLE AS changed_parties FOR EACH STATEMENT EXECUTE FUNCTION case_parties_rollup();
DROP TRIGGER IF EXISTS case_parties_rollup_del ON case_parties;
CREATE TRIGGER case_parties_rollup_del AFTER DELETE ON case_parties
  REFERENCING OLD TABLE AS changed_parties FOR EACH STATEMENT EXECUTE FUNCTION case_parties_rollup();

-- the whole rollup at once (this migration; bulk loads that ran with triggers off)
CREATE OR REPLACE FUNCTION rebuild_charge_rollup() RETURNS void LANGUAGE sql AS $$
  DELETE FROM case_charge_daily;
  INSERT INTO case_charge_daily (agency_id, role, day, charge_code, shard, n)
  SELECT c.created_by_agency, 'creator', (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, ch.charge_code, 0, count(*)
    FROM case_charges ch JOIN cases c ON c.id = ch.case_id GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT p.agency_id, 'party', (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, ch.charge_code, 0, count(*)
    FROM case_charges ch JOIN cases c ON c.id = ch.case_id JOIN case_parties p ON p.case_id = ch.case_id GROUP BY 1, 2, 3, 4;
$$;
SELECT rebuild_charge_rollup();
