DROP TRIGGER IF EXISTS case_charges_rollup_ins ON case_charges;
DROP TRIGGER IF EXISTS case_charges_rollup_del ON case_charges;
DROP TRIGGER IF EXISTS case_parties_rollup_ins ON case_parties;
DROP TRIGGER IF EXISTS case_parties_rollup_del ON case_parties;
DROP FUNCTION IF EXISTS case_charges_rollup();
DROP FUNCTION IF EXISTS case_parties_rollup();
DROP FUNCTION IF EXISTS rebuild_charge_rollup();
DROP TABLE IF EXISTS case_charge_daily;
