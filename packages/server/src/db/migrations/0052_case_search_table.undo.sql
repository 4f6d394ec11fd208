-- back to the search columns and indexes on cases (0043)
ALTER TABLE cases ADD COLUMN IF NOT EXISTS party_keys text[] NOT NULL DEFAULT '{}';
UPDATE cases c SET party_keys = s.party_keys FROM case_search s WHERE s.case_id = c.id;
CREATE OR REPLACE FUNCTION refresh_case_party_keys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE cases c SET party_keys = k.keys
    FROM (SELECT x.id, coalesce((SELECT array_agg(DISTINCT v.k ORDER BY v.k) FROM case_parties p JOIN agencies a ON a.id = p.agency_id
                  CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
                 WHERE p.case_id = x.id), '{}') AS keys
            FROM unnest(ids) x(id)) k
   WHERE c.id = k.id AND c.party_keys IS DISTINCT FROM k.keys
$$;
CREATE OR REPLACE FUNCTION rebuild_case_party_keys() RETURNS void LANGUAGE sql AS $$
  UPDATE cases c SET party_keys = k.keys
    FROM (SELECT p.case_id, array_agg(DISTINCT v.k ORDER BY v.k) AS keys FROM case_parties p JOIN agencies a ON a.id = p.agency_id
            CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
           GROUP BY p.case_id) k
   WHERE c.id = k.case_id AND c.party_keys IS DISTINCT FROM k.keys
$$;
DROP TRIGGER IF EXISTS cases_search_ins ON cases;
DROP TRIGGER IF EXISTS cases_search_upd ON cases;
DROP FUNCTION IF EXISTS cases_search_ins();
DROP FUNCTION IF EXISTS cases_search_upd();
DROP FUNCTION IF EXISTS rebuild_case_search();
DROP TABLE IF EXISTS case_search;
CREATE INDEX IF NOT EXISTS cases_search_trgm ON cases USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS cases_search_keys ON cases USING gin (case_search_keys(search_text, party_keys));
