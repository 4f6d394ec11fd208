/**
 * Kysely table types. Kept beside the SQL migrations; a test compares these column lists
 * with information_schema so they cannot silently drift.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ExchangeOutboxTable, ExchangeReceiptsTable, ExchangeSystemsTable } from './schema-exchange';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type AgenciesTable = {
  id: Generated<string>;
  parent_id: string | null;
  type: string;
  level: string;
  region_code: string;
  name: string;
  short_name: string;
  unit_code: string;
  created_at: Generated<Date>;
  /** 0007: 机关简称 in its 文号 when short_name is not Chinese. */
  document_number_org: Generated<string | null>;
};

export type UsersTable = {
  id: Generated<string>;
  username: string;
  display_name: string;
  agency_id: string;
  roles: string[];
  platform_admin: Generated<boolean>;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** migration 0019: password expiry */
  password_changed_at: Generated<Date>;
  /** 0038: where SMS and e-mail notifications go */
  phone: Generated<string | null>;
  email: Generated<string | null>;
  /** migration 0027: 律师执业证号, verified by an administrator */
  licence_no: Generated<string | null>;
  licence_verified_by: Generated<string | null>;
  licence_verified_at: Generated<Date | null>;
};

export type SessionsTable = {
  token_hash: Buffer;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
};

export type AuditLogTable = {
  id: Generated<string>;
  at: Generated<Date>;
  user_id: string | null;
  username: string | null;
  display_name: string | null;
  agency_id: string | null;
  agency_name: string | null;
  roles: string[];
  action: string;
  target_type: string | null;
  target_id: string | null;
  case_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  details: unknown;
};

export type CasesTable = {
  id: Generated<string>;
  title: string;
  summary: Generated<string>;
  region_code: string;
  created_by_agency: string;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
  occurred_at: Timestamp;
  stage: Generated<string>;
  police_number: string | null;
  procuratorate_number: string | null;
  court_number: string | null;
  /** the searchable text; copied by triggers into case_search (0052), which the search reads */
  search_text: Generated<string>;
  /** migration 0019: 密级 */
  classification: Generated<string>;
};

export type CaseChargesTable = { case_id: string; charge_code: string; position: number };

/** One row per case (0052): its searchable text, the scope keys of its party agencies (0043) and its charge keys (0053), kept by triggers; GIN-indexed. */
export type CaseSearchTable = { case_id: string; search_text: string; party_keys: string[]; charge_keys: string[] };

export type CasePersonsTable = {
  id: Generated<string>;
  case_id: string;
  position: number;
  name: string;
  resident_id: string | null;
  sex: string;
  birth_date: string | null;
  created_at: Generated<Date>;
};

export type PersonMeasuresTable = {
  id: Generated<string>;
  person_id: string;
  case_id: string;
  measure: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  legal_max_due: string | null;
  created_at: Generated<Date>;
  /** the 看守所 holding the person under this (custodial) measure */
  detention_centre_id: Generated<string | null>;
  end_reason: Generated<string | null>;
};

/** 提讯 booked at the 看守所 holding the person (migration 0029). */
export type InterrogationBookingsTable = {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  detention_centre_id: string;
  agency_id: string;
  booked_by: string;
  booked_by_name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  mode: string;
  purpose: string;
  status: Generated<string>;
  room: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Timestamp | null;
  decline_reason: string | null;
  created_at: Generated<Date>;
};

/** The running custody (or 取保候审/监视居住) timer of a person, one running per person. */
export type PersonCustodyTimersTable = {
  id: Generated<string>;
  person_id: string;
  case_id: string;
  measure_id: string;
  kind: string;
  zh: string;
  article: string;
  in_custody: boolean;
  started_on: ColumnType<string, string, string>;
  due: ColumnType<string, string, string>;
  due_instant: Timestamp;
  extensions: ColumnType<unknown, string, string>;
  explanation: ColumnType<unknown, string, string>;
  status: Generated<string>;
  ended_at: Timestamp | null;
  end_reason: string | null;
  overdue_notified_at: Generated<Date | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Not counting since this day (CPL 149 精神病鉴定), migration 0023; null = running. */
  paused_on: ColumnType<string | null, string | null | undefined, string | null>;
  pause_reason: Generated<string | null>;
};

export type NumberCountersTable = { agency_id: string; series: string; year: number; last: number };

type Json = ColumnType<unknown, string, string>;

