export { aliasHistory, listAliases } from './alias-history.ts';
export { createRegisteredModel } from './create-model.ts';
export { decideApproval } from './decide-approval.ts';
export { deleteAlias } from './delete-alias.ts';
export { deleteRegisteredModel } from './delete-model.ts';
export { deleteModelVersion } from './delete-version.ts';
export { evaluateGates } from './evaluate-gates.ts';
export { getRegisteredModel } from './get-model.ts';
export { deletePromotionPolicy, getPromotionPolicy, listPromotionPolicies } from './get-policy.ts';
export { getModelVersion, listModelVersions } from './get-version.ts';
export { promoteAlias } from './promote-alias.ts';
export {
  type PromotionCheck,
  type PromotionCheckInput,
  type PromotionCheckResult,
  promotionCheckNames,
  registerPromotionCheck,
  unregisterPromotionCheck,
} from './promotion-checks.ts';
export { putPromotionPolicy } from './put-policy.ts';
export { registerModelVersion } from './register-version.ts';
export { listApprovals, revokeApproval } from './revoke-approval.ts';
export { rollbackAlias } from './rollback-alias.ts';
export { searchRegisteredModels } from './search-models.ts';
export { searchModelVersions } from './search-versions.ts';
export { stageOf, transitionModelVersionStage } from './transition-stage.ts';
export { updateRegisteredModel } from './update-model.ts';
export { updateModelVersion } from './update-version.ts';
export { versionLineage } from './version-lineage.ts';
