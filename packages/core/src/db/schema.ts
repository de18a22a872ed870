import type { Generated } from 'kysely';
import type { DataTables } from './data-schema.ts';
import type { RegistryTables } from './registry-schema.ts';
import type { TeamTables } from './team-schema.ts';
import type { TrackingTables } from './tracking-schema.ts';

// Timestamps are ISO 8601 UTC strings and booleans are 0/1 integers, so that one schema and
// one set of queries behave identically on SQLite and PostgreSQL.

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  is_admin: number;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface ProjectsTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface MembershipsTable {
  project_id: string;
  user_id: string;
  created_at: string;
}

export interface MemberRolesTable {
  project_id: string;
  user_id: string;
  role: string;
}

export interface RolesTable {
  key: string;
  position: number;
  /** The role's whole definition (name, purpose, lane, responsibilities, ...) as JSON. */
  definition: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  project_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  project_id: string | null;
  status: string;
  payload: string;
  result: string | null;
  error: string | null;
  priority: number;
  attempts: number;
  max_attempts: number;
  timeout_ms: number;
  backoff_ms: number;
  progress: number;
  progress_message: string | null;
  run_after: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  cancel_requested: number;
  created_at: string;
  created_by: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface JobLogsTable {
  seq: Generated<number>;
  job_id: string;
  at: string;
  level: string;
  message: string;
  attempt: number;
}

export interface DB extends DataTables, TeamTables, TrackingTables, RegistryTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  projects: ProjectsTable;
  memberships: MembershipsTable;
  member_roles: MemberRolesTable;
  roles: RolesTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  job_logs: JobLogsTable;
}
