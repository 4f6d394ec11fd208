-- Issue 13: a process step records its Idempotency-Key in its statement of writes, without an answer
-- (processes/act.ts): the view is read after COMMIT, so the row locks the step holds (the 文号 counter
-- of a busy agency) are released at its writes' COMMIT. A retry under a key without an answer is
-- answered with the instance as it is when the retry comes. Keys of other actions keep their answer.
ALTER TABLE idempotency_keys ALTER COLUMN response DROP NOT NULL;
