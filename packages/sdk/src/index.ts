export type { AuditQuery } from './areas/audit.ts';
export type {
  DownloadQueryInput,
  DraftQuery,
  ImportInput,
  IngestQuery,
  QueryInput,
  SuiteInput,
  UploadSource,
} from './areas/data.ts';
export type {
  CreateDeploymentInput,
  PredictAnswer,
  PredictInput,
  PredictionsQuery,
  UpdateDeploymentInput,
} from './areas/deployments.ts';
export type { EnqueueJobInput, JobLogsQuery, JobsQuery } from './areas/jobs.ts';
export type {
  CreateModelInput,
  DecisionInput,
  ModelsQuery,
  PromoteOptions,
  RegisterVersionInput,
  UpdateModelInput,
  UpdateVersionInput,
} from './areas/models.ts';
export type { CreateProjectInput, UpdateProjectInput } from './areas/projects.ts';
export type { RoleCatalogueInput } from './areas/roles.ts';
export type { CandidateInput, ProfileChangeInput, TeamSettingsInput } from './areas/team.ts';
export type { CreateTokenInput } from './areas/tokens.ts';
export type {
  ArtifactSource,
  CreateRunInput,
  ExperimentsQuery,
  RunBatch,
  RunHandle,
  SearchRunsInput,
  StartRunOptions,
} from './areas/tracking.ts';
export type {
  ImportModelOptions,
  StartEvaluationInput,
  StartTrainingInput,
  StartTuningInput,
} from './areas/training.ts';
export type { CreateUserInput } from './areas/users.ts';
export type { Call } from './call.ts';
export {
  type BatonClient,
  type BatonClientOptions,
  createBatonClient,
  DEFAULT_TIMEOUT_MS,
} from './client.ts';
export { BatonApiError } from './errors.ts';
export type { CallArgs, CallInput, QueryValues } from './request.ts';
export { type BatonSession, type SignInOptions, signIn } from './sign-in.ts';
