DROP FUNCTION IF EXISTS xt_expect_rows(bigint, int, text);