export type ProcessInstancesTable = {
  id: Generated<string>;
  case_id: string;
  code: string;
  state: string;
  version: Generated<number>;
  counters: Json;
  data: Json;
  initiator_agency_id: string;
  receiver_agency_id: string;
  superior_agency_id: string | null;
  /** null: opened by the platform (P5 on 生效). */
  started_by: string | null;
  terminal: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The nearest running timer, kept by a trigger on process_timers (0016). */
  next_due: Generated<string | null>;
  next_due_zh: Generated<string | null>;
  next_warn_days: Generated<number | null>;
  next_warn_on: Generated<string | null>;
};

/** 已办: the instances a user acted on (kept by a trigger on process_events, 0016). */
export type ProcessActorActivityTable = {
  user_id: string;
  instance_id: string;
  last_at: Date;
};

/** Flow statistics rollup per day (kept by a trigger on process_events, 0016). */
export type FlowStatsDailyTable = {
  day: string;
  process: string;
  metric: 'sent' | 'received' | 'step' | 'submit' | 'appeal' | 'branch';
  agency_id: string;
  other_agency_id: string;
  to_state: Generated<string>;
  shard: Generated<number>;
  n: number;
};

/** Cases per charge, agency, role and registration day (migration 0021, kept by triggers). */
export type CaseChargeDailyTable = {
  agency_id: string;
  role: 'creator' | 'party';
  day: string;
  charge_code: string;
  shard: Generated<number>;
  n: number;
};

export type ProcessEventsTable = {
  id: Generated<string>;
  instance_id: string;
  case_id: string;
  process: string;
  action: string;
  from_state: string;
  to_state: string;
  version: number;
  /** null: the platform acted (a judgment taking effect, CPL 230). */
  actor_user_id: string | null;
  actor_name: string;
  actor_agency_id: string;
  actor_agency_name: string;
  actor_role: string;
  actor_side: string;
  input: Json;
  documents: Json;
  timers_started: Json;
  timers_stopped: Json;
  articles: Json;
  /** the legal event time (for a backfilled 单轨 event: the real time on paper) */
  at: Generated<Date>;
  /** 0037: the flow happened on paper (单轨例外) and was backfilled (补录) */
  single_track: Generated<boolean>;
  backfilled: Generated<boolean>;
  /** 0037: when it was keyed (null for events before 0037) */
  entered_at: Generated<Date | null>;
};

export type ProcessTimersTable = {
  id: Generated<string>;
  instance_id: string;
  case_id: string;
  timer_id: string;
  zh: string;
  en: string;
  started_on: string;
  due: string;
  due_instant: Timestamp;
  in_custody: boolean;
  warn_days: number;
  articles: Json;
  explanation: Json;
  status: Generated<string>;
  stopped_at: Timestamp | null;
  overdue_notified_at: Timestamp | null;
  /** 0038: the 临期 reminder was sent */
  warn_notified_at: Generated<Timestamp | null>;
  created_at: Generated<Date>;
  /** 'person': in_custody follows whether a person of the case is held (CPL 105 ¶2), migration 0014. */
  custody_rule: Generated<string>;
  /** The length as parts run one after the other: [{amount, unit}, plus?, approved extensions…]. */
  parts: Json | null;
  /** Beijing wall time 'HH:mm' of the start fact, for hour periods. */
  start_time: string | null;
  /** status 'paused' since this day (time not counted: CPL 235), migration 0023. */
  paused_on: ColumnType<string | null, string | null | undefined, string | null>;
};

export type InboxItemsTable = {
  id: Generated<string>;
  agency_id: string;
  roles: string[];
  instance_id: string;
  case_id: string;
  event_id: string | null;
  created_at: Generated<Date>;
  done_at: Timestamp | null;
  done_by: string | null;
  /** 0038: the 待办 站内信 was written */
  notified_at: Generated<Timestamp | null>;
};

export type IdempotencyKeysTable = {
  user_id: string;
  key: string;
  request_hash: string;
  status: number;
  response: Json | null;
  created_at: Generated<Date>;
};

export type ProcessDocumentsTable = {
  id: Generated<string>;
  case_id: string;
  instance_id: string;
  event_id: string;
  doc_type: string;
  number: string | null;
  agency_id: string;
  issued_at: Generated<Date>;
  legacy_number: Generated<string | null>;
  document_id: Generated<string | null>;
};

