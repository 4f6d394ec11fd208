-- Issue 13: a search for a charge's common name (醉驾, 盗窃 …) also finds the cases charged with it
-- (core chargeCodesForTerm). That half of the search was an EXISTS over case_charges beside the
-- text match, which no index could answer within the caller's scope: at a million cases the
-- planner walked the recency index over the whole province (醉驾 for a district procuratorate:
-- 3.5 s). Each case's search row now also carries its charges as keys ('c:<charge code>'), kept
-- by triggers on case_charges, and a small GIN index over the scope and charge keys (no grams:
-- checking a row against it is an array test, not a recomputation of the text's grams) answers
-- "醉驾 in my agency's cases" as the intersection of two posting lists, like a name.
ALTER TABLE case_search ADD COLUMN IF NOT EXISTS charge_keys text[] NOT NULL DEFAULT '{}';

-- the charge keys of some cases (sorted, distinct); the case rows locked first, as every writer
-- of a search row does (0052)
CREATE OR REPLACE FUNCTION refresh_case_charge_keys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  SELECT 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO case_search AS s (case_id, search_text, charge_keys)
  SELECT c.id, c.search_text,
         coalesce((SELECT array_agg(DISTINCT 'c:' || ch.charge_code ORDER BY 'c:' || ch.charge_code) FROM case_charges ch WHERE ch.case_id = c.id), '{}')
    FROM cases c WHERE c.id = ANY(ids)
  ON CONFLICT (case_id) DO UPDATE SET charge_keys = EXCLUDED.charge_keys WHERE s.charge_keys IS DISTINCT FROM EXCLUDED.charge_keys
$$;

CREATE OR REPLACE FUNCTION case_charges_keys_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_charges) THEN
    PERFORM refresh_case_charge_keys(ARRAY(SELECT DISTINCT case_id FROM new_charges));
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_charges_keys_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_charges) THEN
    PERFORM refresh_case_charge_keys(ARRAY(SELECT DISTINCT case_id FROM old_charges));
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION case_charges_keys_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_charges) THEN
    PERFORM refresh_case_charge_keys(ARRAY(SELECT case_id FROM new_charges UNION SELECT case_id FROM old_charges));
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_charges_keys_ins ON case_charges;
CREATE TRIGGER case_charges_keys_ins AFTER INSERT ON case_charges
  REFERENCING NEW TABLE AS new_charges FOR EACH STATEMENT EXECUTE FUNCTION case_charges_keys_ins();
DROP TRIGGER IF EXISTS case_charges_keys_del ON case_charges;
CREATE TRIGGER case_charges_keys_del AFTER DELETE ON case_charges
  REFERENCING OLD TABLE AS old_charges FOR EACH STATEMENT EXECUTE FUNCTION case_charges_keys_del();
DROP TRIGGER IF EXISTS case_charges_keys_upd ON case_charges;
CREATE TRIGGER case_charges_keys_upd AFTER UPDATE ON case_charges
  REFERENCING NEW TABLE AS new_charges OLD TABLE AS old_charges FOR EACH STATEMENT EXECUTE FUNCTION case_charges_keys_upd();

-- every case's row, scope keys and charge keys in one pass (bulk loads that ran with triggers off)
CREATE OR REPLACE FUNCTION rebuild_case_search() RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_search AS s (case_id, search_text, party_keys, charge_keys)
  SELECT c.id, c.search_text, coalesce(k.keys, '{}'), coalesce(ck.keys, '{}') FROM cases c
    LEFT JOIN (SELECT p.case_id, array_agg(DISTINCT v.k ORDER BY v.k) AS keys FROM case_parties p JOIN agencies a ON a.id = p.agency_id
                 CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
                GROUP BY p.case_id) k ON k.case_id = c.id
    LEFT JOIN (SELECT ch.case_id, array_agg(DISTINCT 'c:' || ch.charge_code ORDER BY 'c:' || ch.charge_code) AS keys FROM case_charges ch GROUP BY ch.case_id) ck ON ck.case_id = c.id
  ON CONFLICT (case_id) DO UPDATE SET search_text = EXCLUDED.search_text, party_keys = EXCLUDED.party_keys, charge_keys = EXCLUDED.charge_keys
   WHERE (s.search_text, s.party_keys, s.charge_keys) IS DISTINCT FROM (EXCLUDED.search_text, EXCLUDED.party_keys, EXCLUDED.charge_keys)
$$;

UPDATE case_search s SET charge_keys = ck.keys
  FROM (SELECT ch.case_id, array_agg(DISTINCT 'c:' || ch.charge_code ORDER BY 'c:' || ch.charge_code) AS keys FROM case_charges ch GROUP BY ch.case_id) ck
 WHERE ck.case_id = s.case_id AND s.charge_keys IS DISTINCT FROM ck.keys;
CREATE INDEX IF NOT EXISTS case_search_scope_charges ON case_search USING gin ((party_keys || charge_keys));
ANALYZE case_search;
