import { z } from 'zod';
import { laneSchema, RESPONSIBILITY_IMPORTANCE, responsibilityKeySchema, roleKeySchema } from '../roles.ts';
import { idSchema, slugSchema, timestampSchema, usernameSchema } from './common.ts';

// ---- people: skills, background, roles -------------------------------------------------

/** 1 = aware of it, 3 = works with it unaided, 5 = could teach it. */
export const skillLevelSchema = z.number().int().min(1).max(5);
export const memberSkillSchema = z.object({
  skill: z.string().trim().min(1).max(80),
  level: skillLevelSchema,
});
export type MemberSkill = z.infer<typeof memberSkillSchema>;

export const backgroundTextSchema = z.string().trim().min(1).max(80);

/** What a person says about themselves; it follows them from project to project. */
export const memberProfileSchema = z.object({
  userId: idSchema,
  username: usernameSchema,
  displayName: z.string(),
  /** The catalogue's name for it when recognised (`PhD` becomes `researcher/PhD`). */
  background: z.string().nullable(),
  summary: z.string(),
  skills: z.array(memberSkillSchema),
  updatedAt: timestampSchema.nullable(),
});
export type MemberProfile = z.infer<typeof memberProfileSchema>;

/** A member of a project: the profile and the roles held in that project. */
export const personSchema = memberProfileSchema.extend({ roles: z.array(roleKeySchema) });
export type Person = z.infer<typeof personSchema>;

/** A change to a profile; what is left out stays as it is. Skills replace the whole list. */
export const profileChangeSchema = z
  .object({
    background: backgroundTextSchema.nullable().optional(),
    summary: z.string().max(2000).optional(),
    skills: z.array(memberSkillSchema).max(100).optional(),
  })
  .refine(
    (b) => b.background !== undefined || b.summary !== undefined || b.skills !== undefined,
    'give a background, a summary or skills',
  );
export type ProfileChange = z.input<typeof profileChangeSchema>;

// ---- role fit ----------------------------------------------------------------------------

/** A candidate: skills with levels, a background, or a pasted text (a resume, a few sentences). */
export const candidateProfileSchema = z
  .object({
    skills: z.array(memberSkillSchema).max(100).default([]),
    background: backgroundTextSchema.optional(),
    text: z.string().max(20_000).optional(),
  })
  .refine(
    (b) => b.skills.length > 0 || b.background !== undefined || (b.text ?? '').trim() !== '',
    'give skills, a background or a text',
  );
export type CandidateProfile = z.input<typeof candidateProfileSchema>;

export const roleFitSchema = z.object({
  role: roleKeySchema,
  name: z.string(),
  lane: laneSchema,
  /** 0-100: 70 from skills (weighted by level), 30 from the background. */
  score: z.number().min(0).max(100),
  skillScore: z.number().min(0).max(1),
  backgroundScore: z.number().min(0).max(1),
  matched: z.array(memberSkillSchema),
  missing: z.array(z.string()),
  /** The background is a usual first step into this role. */
  startingRole: z.boolean(),
  /** The member holds this role in the project already. */
  held: z.boolean(),
  explanation: z.string(),
});
export type RoleFit = z.infer<typeof roleFitSchema>;

export const roleFitReportSchema = z.object({
  subject: z.object({
    kind: z.enum(['member', 'candidate']),
    username: z.string().nullable(),
    background: z.string().nullable(),
    skills: z.array(memberSkillSchema),
  }),
  /** The starting roles the background suggests, and the word that showed it in a free text. */
  startingPoint: z
    .object({ background: z.string(), roles: z.array(roleKeySchema), word: z.string().nullable() })
    .nullable(),
  /** Words of a free text and the skill each was read as (`k8s` -> Kubernetes). */
  recognised: z.array(z.object({ word: z.string(), skill: z.string() })),
  /** Skills given that no role of the catalogue asks for. */
  otherSkills: z.array(z.string()),
  /** Team roles, best fit first. */
  ranking: z.array(roleFitSchema),
});
export type RoleFitReport = z.infer<typeof roleFitReportSchema>;

// ---- team health ---------------------------------------------------------------------------