export type DocumentWordsTable = {
  agency_id: string;
  doc_type: string;
  word: string;
};

export type CasePartiesTable = {
  case_id: string;
  agency_id: string;
  joined_at: Generated<Date>;
};

export type CaseLawyerGrantsTable = {
  case_id: string;
  user_id: string;
  granted_by: string;
  granted_at: Generated<Date>;
};

export type CalendarOverridesTable = {
  date: string;
  kind: string;
  note: Generated<string>;
  covers_year: Generated<boolean>;
  created_at: Generated<Date>;
};

// ---- ledger (0005_ledger) -------------------------------------------------------------
export type LedgerMetaTable = {
  id: Generated<boolean>;
  hash_alg: string;
  origin: string;
  tree_size: Generated<string>;
  created_at: Generated<Date>;
  /** when the signature records from before migration 0010 were logged (once per database; 0048) */
  signatures_backfilled_at: Date | null;
};

export type LedgerEntriesTable = {
  id: Generated<string>;
  kind: string;
  ref_table: string;
  ref_id: string;
  entry: Buffer;
  leaf_hash: Buffer;
  leaf_index: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: Generated<Date>;
};

export type LedgerNodesTable = {
  level: number;
  idx: ColumnType<string, string | number, string | number>;
  hash: Buffer;
};

export type DocumentSigningKeysTable = {
  key_id: string;
  agency_id: string;
  public_key_pem: string;
  valid_from: Generated<Date>;
  valid_to: Date | null;
};

/** migration 0019: the end of a document-signing key's validity (key rotation), a ledger entry of its own */
export type DocumentSigningKeyRetirementsTable = {
  key_id: string;
  valid_to: Date;
  successor: string;
};

export type LedgerKeysTable = {
  key_id: string;
  owner: string;
  agency_id: string | null;
  alg: string;
  note_name: string;
  vkey: string;
  public_key_pem: string;
  created_at: Generated<Date>;
  rotated_at: Timestamp | null;
};

export type LedgerCheckpointsTable = {
  id: Generated<string>;
  size: ColumnType<string, string | number, string | number>;
  root: Buffer;
  note: string;
  key_id: string;
  signed_at: Generated<Date>;
};

export type LedgerCosignaturesTable = {
  checkpoint_id: string;
  agency_id: string;
  key_id: string;
  line: string;
  at: Generated<Date>;
};

export type LedgerWitnessStateTable = {
  agency_id: string;
  origin: string;
  size: ColumnType<string, string | number, string | number>;
  root: Buffer;
  updated_at: Generated<Date>;
};

export type LedgerWitnessRefusalsTable = {
  id: Generated<string>;
  agency_id: string | null;
  witness: string;
  checkpoint_id: string | null;
  note: string;
  code: string;
  detail: string;
  at: Generated<Date>;
};

export type DocumentsTable = {
  id: Generated<string>;
  case_id: string;
  agency_id: string;
  volume: string;
  doc_type: string;
  title: string;
  origin: string;
  number: string | null;
  current_version_id: string | null;
  version_count: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** migration 0019: 密级 */
  classification: Generated<string>;
  /** migration 0027: the suspect the document concerns (null: the whole case) */
  person_id: Generated<string | null>;
};

export type DocumentVersionsTable = {
  id: Generated<string>;
  document_id: string;
  case_id: string;
  version: number;
  sha256: string;
  sm3: string;
  size: ColumnType<string, number | string, never>;
  media_type: string;
  file_name: string | null;
  page_count: number | null;
  supersede_reason: string | null;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: Generated<Date>;
};

export type DocumentTextsTable = {
  version_id: string;
  case_id: string;
  content: string;
  extracted_at: Generated<Date>;
};

export type DocumentSignaturesTable = {
  id: Generated<string>;
  version_id: string;
  agency_id: string;
  agency_name: string;
  key_id: string;
  public_key_pem: string;
  algorithm: string;
  digest_sm3: string;
  signature: Buffer;
  signed_by: string;
  signed_at: Generated<Date>;
};

/** 0041: a step-issued 法律文书 whose PDF is rendered and signed after COMMIT (documents/render-issued-documents.ts) */
export type DocumentRendersTable = {
  document_id: string;
  case_id: string;
  content: ColumnType<unknown, string, string>;
  issued_by: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
  version_id: string | null;
  rendered_at: Date | null;
};

