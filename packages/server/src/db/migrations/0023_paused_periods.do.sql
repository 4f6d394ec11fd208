-- Periods that pause (issue 10): time not counted in a period (CPL 149 精神病鉴定; CPL 235 the
-- second-instance procuratorate reading the file). A paused process timer is out of the due box
-- and the sweeps (status 'paused'); a person's custody period keeps its row and records since when
-- it is paused. On resumption the last day moves by the days paused (core excludePausedDays).
ALTER TABLE process_timers DROP CONSTRAINT IF EXISTS process_timers_status_check;
ALTER TABLE process_timers ADD CONSTRAINT process_timers_status_check CHECK (status IN ('running', 'stopped', 'restarted', 'paused'));
ALTER TABLE process_timers ADD COLUMN IF NOT EXISTS paused_on date;
ALTER TABLE person_custody_timers ADD COLUMN IF NOT EXISTS paused_on date;
ALTER TABLE person_custody_timers ADD COLUMN IF NOT EXISTS pause_reason text;

-- 上诉/抗诉 rate per first-instance court and period (issue 10): judgments served, appealed and
-- protested, counted in the rollup kept with every event (0016) under metric 'appeal' with the
-- court as agency and the prosecuting procuratorate as the other agency. Counts from this
-- migration on (rebuild_event_rollups() recounts the whole log). Keeps 0022's 'branch' rows.
ALTER TABLE flow_stats_daily DROP CONSTRAINT IF EXISTS flow_stats_daily_metric_check;
ALTER TABLE flow_stats_daily ADD CONSTRAINT flow_stats_daily_metric_check CHECK (metric IN ('sent', 'received', 'step', 'submit', 'branch', 'appeal'));
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
  UNION ALL
  SELECT 'appeal', i.receiver_agency_id, i.initiator_agency_id, ev.to_state
   WHERE ev.process = 'public_prosecution' AND ev.action IN ('serve_judgment', 'record_appeal', 'record_posted_appeal', 'protest')
$$;
