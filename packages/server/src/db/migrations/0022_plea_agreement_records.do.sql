-- issue 10: the 认罪认罚具结书 is sealed like a 笔录 (the suspect's signature and fingerprint bound to
-- its hash) and also carries the attesting lawyer's signature (CPL 174).
ALTER TABLE verbal_records DROP CONSTRAINT IF EXISTS verbal_records_kind_check;
ALTER TABLE verbal_records ADD CONSTRAINT verbal_records_kind_check
  CHECK (kind IN ('interrogation', 'inquiry', 'plea_agreement'));
ALTER TABLE verbal_records ADD COLUMN IF NOT EXISTS counsel_signature_sha256 char(64);

-- issue 10 statistics (认罪认罚 rate, 量刑建议 adoption rate, 速裁 share) from the same rollup, kept in
-- the writing transaction: metric 'branch', to_state names what was counted. The instance row is
-- already updated when the event is inserted, so P2's counters say whether a plea stands at 起诉.
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
