/**
 * @module @carepass/portability
 *
 * Crosswalks between care frameworks and recognition of prior learning: given a worker's verified
 * credentials and a target framework, say criterion by criterion what is recognised, what needs a
 * workplace observation, a refresher or a top-up, and what is a gap, with the evidence and
 * crosswalk path behind each decision and a training plan with the notional hours it saves.
 *
 * @example
 * ```ts
 * import { createRecognitionEngine } from '@carepass/portability';
 * const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: '2026-11-23' } });
 * const report = engine.assess([
 *   { id: 'urn:uuid:1', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: '2016-03-01' },
 * ]);
 * console.log(report.summary.headline);
 * ```
 */
export { CarepassError, isCarepassError } from '@carepass/frameworks';
export {
  CrosswalkSchema,
  MappingBasisSchema,
  MappingConditionsSchema,
  MappingRelationSchema,
  MappingSchema,
  parseCrosswalk,
  safeParseCrosswalk,
} from './crosswalk/crosswalk.js';
export type { Crosswalk, Mapping, MappingBasis, MappingRelation } from './crosswalk/crosswalk.js';
export { crosswalkToCaseAssociations, crosswalkToSssomTsv } from './crosswalk/export.js';
export { builtInCrosswalks } from './crosswalk/built-ins.js';
export { createMicroQualificationCrosswalks, microQualificationCrosswalks } from './crosswalk/graph.js';
export type { PathStep } from './crosswalk/graph.js';
export { EvidenceSchema, EvidenceTrustSchema, EvidenceVerificationSchema, evidenceFromCredential } from './evidence.js';
export type { Evidence, EvidenceInput, EvidenceRejection, EvidenceRejectionCode } from './evidence.js';
export { RecognitionPolicySchema } from './policy.js';
export type { RecognitionPolicy, RecognitionPolicyInput } from './policy.js';
export { createRecognitionEngine } from './recognition/engine.js';
export { compareStatuses, RECOGNITION_STATUSES } from './recognition/status.js';
export { planHours } from './recognition/hours.js';
export { collectLeaves } from './recognition/tree.js';
export type {
  AssessEvidenceOptions,
  AssessOptions,
  CreateRecognitionEngineOptions,
  CriterionDecision,
  DecisionBase,
  DecisionReason,
  EvidenceReport,
  NodeDecision,
  RecognitionEngine,
  RecognitionReport,
  RecognitionSummary,
  RecognitionStatus,
  RejectedEvidence,
  StatusCounts,
  TrainingPlanItem,
  TrainingPlanKind,
} from './recognition/types.js';
export { buildTrainingPlan } from './recognition/plan.js';
export type { BuildTrainingPlanOptions } from './recognition/plan.js';
export { describePath, explainCriterion, explainNode } from './render/explain.js';
export { assessCredentials } from './assess-credentials.js';
export type { AssessCredentialsOptions, CredentialToAssess, VerifyCredentialsFunction, VerifyInputsOptions } from './assess-credentials.js';
export { formatRecognitionMarkdown, formatRecognitionText, STATUS_LABELS } from './render/render.js';
export type { TextStyle } from './render/render.js';
export { builtInTrainingTopics, indexTrainingTopics, safeParseTrainingTopics, TrainingTopicListSchema, TrainingTopicRenewalSchema, TrainingTopicSchema } from './training-topics.js';
export type { RenewalRule, TrainingRoute, TrainingTopic, TrainingTopicList, TrainingTopicRenewal } from './training-topics.js';
export { findTrainingRoutes, routesFor } from './training-topics.js';
export { buildTrainingMatrix, formatTrainingMatrixCsv } from './training-matrix.js';
export { AscWdsTrainingFormatSchema, builtInAscWdsTrainingFormat, formatTrainingMatrixAscWds } from './asc-wds.js';
export type { AscWdsSkipped, AscWdsTrainingFile, AscWdsTrainingFormat, FormatTrainingMatrixAscWdsOptions } from './asc-wds.js';
export type { BuildTrainingMatrixOptions, TrainingMatrix, TrainingMatrixEntry, TrainingMatrixRejection, TrainingMatrixStatus, TrainingMatrixWorker } from './training-matrix.js';
export { builtInObservationActivities, groupObservations, ObservationActivityListSchema, ObservationActivitySchema } from './observation-activities.js';
export type { ObservationActivity, ObservationActivityList, ObservationGroup } from './observation-activities.js';