export type DocumentEvidenceTagsTable = {
  document_id: string;
  case_id: string;
  item_id: string;
  values: ColumnType<unknown, string, string>;
  tagged_by: string;
  tagged_at: Generated<Date>;
};

export type VerbalRecordsTable = {
  id: Generated<string>;
  case_id: string;
  agency_id: string;
  kind: string;
  content: ColumnType<unknown, string, string>;
  content_sm3: string;
  status: Generated<string>;
  signature_sha256: string | null;
  fingerprint_sha256: string | null;
  counsel_signature_sha256: Generated<string | null>;
  binding_sm3: string | null;
  document_id: Generated<string | null>;
  created_by: string;
  created_at: Generated<Date>;
  confirmed_at: Timestamp | null;
};

export type DB = {
  interrogation_bookings: InterrogationBookingsTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_texts: DocumentTextsTable;
  document_signatures: DocumentSignaturesTable;
  document_renders: DocumentRendersTable;
  document_evidence_tags: DocumentEvidenceTagsTable;
  verbal_records: VerbalRecordsTable;
  case_charges: CaseChargesTable;
  case_persons: CasePersonsTable;
  person_measures: PersonMeasuresTable;
  person_custody_timers: PersonCustodyTimersTable;
  number_counters: NumberCountersTable;
  process_instances: ProcessInstancesTable;
  process_actor_activity: ProcessActorActivityTable;
  flow_stats_daily: FlowStatsDailyTable;
  case_charge_daily: CaseChargeDailyTable;
  process_events: ProcessEventsTable;
  process_timers: ProcessTimersTable;
  inbox_items: InboxItemsTable;
  idempotency_keys: IdempotencyKeysTable;
  process_documents: ProcessDocumentsTable;
  document_words: DocumentWordsTable;
  calendar_overrides: CalendarOverridesTable;
  agencies: AgenciesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  cases: CasesTable;
  case_search: CaseSearchTable;
  case_parties: CasePartiesTable;
  case_lawyer_grants: CaseLawyerGrantsTable;
  ledger_meta: LedgerMetaTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_keys: LedgerKeysTable;
  document_signing_keys: DocumentSigningKeysTable;
  document_signing_key_retirements: DocumentSigningKeyRetirementsTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_cosignatures: LedgerCosignaturesTable;
  ledger_witness_state: LedgerWitnessStateTable;
  ledger_witness_refusals: LedgerWitnessRefusalsTable;
  agency_review_levels: AgencyReviewLevelsTable;
  notifications: NotificationsTable;
  notification_reads: NotificationReadsTable;
  exchange_systems: ExchangeSystemsTable;
  exchange_outbox: ExchangeOutboxTable;
  exchange_receipts: ExchangeReceiptsTable;
  single_track_reasons: SingleTrackReasonsTable;
  single_track_settings: SingleTrackSettingsTable;
  single_track_flows: SingleTrackFlowsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_deliveries: NotificationDeliveriesTable;
  defence_requests: DefenceRequestsTable;
  defence_meetings: DefenceMeetingsTable;
  chain_milestone_rules: ChainMilestoneRulesTable;
  chain_stages: ChainStagesTable;
  case_milestones: CaseMilestonesTable;
  chain_stats_daily: ChainStatsDailyTable;
  stage_days_daily: StageDaysDailyTable;
  surge_settings: SurgeSettingsTable;
  alert_rules: AlertRulesTable;
  surge_alerts: SurgeAlertsTable;
  surge_alert_recipients: SurgeAlertRecipientsTable;
  petitions: PetitionsTable;
};

/** migration 0027: 辩护委托 / 法律援助 requests and the representations they become */
export type DefenceRequestsTable = {
  id: Generated<string>;
  kind: string;
  lawyer_id: string;
  lawyer_name: string;
  licence_no: string;
  lawfirm_id: string;
  assigned_by_agency: string | null;
  client_name: string;
  client_resident_id: string;
  given_case_number: string | null;
  given_agency_id: string | null;
  case_id: string | null;
  person_id: string | null;
  agency_id: string | null;
  mandate_sha256: string | null;
  mandate_sm3: string | null;
  mandate_size: string | null;
  mandate_media_type: string | null;
  mandate_file_name: string | null;
  status: Generated<string>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  ended_by: string | null;
  ended_at: Date | null;
  end_reason: string | null;
  created_by: string;
  created_at: Generated<Date>;
};

