-- back to 0052's rebuild function, without charge keys
DROP TRIGGER IF EXISTS case_charges_keys_ins ON case_charges;
DROP TRIGGER IF EXISTS case_charges_keys_del ON case_charges;
DROP TRIGGER IF EXISTS case_charges_keys_upd ON case_charges;
DROP FUNCTION IF EXISTS case_charges_keys_ins();
DROP FUNCTION IF EXISTS case_charges_keys_del();
DROP FUNCTION IF EXISTS case_charges_keys_upd();
DROP FUNCTION IF EXISTS refresh_case_charge_keys(uuid[]);
DROP INDEX IF EXISTS case_search_scope_charges;
ALTER TABLE case_search DROP COLUMN IF EXISTS charge_keys;
CREATE OR REPLACE FUNCTION rebuild_case_search() RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_search AS s (case_id, search_text, party_keys)
  SELECT c.id, c.search_text, coalesce(k.keys, '{}') FROM cases c
    LEFT JOIN (SELECT p.case_id, array_agg(DISTINCT v.k ORDER BY v.k) AS keys FROM case_parties p JOIN agencies a ON a.id = p.agency_id
                 CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
                GROUP BY p.case_id) k ON k.case_id = c.id
  ON CONFLICT (case_id) DO UPDATE SET search_text = EXCLUDED.search_text, party_keys = EXCLUDED.party_keys
   WHERE (s.search_text, s.party_keys) IS DISTINCT FROM (EXCLUDED.search_text, EXCLUDED.party_keys)
$$;
