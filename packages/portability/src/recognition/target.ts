// What an engine knows about its target framework, worked out once: each criterion's hours,
// renewal rule and whether it must be observed, the top-level standards, and which
// micro-qualifications would evidence which criteria.
import { type Framework, type FrameworkRegistry, indexFramework, type Publication } from '@carepass/frameworks';
import type { GraphNode, RecognitionGraph } from '../crosswalk/graph.js';
import type { ObservationActivityList } from '../observation-activities.js';
import type { RecognitionPolicy } from '../policy.js';
import type { RenewalRule, TrainingRoute } from '../training-topics.js';
import { programmeHours } from './hours.js';
import { OBSERVED_METHODS } from './support.js';

/** A criterion (leaf) of the target, as the rules see it. */
export interface LeafInfo {
  /** Its position among the target's leaves. */
  index: number;
  node: GraphNode;
  kind: string;
  /** The refresh period that applies to it, if any. */
  renewalMonths?: number | undefined;
  hours: number;
  requiresObservation: boolean;
}

/** The target, indexed for assessing many workers. */
export interface TargetIndex {
  target: Framework;
  /** `slug@version`. */
  ref: string;
  graph: RecognitionGraph;
  registry: FrameworkRegistry;
  policy: RecognitionPolicy;
  index: ReturnType<typeof indexFramework>;
  leafInfo: ReadonlyMap<string, LeafInfo>;
  /** Leaves in document order. */
  leaves: readonly LeafInfo[];
  /** The leaves under a node of the target. */
  leavesOf(node: GraphNode): LeafInfo[];
  /** Where each leaf's refresh period comes from. */
  renewalRules: ReadonlyMap<string, RenewalRule>;
  /** Whether any criterion's hours are the policy's default rather than the framework's own. */
  estimatedLeaves: boolean;
  /** Top-level nodes (standards) and the leaves under each. */
  tops: readonly { code: string; title: string; leaves: LeafInfo[] }[];
  /** The full programme's notional hours. */
  programme: number;
  /** Recognised courses that deliver a standard's content, by standard code. */
  routes: ReadonlyMap<string, TrainingRoute>;
  observationActivities: ObservationActivityList | undefined;
  /** Which target leaves each micro-qualification would evidence in full, by `slug@version`. */
  microQualificationCover: ReadonlyMap<string, { publication: Publication; leaves: Set<string> }>;
}

/** What {@link indexTarget} needs. */
export interface IndexTargetOptions {
  target: Framework;
  graph: RecognitionGraph;
  registry: FrameworkRegistry;
  policy: RecognitionPolicy;
  /** Sourced refresh periods of training topics, by node URI. */
  topicRules: ReadonlyMap<string, RenewalRule>;
  routes: ReadonlyMap<string, TrainingRoute>;
  observationActivities: ObservationActivityList | undefined;
}

/** Indexes the target framework's leaves once per engine. */
export function indexTarget(options: IndexTargetOptions): TargetIndex {
  const { target, graph, registry, policy, topicRules, routes } = options;
  const ref = `${target.slug}@${target.version}`;
  const index = indexFramework(target);
  const renewalRules = new Map<string, RenewalRule>();
  const leafInfo = new Map<string, LeafInfo>();
  let estimatedLeaves = false;
  for (const entry of index.competencies) {
    const node = graph.node(entry.uri) as GraphNode;
    if (node.leaves.length !== 1 || node.leaves[0] !== node.uri) continue;
    // The employer's policy first (on the leaf or any ancestor), then the framework's own period,
    // whose source is a training topic where one names it.
    const codes = [node.code, ...[...entry.ancestors].reverse()];
    const override = codes.map((code) => policy.renewalMonths[code]).find((months) => months !== undefined);
    const months = override ?? node.renewalMonths;
    if (months !== undefined) renewalRules.set(node.uri, override !== undefined ? { months, rule: 'policy' } : (topicRules.get(node.uri) ?? { months, rule: 'framework' }));
    // Hours: the leaf's own, else its share of the nearest ancestor's, else the policy's estimate.
    const ancestorHours = [...entry.ancestors].reverse().map((code) => graph.node(index.byCode.get(code)?.uri ?? ''))
      .find((ancestor) => ancestor?.notionalHours !== undefined);
    const hours = node.notionalHours ?? (ancestorHours ? (ancestorHours.notionalHours as number) / ancestorHours.leaves.length : policy.criterionHours);
    if (node.notionalHours === undefined && !ancestorHours) estimatedLeaves = true;
    leafInfo.set(node.uri, {
      index: leafInfo.size,
      node,
      kind: entry.competency.kind,
      renewalMonths: months,
      hours,
      requiresObservation: node.method !== undefined && OBSERVED_METHODS.has(node.method),
    });
  }
  const leavesCache = new Map<GraphNode, LeafInfo[]>();
  const leavesOf = (node: GraphNode): LeafInfo[] => {
    let leaves = leavesCache.get(node);
    if (!leaves) {
      leaves = node.leaves.map((uri) => leafInfo.get(uri)).filter((leaf): leaf is LeafInfo => leaf !== undefined);
      leavesCache.set(node, leaves);
    }
    return leaves;
  };
  const tops = target.competencies.map((top) => {
    const node = graph.node(index.byCode.get(top.code)?.uri ?? '') as GraphNode;
    return { code: top.code, title: top.title, leaves: leavesOf(node) };
  });

  // Which target leaves each micro-qualification would evidence in full (for plan suggestions).
  const microQualificationCover = new Map<string, { publication: Publication; leaves: Set<string> }>();
  for (const summary of registry.list()) {
    if (summary.type !== 'MicroQualification' || !summary.latest) continue;
    const leaves = new Set<string>();
    for (const route of graph.routesFrom(summary.id)) {
      if (route.coverage < policy.minimumCoverage) continue;
      const reached = graph.node(route.to);
      if (reached?.publication === ref) for (const leaf of reached.leaves) leaves.add(leaf);
    }
    if (leaves.size > 0) microQualificationCover.set(summary.ref, { publication: registry.get(summary.ref), leaves });
  }

  return {
    target,
    ref,
    graph,
    registry,
    policy,
    index,
    leafInfo,
    leaves: [...leafInfo.values()],
    leavesOf,
    renewalRules,
    estimatedLeaves,
    tops,
    programme: programmeHours(tops.map(({ code, leaves }) => ({ code, hours: leaves.map((leaf) => leaf.hours) })), routes),
    routes,
    observationActivities: options.observationActivities,
    microQualificationCover,
  };
}
