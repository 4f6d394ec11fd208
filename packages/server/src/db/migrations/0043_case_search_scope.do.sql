-- Issue 13: case search at a million cases. 0016 indexed each case's characters and character
-- pairs; a common term (张: one case in twenty) then yields tens of thousands of candidates that
-- were all fetched and checked before the caller's scope cut them to a page. Here the case row
-- also carries its scope keys: 'a:<agency id>' for every party agency and 'r:<prefix>' for the
-- 2-, 4- and 6-digit region prefixes of their region codes (the jurisdictions of caseScope), kept
-- by triggers on case_parties and agencies. One GIN index over grams + keys answers "张 in my
-- agency's cases" by intersecting two posting lists; its element statistics (most_common_elems)
-- let the planner choose per query: a term that is common within the scope walks the recency
-- index and stops after a page, a rare one takes the few index candidates and sorts them.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS party_keys text[] NOT NULL DEFAULT '{}';

-- search_grams (0016) and the keys; self-contained (built-ins only), as an index expression is
-- evaluated with a restricted search_path
CREATE OR REPLACE FUNCTION case_search_keys(t text, keys text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') || coalesce(keys, '{}') FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, length(t)) i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, length(t) - 1) i) s
  WHERE g !~ '^\s|\s$'
$$;

-- the scope keys of some cases from their parties (sorted, distinct)
CREATE OR REPLACE FUNCTION refresh_case_party_keys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE cases c SET party_keys = k.keys
    FROM (SELECT x.id, coalesce((SELECT array_agg(DISTINCT v.k ORDER BY v.k) FROM case_parties p JOIN agencies a ON a.id = p.agency_id
                  CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
                 WHERE p.case_id = x.id), '{}') AS keys
            FROM unnest(ids) x(id)) k
   WHERE c.id = k.id AND c.party_keys IS DISTINCT FROM k.keys
$$;

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
DROP TRIGGER IF EXISTS case_parties_keys_ins ON case_parties;
CREATE TRIGGER case_parties_keys_ins AFTER INSERT ON case_parties
  REFERENCING NEW TABLE AS new_parties FOR EACH STATEMENT EXECUTE FUNCTION case_parties_keys_ins();
DROP TRIGGER IF EXISTS case_parties_keys_del ON case_parties;
CREATE TRIGGER case_parties_keys_del AFTER DELETE ON case_parties
  REFERENCING OLD TABLE AS old_parties FOR EACH STATEMENT EXECUTE FUNCTION case_parties_keys_del();
DROP TRIGGER IF EXISTS case_parties_keys_upd ON case_parties;
CREATE TRIGGER case_parties_keys_upd AFTER UPDATE ON case_parties
  REFERENCING NEW TABLE AS new_parties OLD TABLE AS old_parties FOR EACH STATEMENT EXECUTE FUNCTION case_parties_keys_upd();

-- an agency moved to another region code (rare, an administrator's edit): its cases' keys follow
CREATE OR REPLACE FUNCTION agencies_region_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_case_party_keys(ARRAY(SELECT DISTINCT p.case_id FROM case_parties p
    JOIN new_agencies n ON n.id = p.agency_id JOIN old_agencies o ON o.id = n.id WHERE n.region_code IS DISTINCT FROM o.region_code));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS agencies_region_keys ON agencies;
CREATE TRIGGER agencies_region_keys AFTER UPDATE ON agencies
  REFERENCING NEW TABLE AS new_agencies OLD TABLE AS old_agencies FOR EACH STATEMENT EXECUTE FUNCTION agencies_region_keys();

-- every case's keys (this migration; bulk loads that ran with triggers off)
CREATE OR REPLACE FUNCTION rebuild_case_party_keys() RETURNS void LANGUAGE sql AS $$
  UPDATE cases c SET party_keys = k.keys
    FROM (SELECT p.case_id, array_agg(DISTINCT v.k ORDER BY v.k) AS keys FROM case_parties p JOIN agencies a ON a.id = p.agency_id
            CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
           GROUP BY p.case_id) k
   WHERE c.id = k.case_id AND c.party_keys IS DISTINCT FROM k.keys
$$;
SELECT rebuild_case_party_keys();

-- grams and keys in one index; it replaces the grams-only index of 0016
CREATE INDEX IF NOT EXISTS cases_search_keys ON cases USING gin (case_search_keys(search_text, party_keys));
DROP INDEX IF EXISTS cases_search_grams;
