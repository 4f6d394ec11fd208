UPDATE idempotency_keys SET response = 'null'::jsonb WHERE response IS NULL;
ALTER TABLE idempotency_keys ALTER COLUMN response SET NOT NULL;
