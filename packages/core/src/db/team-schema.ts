// Tables of the team lane (migration 0002-team).

export interface MemberProfilesTable {
  user_id: string;
  background: string | null;
  summary: string;
  updated_at: string;
  updated_by: string;
}

export interface MemberSkillsTable {
  user_id: string;
  /** The catalogue's name of the skill when it knows it (`k8s` is stored as `Kubernetes`). */
  skill: string;
  level: number;
}

export interface TeamSettingsTable {
  project_id: string;
  /** The project's team-health settings as JSON (`TeamSettings` of the contracts). */
  settings: string;
  updated_at: string;
  updated_by: string;
}

export interface RoleCatalogueSectionsTable {
  /** `backgrounds` or `skills`: the catalogue's sections that are not roles. */
  name: string;
  definition: string;
  updated_at: string;
}

export interface TeamTables {
  member_profiles: MemberProfilesTable;
  member_skills: MemberSkillsTable;
  team_settings: TeamSettingsTable;
  role_catalogue_sections: RoleCatalogueSectionsTable;
}
