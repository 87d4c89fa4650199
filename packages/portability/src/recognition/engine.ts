// The recognition engine: wiring only. The rules live beside it: status.ts (ranks and roll-up),
// rules.ts (what one support decides), support.ts (how evidence reaches a node), decide.ts (the
// best support per criterion), hours.ts (the one hours rule), report.ts and summary.ts (results).
import { builtInRegistry, CarepassError, type FrameworkRegistry } from '@carepass/frameworks';
import { builtInCrosswalks } from '../crosswalk/built-ins.js';
import { type Crosswalk, safeParseCrosswalk } from '../crosswalk/crosswalk.js';
import { buildRecognitionGraph, createMicroQualificationCrosswalks } from '../crosswalk/graph.js';
import { builtInObservationActivities } from '../observation-activities.js';
import { RecognitionPolicySchema } from '../policy.js';
import { applyTopicRenewals, builtInTrainingTopics, findTrainingRoutes } from '../training-topics.js';
import { createDecider } from './decide.js';
import { buildReport } from './report.js';
import { summarise } from './summary.js';
import { indexTarget } from './target.js';
import type { CreateRecognitionEngineOptions, RecognitionEngine } from './types.js';

/**
 * Creates a recognition engine for a target framework: indexes every publication and crosswalk
 * once, so assessing each worker is pure computation over precomputed routes.
 *
 * @throws {@link CarepassError} `FRAMEWORK_NOT_FOUND` for an unknown target, `CROSSWALK_INVALID`
 * for a crosswalk that does not fit the registry, `INVALID_ARGUMENT` for a bad policy.
 * @example
 * ```ts
 * const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: '2026-11-23' } });
 * const report = engine.assess([{ id: 'cc-2016', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: '2016-03-01' }]);
 * console.log(report.summary.headline);
 * ```
 */
export function createRecognitionEngine(options: CreateRecognitionEngineOptions): RecognitionEngine {
  if (typeof options !== 'object' || options === null) throw new CarepassError('INVALID_ARGUMENT', 'createRecognitionEngine needs an options object with a target');
  const registry = options.registry ?? builtInRegistry();
  const parsedPolicy = RecognitionPolicySchema.safeParse(options.policy ?? {});
  if (!parsedPolicy.success) {
    const issue = parsedPolicy.error.issues[0];
    throw new CarepassError('INVALID_ARGUMENT', `invalid recognition policy at $.${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const policy = parsedPolicy.data;
  const target = registry.getFramework(options.target);
  const targetRef = `${target.slug}@${target.version}`;
  const crosswalks = [...(options.crosswalks === undefined ? builtInCrosswalks() : validCrosswalks(options.crosswalks, registry)), ...createMicroQualificationCrosswalks(registry)];
  const graph = buildRecognitionGraph({ registry, crosswalks, target: targetRef, maxChainLength: policy.maxChainLength });
  const topics = options.topics === undefined ? builtInTrainingTopics() : options.topics;
  const indexed = indexTarget({
    target,
    graph,
    registry,
    policy,
    // Sourced refresh periods of training topics, where the frameworks set none (on both sides of
    // a crosswalk: the evidence's node and the target's).
    topicRules: applyTopicRenewals(graph, topics, registry),
    // Recognised courses that deliver a standard's content (training topics' routes), by code.
    routes: findTrainingRoutes(topics, targetRef, registry),
    // Observations are planned by observed activity, each taking its time.
    observationActivities: builtInObservationActivities(targetRef),
  });
  const decide = createDecider(indexed);
  return {
    target,
    policy,
    assess: (evidence, assessOptions = {}) => buildReport(indexed, decide(evidence, assessOptions), assessOptions),
    summarise: (evidence, assessOptions = {}) => summarise(indexed, decide(evidence, assessOptions), assessOptions),
  };
}

/** Validates caller-supplied crosswalks, so a malformed one is a coded error naming where it is. */
function validCrosswalks(input: unknown, registry: FrameworkRegistry): Crosswalk[] {
  if (!Array.isArray(input)) throw new CarepassError('INVALID_ARGUMENT', 'crosswalks must be an array');
  return input.map((candidate: unknown, position) => {
    const result = safeParseCrosswalk(candidate, { registry });
    if (result.ok) return result.value;
    const issue = result.issues[0];
    throw new CarepassError('CROSSWALK_INVALID', `crosswalks[${position}] is not a valid crosswalk: ${issue?.path ?? '$'}: ${issue?.message ?? 'invalid'}`, { details: { issues: result.issues } });
  });
}
