-- A write of a transition's one statement of writes (db/write-batch.ts) that must touch an exact
-- number of rows is checked inside the statement: the statement can then carry its COMMIT in the
-- same round trip (db/database.ts commitAfter), and a lost race still commits nothing.
CREATE OR REPLACE FUNCTION xt_expect_rows(actual bigint, expected int, what text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  IF actual IS DISTINCT FROM expected THEN
    RAISE EXCEPTION 'write batch: % touched % rows, expected %', what, actual, expected USING ERRCODE = 'XT409';
  END IF;
  RETURN actual;
END $$;
