DELETE FROM flow_stats_daily WHERE metric = 'appeal';
ALTER TABLE flow_stats_daily DROP CONSTRAINT IF EXISTS flow_stats_daily_metric_check;
ALTER TABLE flow_stats_daily ADD CONSTRAINT flow_stats_daily_metric_check CHECK (metric IN ('sent', 'received', 'step', 'submit', 'branch'));
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
  UNION ALL
  SELECT 'branch', ev.actor_agency_id, ev.actor_agency_id, 'plea_indicted'
   WHERE ev.process = 'prosecution_transfer' AND ev.action = 'indict'
     AND coalesce((i.counters->>'pleaAgreements')::int, 0) + coalesce((i.counters->>'pleaExceptions')::int, 0) > coalesce((i.counters->>'pleaWithdrawals')::int, 0)
  UNION ALL
  SELECT 'branch', ev.actor_agency_id, ev.actor_agency_id, 'fast_track'
   WHERE ev.process = 'public_prosecution' AND ev.action = 'decide_procedure' AND ev.input->>'trialTrack' LIKE 'fast_track%'
  UNION ALL
  SELECT 'branch', ev.actor_agency_id, ev.actor_agency_id, 'recommendation_' || (ev.input->>'sentencingOutcome')
   WHERE ev.process = 'public_prosecution' AND ev.action = 'pronounce_judgment' AND ev.input->>'sentencingOutcome' IS NOT NULL
$$;
ALTER TABLE person_custody_timers DROP COLUMN IF EXISTS pause_reason;
ALTER TABLE person_custody_timers DROP COLUMN IF EXISTS paused_on;
ALTER TABLE process_timers DROP COLUMN IF EXISTS paused_on;
UPDATE process_timers SET status = 'stopped' WHERE status = 'paused';
ALTER TABLE process_timers DROP CONSTRAINT IF EXISTS process_timers_status_check;
ALTER TABLE process_timers ADD CONSTRAINT process_timers_status_check CHECK (status IN ('running', 'stopped', 'restarted'));
