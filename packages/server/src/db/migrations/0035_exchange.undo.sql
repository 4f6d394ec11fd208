DROP TRIGGER IF EXISTS exchange_outbox_enqueue ON process_events;
DROP FUNCTION IF EXISTS exchange_outbox_enqueue();
DROP TABLE IF EXISTS exchange_receipts;
DROP TABLE IF EXISTS exchange_outbox;
DROP TABLE IF EXISTS exchange_systems;
