ALTER TABLE verbal_records DROP COLUMN IF EXISTS counsel_signature_sha256;
ALTER TABLE verbal_records DROP CONSTRAINT IF EXISTS verbal_records_kind_check;
ALTER TABLE verbal_records ADD CONSTRAINT verbal_records_kind_check CHECK (kind IN ('interrogation', 'inquiry')) NOT VALID;
CREATE OR REPLACE FUNCTION flow_stats_rows(ev process_events, i process_instances)
RETURNS TABLE (metric text, agency_id uuid, other_agency_id uuid, to_state text) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'sent', i.initiator_agency_id, i.initiator_agency_id, ''
   WHERE ev.action IN ('submit', 'request', 'notify', 'request_explanation', 'send_documents', 'record_application', 'propose_change')
  UNION ALL
  SELECT 'received', i.receiver_agency_id, i.receiver_agency_id, ''
   WHERE ev.action IN ('accept', 'receive_for_execution', 'receive_for_prison_delivery', 'start_check', 'assign_prosecutor')
  UNION ALL
  SELECT 'step', ev.actor_agency_id, ev.actor_agency_id, ev.to_state WHERE ev.actor_side <> 'initiator'
  UNION ALL
  SELECT 'submit', i.initiator_agency_id, i.receiver_agency_id, '' WHERE ev.action = 'submit'
$$;
DELETE FROM flow_stats_daily WHERE metric = 'branch';
ALTER TABLE flow_stats_daily DROP CONSTRAINT IF EXISTS flow_stats_daily_metric_check;
ALTER TABLE flow_stats_daily ADD CONSTRAINT flow_stats_daily_metric_check CHECK (metric IN ('sent', 'received', 'step', 'submit'));
