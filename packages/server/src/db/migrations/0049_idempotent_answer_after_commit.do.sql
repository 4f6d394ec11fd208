-- Issue 13: a process step records its Idempotency-Key in its statement of writes and stores the
-- answer after COMMIT (processes/act.ts), so the row locks the step holds (the 文号 counter of a busy
-- agency) are released at the statement of writes' COMMIT, not after the view is read and stored. A key
-- whose answer is not stored yet (NULL: the node stopped between COMMIT and storing it) replays the
-- instance's view as it is when the retry comes.
ALTER TABLE idempotency_keys ALTER COLUMN response DROP NOT NULL;
