-- Issue 13: every process step updates its case row (stage, updated_at). The case search's GIN
-- indexes (0003 trigrams, 0043 grams + scope keys) were on `cases`, so each such update — never
-- HOT, updated_at is indexed — evaluated case_search_keys() over the case's text and inserted all
-- its grams and trigrams into both GIN indexes again: ~1.6 ms of PostgreSQL's ~7.6 ms per step
-- (measured by dropping the two indexes). The searchable text and the scope keys now live in
-- `case_search`, one row per case, changed only when the text or the parties change (a 受案号
-- issued, an agency joining). `cases.search_text` stays the text's source (written where the
-- case is); triggers copy it. The trigram index is not kept: no query used it (the 待办 filter is
-- driven by the agency's own items; the case search by the keys index).
-- the foreign key is added after the backfill below (checked by one query, not by a row lock per case)
CREATE TABLE IF NOT EXISTS case_search (
  case_id uuid PRIMARY KEY,
  search_text text NOT NULL DEFAULT '',
  party_keys text[] NOT NULL DEFAULT '{}'
);

-- a case's text, copied when the case is written (an upsert: the order of the statement triggers
-- of one statement writing cases and case_parties does not matter)
CREATE OR REPLACE FUNCTION cases_search_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_search AS s (case_id, search_text) SELECT n.id, n.search_text FROM new_cases n
  ON CONFLICT (case_id) DO UPDATE SET search_text = EXCLUDED.search_text WHERE s.search_text IS DISTINCT FROM EXCLUDED.search_text;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS cases_search_ins ON cases;
CREATE TRIGGER cases_search_ins AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION cases_search_ins();

CREATE OR REPLACE FUNCTION cases_search_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_search AS s (case_id, search_text) VALUES (NEW.id, NEW.search_text)
  ON CONFLICT (case_id) DO UPDATE SET search_text = EXCLUDED.search_text;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS cases_search_upd ON cases;
-- fires only for an UPDATE that names search_text and changes it (a step's usual update names neither)
CREATE TRIGGER cases_search_upd AFTER UPDATE OF search_text ON cases
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) EXECUTE FUNCTION cases_search_upd();

-- the scope keys of some cases from their parties (sorted, distinct), as 0043, into case_search.
-- The case rows are locked first, as 0043's UPDATE of cases did: every writer of a case's search
-- row then holds its case row (a step holds it from its first statement), so a step and a
-- meeting booking adding a party to one case cannot deadlock, and the keys are computed from the
-- parties as they are once the lock is held (each statement of the function sees a new snapshot).
CREATE OR REPLACE FUNCTION refresh_case_party_keys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  SELECT 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO case_search AS s (case_id, search_text, party_keys)
  SELECT c.id, c.search_text,
         coalesce((SELECT array_agg(DISTINCT v.k ORDER BY v.k) FROM case_parties p JOIN agencies a ON a.id = p.agency_id
                     CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
                    WHERE p.case_id = c.id), '{}')
    FROM cases c WHERE c.id = ANY(ids)
  ON CONFLICT (case_id) DO UPDATE SET party_keys = EXCLUDED.party_keys WHERE s.party_keys IS DISTINCT FROM EXCLUDED.party_keys
$$;

-- every case's row and keys (bulk loads that ran with triggers off): one pass, cases hash-joined
-- with their parties' keys (a second pass updating a table just filled, without statistics,
-- was planned as a nested loop: minutes at a million cases)
CREATE OR REPLACE FUNCTION rebuild_case_search() RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_search AS s (case_id, search_text, party_keys)
  SELECT c.id, c.search_text, coalesce(k.keys, '{}') FROM cases c
    LEFT JOIN (SELECT p.case_id, array_agg(DISTINCT v.k ORDER BY v.k) AS keys FROM case_parties p JOIN agencies a ON a.id = p.agency_id
                 CROSS JOIN LATERAL (VALUES ('a:' || a.id::text), ('r:' || left(a.region_code, 2)), ('r:' || left(a.region_code, 4)), ('r:' || left(a.region_code, 6))) v(k)
                GROUP BY p.case_id) k ON k.case_id = c.id
  ON CONFLICT (case_id) DO UPDATE SET search_text = EXCLUDED.search_text, party_keys = EXCLUDED.party_keys
   WHERE (s.search_text, s.party_keys) IS DISTINCT FROM (EXCLUDED.search_text, EXCLUDED.party_keys)
$$;
CREATE OR REPLACE FUNCTION rebuild_case_party_keys() RETURNS void LANGUAGE sql AS $$
  SELECT rebuild_case_search()
$$;

INSERT INTO case_search (case_id, search_text, party_keys) SELECT id, search_text, party_keys FROM cases ON CONFLICT (case_id) DO NOTHING;
ALTER TABLE case_search ADD CONSTRAINT case_search_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS case_search_keys ON case_search USING gin (case_search_keys(search_text, party_keys));
DROP INDEX IF EXISTS cases_search_keys;
DROP INDEX IF EXISTS cases_search_trgm;
ALTER TABLE cases DROP COLUMN IF EXISTS party_keys;
-- the index's element statistics choose between its candidates and the recency walk (0043)
ANALYZE case_search;