export type DefenceMeetingsTable = {
  instance_id: string;
  request_id: string;
  case_id: string;
  person_id: string;
  lawyer_id: string;
  requested_at: Date;
  created_at: Generated<Date>;
};

export type AgencyReviewLevelsTable = {
  agency_id: string;
  approval_levels: Generated<number>;
  updated_at: Generated<Date>;
};

/** 0024: 站内信 (notifications/notify.ts). */
export type NotificationsTable = {
  id: Generated<string>;
  recipient_agency_id: string;
  recipient_user_id: string | null;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: Generated<string>;
  body_en: Generated<string>;
  link: string | null;
  case_id: string | null;
  source_type: string | null;
  source_id: string | null;
  created_at: Generated<Date>;
};

export type NotificationReadsTable = {
  notification_id: string;
  user_id: string;
  read_at: Generated<Date>;
};

/** 0037: 单轨流转 (single-track/). */
export type SingleTrackReasonsTable = {
  code: number;
  zh: string;
  en: string;
  evidence: Generated<string>;
  active: Generated<boolean>;
  updated_at: Generated<Date>;
};

export type SingleTrackSettingsTable = {
  id: Generated<boolean>;
  backfill_days: Generated<number>;
  updated_at: Generated<Date>;
};

export type SingleTrackFlowsTable = {
  id: Generated<string>;
  case_id: string;
  instance_id: string;
  process: string;
  action: string;
  from_agency_id: string;
  to_agency_id: string | null;
  occurred_at: Date;
  reason_code: number;
  reason_note: Generated<string>;
  approved_by: string;
  registered_by: string;
  registered_at: Generated<Date>;
  backfill_due: Date;
  backfilled_at: Date | null;
  backfilled_by: string | null;
  event_id: string | null;
  scan_document_ids: Generated<string[]>;
  escalated_at: Date | null;
};

/** 0038: notification channels (notifications/). */
export type NotificationPreferencesTable = {
  user_id: string;
  kind: string;
  channel: 'inbox' | 'sms' | 'email';
  enabled: boolean;
  updated_at: Generated<Date>;
};

export type NotificationDeliveriesTable = {
  id: Generated<string>;
  notification_id: string;
  user_id: string;
  channel: 'inbox' | 'sms' | 'email';
  status: 'pending' | 'delivered' | 'sent' | 'failed';
  address: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  provider_ref: string | null;
  next_attempt_at: Generated<Date>;
  created_at: Generated<Date>;
  delivered_at: Date | null;
};

/** 0033: whole-chain statistics (analytics/chain-stats.ts), kept by triggers. */
export type ChainMilestoneRulesTable = { process: string; action: Generated<string>; to_state: Generated<string>; milestone: string };
export type ChainStagesTable = { stage: string; from_milestone: string; to_milestone: string };
export type CaseMilestonesTable = {
  case_id: string; milestone: string; at: Timestamp; day: string; agency_id: string; single_track: Generated<boolean>;
};
export type ChainStatsDailyTable = { day: string; agency_id: string; milestone: string; shard: Generated<number>; n: number; single_track: Generated<number> };
export type StageDaysDailyTable = { day: string; agency_id: string; stage: string; days: number; shard: Generated<number>; n: number };

/** 0034: surge alerts and petitions (analytics/). */
export type SurgeSettingsTable = {
  scope: 'cases' | 'petitions'; period_days: number; baseline_periods: number; guard_periods: number;
  k: string; h: string; min_excess: string; min_history: number; region_level: 'province' | 'city' | 'district';
  lookback_periods: Generated<number>; updated_at: Generated<Date>;
};
export type AlertRulesTable = { id: Generated<string>; charge_code: string | null; region_prefix: Generated<string>; agency_id: string; created_at: Generated<Date> };
export type SurgeAlertsTable = {
  id: Generated<string>; scope: 'cases' | 'petitions'; charge_code: string; region_code: string; period_from: string; period_to: string;
  observed: number; expected: string; series: Json; method: string; created_at: Generated<Date>;
};
export type SurgeAlertRecipientsTable = { alert_id: string; agency_id: string };
export type PetitionsTable = {
  id: Generated<string>; petitioner: string; received_on: string; channel: string; subject: string; summary: Generated<string>;
  case_id: string | null; charge_code: string | null; status: Generated<string>; handling_agency_id: string; created_by: string | null;
  created_at: Generated<Date>; updated_at: Generated<Date>; version: Generated<number>;
};