/** The project's knobs for team health; every one has the industry default. */
export const teamSettingsSchema = z.object({
  /** Sensitive attributes in the project's data (age, sex, ...) declared by hand. */
  sensitiveAttributes: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  /** Data scientists per ML engineer: the guidance is roughly 5 to 10. */
  dsPerMle: z
    .object({ min: z.number().min(0.1).max(1000), max: z.number().min(0.1).max(1000) })
    .refine((r) => r.min <= r.max, 'min must not exceed max')
    .default({ min: 5, max: 10 }),
  /** More team roles than this on one person is wearing too many hats. */
  maxRolesPerPerson: z.number().int().min(1).max(20).default(2),
  /** A team of at most this many people is small: its ML engineer should own MLOps too. */
  smallTeamSize: z.number().int().min(1).max(1000).default(5),
  /** Responsibility keys this project does not need (no streaming, no research). */
  notNeeded: z.array(responsibilityKeySchema).max(200).default([]),
});
export type TeamSettings = z.infer<typeof teamSettingsSchema>;

export const teamSettingsChangeSchema = z
  .object({
    sensitiveAttributes: teamSettingsSchema.shape.sensitiveAttributes.unwrap().optional(),
    dsPerMle: teamSettingsSchema.shape.dsPerMle.unwrap().optional(),
    maxRolesPerPerson: teamSettingsSchema.shape.maxRolesPerPerson.unwrap().optional(),
    smallTeamSize: teamSettingsSchema.shape.smallTeamSize.unwrap().optional(),
    notNeeded: teamSettingsSchema.shape.notNeeded.unwrap().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give at least one setting to change');
export type TeamSettingsChange = z.input<typeof teamSettingsChangeSchema>;

export const FINDING_SEVERITIES = ['critical', 'warning', 'info'] as const;
export const findingSeveritySchema = z.enum(FINDING_SEVERITIES);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

export const FINDING_CODES = [
  'uncovered_responsibilities',
  'too_many_hats',
  'small_team_mlops',
  'ds_mle_ratio',
  'sensitive_without_ethicist',
  'responsibility_unused',
] as const;
export const findingCodeSchema = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof findingCodeSchema>;

export const healthFindingSchema = z.object({
  code: findingCodeSchema,
  severity: findingSeveritySchema,
  title: z.string(),
  detail: z.string(),
  /** What to do about it, in one sentence. */
  action: z.string(),
  roles: z.array(roleKeySchema),
  people: z.array(z.string()),
  responsibilities: z.array(z.string()),
});
export type HealthFinding = z.infer<typeof healthFindingSchema>;

export const USAGE_PROBE_STATUSES = ['met', 'unmet', 'unchecked'] as const;
export const COVERAGE_STATUSES = ['covered', 'uncovered', 'unused', 'not_needed'] as const;

export const responsibilityCoverageSchema = z.object({
  responsibility: z.string(),
  title: z.string(),
  importance: z.enum(RESPONSIBILITY_IMPORTANCE),
  /** The roles that carry it. */
  roles: z.array(roleKeySchema),
  coveredBy: z.array(z.string()),
  status: z.enum(COVERAGE_STATUSES),
  /** Whether the work is done, not only assigned: one result per usage probe. */
  usage: z.array(
    z.object({
      probe: z.string(),
      lane: laneSchema,
      describe: z.string(),
      status: z.enum(USAGE_PROBE_STATUSES),
      detail: z.string(),
    }),
  ),
});
export type ResponsibilityCoverage = z.infer<typeof responsibilityCoverageSchema>;

export const skillMatrixSchema = z.object({
  roles: z.array(z.object({ key: roleKeySchema, name: z.string(), holders: z.array(z.string()) })),
  skills: z.array(z.string()),
  /** One cell per skill a role needs: the best level among the role's holders, null if none has it. */
  cells: z.array(
    z.object({
      role: roleKeySchema,
      skill: z.string(),
      level: skillLevelSchema.nullable(),
      people: z.array(z.string()),
    }),
  ),
});
export type SkillMatrix = z.infer<typeof skillMatrixSchema>;

export const teamHealthReportSchema = z.object({
  project: slugSchema,
  generatedAt: timestampSchema,
  summary: z.object({
    status: z.enum(['healthy', 'attention', 'at_risk']),
    critical: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
    /** Members holding at least one team role (access roles such as viewer do not count). */
    people: z.number().int(),
  }),
  findings: z.array(healthFindingSchema),
  coverage: z.array(responsibilityCoverageSchema),
  sensitiveAttributes: z.array(z.object({ name: z.string(), source: z.string(), detail: z.string() })),
  ratio: z.object({
    dataScientists: z.number().int(),
    mlEngineers: z.number().int(),
    ratio: z.number().nullable(),
    min: z.number(),
    max: z.number(),
  }),
  settings: teamSettingsSchema,
  skillMatrix: skillMatrixSchema,
});
export type TeamHealthReport = z.infer<typeof teamHealthReportSchema>;
