/**
 * Kysely table types. Kept beside the SQL migrations; a test compares these column lists
 * with information_schema so they cannot silently drift.
 */
import type { ColumnType, Generated } from 'kysely';

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

export type DB = {
  agencies: AgenciesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  cases: CasesTable;
  case_parties: CasePartiesTable;
  case_lawyer_grants: CaseLawyerGrantsTable;
};
