-- Issue 13 (found in review): person_measures had no index leading with case_id, yet every step
-- reads a case's measures by it (facts.ts: is a person held; custody/apply-custody-effects.ts: the
-- open measures; documents/case-data.ts: the arrest date; timers.ts; the case card). Each was a
-- sequential scan of the province's measures: invisible on the demo and the reads bench (whose
-- synthetic cases carry no measures), linear in the table at a million cases.
CREATE INDEX IF NOT EXISTS person_measures_case ON person_measures (case_id);
