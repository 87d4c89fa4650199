// The search: for every criterion of the target, the best support a worker's evidence gives it.
// Shared by the full report and the summary, so both decide the same way.
import { CarepassError } from '@carepass/frameworks';
import type { GraphNode, Route } from '../crosswalk/graph.js';
import { addMonths, isoDate, parseAsOf } from '../dates.js';
import { type Evidence, type EvidenceInput, EvidenceSchema } from '../evidence.js';
import { rateSupport } from './rules.js';
import { combineSupports, compareTies, copySupport, directSupport, evidenceIds, extendSupport, finishSupport, newSupport, type Support } from './support.js';
import type { TargetIndex } from './target.js';
import type { AssessEvidenceOptions, EvidenceReport } from './types.js';

const MAX_GROUP_COMBINATIONS = 16;
const MAX_CACHED_PLANS = 10_000;
/** Most evidence items one assessment takes: far more than any worker holds. */
const MAX_EVIDENCE = 10_000;

/** What the search found for one worker. */
export interface Decisions {
  asOf: number;
  /** Per leaf (by `LeafInfo.index`): the rank of the best support, meaningful where `bestSupport` is set. */
  bestRank: Int8Array;
  bestSupport: (Support | undefined)[];
  /** The best support for a leaf, with this worker's own evidence item in it. */
  supportAt(index: number): Support | undefined;
  /** Leaves reached only by claims (self-declared or unverified evidence), by URI, with the claims' ids. */
  claims: Map<string, Set<string>>;
  /** How each evidence item was used (its `decides` is filled in by the report). */
  reports: EvidenceReport[];
}

/** What one evidence item decides on its own, leaf by leaf (the best of its routes). */
interface ItemPlan {
  leaves: number[];
  ranks: number[];
  supports: Support[];
}

/** Parses a worker's evidence, so a malformed item is a coded error with its JSON path. */
export function parseEvidenceList(input: readonly EvidenceInput[]): Evidence[] {
  if (!Array.isArray(input)) throw new CarepassError('INVALID_ARGUMENT', 'evidence must be an array');
  if (input.length > MAX_EVIDENCE) throw new CarepassError('INVALID_ARGUMENT', `${input.length} evidence items is over the limit of ${MAX_EVIDENCE} for one worker`);
  return input.map((item, position) => {
    const parsed = EvidenceSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CarepassError('INVALID_ARGUMENT', `evidence[${position}]${issue?.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  });
}

/** Creates the search for one indexed target; its caches are shared by every worker assessed. */
export function createDecider(target: TargetIndex): (input: readonly EvidenceInput[], options: AssessEvidenceOptions) => Decisions {
  const { graph, policy, leavesOf } = target;
  const targetRef = target.ref;

  const memberRoutesCache = new Map<string, Route[]>();
  /** Routes from a node to group members outside the target. */
  const memberRoutesFrom = (uri: string): Route[] => {
    let routes = memberRoutesCache.get(uri);
    if (!routes) {
      routes = graph.routesFrom(uri).filter((route) => (route.toNode as GraphNode).publication !== targetRef);
      memberRoutesCache.set(uri, routes);
    }
    return routes;
  };
  /** Every time limit (in months) that can apply to evidence of these origins, sorted. */
  const limitsCache = new Map<string, number[]>();
  const limitsFor = (key: string, origins: readonly string[]): number[] => {
    let limits = limitsCache.get(key);
    if (!limits) {
      const months = new Set<number>();
      if (policy.maxEvidenceAgeMonths !== undefined) months.add(policy.maxEvidenceAgeMonths);
      for (const uri of origins) {
        const own = graph.node(uri)?.renewalMonths;
        if (own !== undefined) months.add(own);
        for (const route of graph.routesFrom(uri)) {
          if (route.maxAgeMonths !== undefined) months.add(route.maxAgeMonths);
          const start = route.originNode?.renewalMonths;
          if (start !== undefined) months.add(start);
          for (const leaf of leavesOf(route.toNode as GraphNode)) if (leaf.renewalMonths !== undefined) months.add(leaf.renewalMonths);
        }
      }
      limits = [...months].sort((left, right) => left - right);
      limitsCache.set(key, limits);
    }
    return limits;
  };
  const planCache = new Map<string, ItemPlan>();
  const planItem = (origins: readonly string[], bases: readonly Support[], item: Evidence, asOf: number): ItemPlan => {
    const found = new Map<number, { rank: number; support: Support }>();
    const scratch = newSupport();
    origins.forEach((uri, position) => {
      for (const route of graph.routesFrom(uri)) {
        const reached = route.toNode as GraphNode;
        if (reached.publication !== targetRef) continue;
        const probe = extendSupport(scratch, bases[position] as Support, route, item.assessmentMethod, policy);
        let kept: Support | undefined;
        for (const leaf of leavesOf(reached)) {
          const rank = rateSupport(probe, leaf, asOf, policy);
          if (rank < 0) continue;
          const current = found.get(leaf.index);
          if (current === undefined || rank > current.rank || (rank === current.rank && compareTies(probe.confidence, probe.achievedAt, evidenceIds(probe), probe.steps.length, current.support.confidence, current.support.achievedAt, evidenceIds(current.support), current.support.steps.length) > 0)) {
            kept ??= copySupport(probe);
            found.set(leaf.index, { rank, support: kept });
          }
        }
      }
    });
    const plan: ItemPlan = { leaves: [], ranks: [], supports: [] };
    for (const [leaf, { rank, support }] of found) {
      plan.leaves.push(leaf);
      plan.ranks.push(rank);
      plan.supports.push(support);
    }
    return plan;
  };

  return (input, assessOptions) => {
    const asOf = parseAsOf(assessOptions.asOf ?? policy.asOf);
    const evidence = parseEvidenceList(input);
    // Order-independence: work on the evidence sorted by id (then date).
    evidence.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : Date.parse(left.achievedAt) - Date.parse(right.achievedAt)));

    // The best support found so far for each target leaf, with what breaks ties (compareTies),
    // kept in typed arrays: this is the inner loop of assessing a cohort.
    const size = target.leaves.length;
    const bestRank = new Int8Array(size);
    const bestConfidence = new Float64Array(size);
    const bestAchievedAt = new Float64Array(size);
    const bestSteps = new Int32Array(size);
    const bestIds: string[] = new Array<string>(size).fill('');
    const bestSupport: (Support | undefined)[] = new Array<Support | undefined>(size).fill(undefined);
    /** The evidence item a cached template stands for, when it is not the template's own. */
    const bestItem: (Evidence | undefined)[] = new Array<Evidence | undefined>(size).fill(undefined);
    const consider = (index: number, rank: number, support: Support, item: Evidence | undefined, achievedAt: number, ids: string): void => {
      if (bestSupport[index] !== undefined) {
        const currentRank = bestRank[index] as number;
        if (rank < currentRank) return;
        if (rank === currentRank && compareTies(support.confidence, achievedAt, ids, support.steps.length, bestConfidence[index] as number, bestAchievedAt[index] as number, bestIds[index] as string, bestSteps[index] as number) <= 0) return;
      }
      bestRank[index] = rank;
      bestConfidence[index] = support.confidence;
      bestAchievedAt[index] = achievedAt;
      bestSteps[index] = support.steps.length;
      bestIds[index] = ids;
      bestSupport[index] = support;
      bestItem[index] = item;
    };
    const claims = new Map<string, Set<string>>();
    const memberSupports = new Map<string, Support[]>();
    const reports: EvidenceReport[] = [];

    const offer = (support: Support, reached: GraphNode): void => {
      const to = reached.uri;
      if (reached.publication !== targetRef) {
        const list = memberSupports.get(to) ?? [];
        list.push(support);
        memberSupports.set(to, list);
        return;
      }
      const ids = evidenceIds(support);
      for (const leaf of leavesOf(reached)) {
        const rank = rateSupport(support, leaf, asOf, policy);
        if (rank >= 0) consider(leaf.index, rank, support, undefined, support.achievedAt, ids);
      }
    };

    for (const item of evidence) {
      const report: EvidenceReport = { id: item.id, verification: item.verification, trust: item.trust, achievedAt: item.achievedAt, counted: false, decides: 0 };
      if (item.title !== undefined) report.title = item.title;
      if (item.issuer !== undefined) report.issuer = item.issuer.name === undefined ? { id: item.issuer.id } : { id: item.issuer.id, name: item.issuer.name };
      if (item.source !== undefined) report.source = item.source;
      reports.push(report);
      const achievedAt = Date.parse(item.achievedAt);
      const origins = item.competencies.map((reference) => graph.resolve(reference)).filter((uri): uri is string => uri !== undefined);
      if (origins.length === 0) {
        report.reason = 'it names nothing in the frameworks Carepass knows';
        continue;
      }
      if (achievedAt > asOf) {
        report.reason = `it was achieved after the assessment date (${isoDate(asOf)})`;
        continue;
      }
      const claim = item.verification !== 'verified';
      if (claim) report.reason = `it is ${item.verification}, so it is shown as a claim and never counted`;
      else if ((item.trust === 'untrusted' || item.trust === 'out-of-scope') && !policy.acceptUntrusted) {
        report.reason = item.trust === 'untrusted' ? 'its issuer is not in the trust registry (the policy does not accept untrusted issuers)' : 'its issuer is trusted, but not for this (the policy does not accept untrusted issuers)';
        continue;
      }
      if (!claim) report.counted = true;
      const validUntil = item.validUntil === undefined ? undefined : Date.parse(item.validUntil);
      const unique = [...new Set(origins)];
      if (claim) {
        for (const uri of unique) {
          for (const route of graph.routesFrom(uri)) {
            const reached = route.toNode as GraphNode;
            if (reached.publication === targetRef) for (const leaf of reached.leaves) claims.set(leaf, (claims.get(leaf) ?? new Set()).add(item.id));
          }
        }
        continue;
      }
      const bases = unique.map((uri) => directSupport(item, graph.node(uri) as GraphNode, achievedAt, validUntil, policy));
      // Routes to group members (outside the target) are followed for each item.
      unique.forEach((uri, position) => {
        for (const route of memberRoutesFrom(uri)) offer(extendSupport(newSupport(), bases[position] as Support, route, item.assessmentMethod, policy), route.toNode as GraphNode);
      });
      // Routes into the target: what one item decides depends only on where it points, how it was
      // assessed, the trust in its issuer, and which time limits it has passed, so it is computed
      // once per such signature and reused (this is what makes large cohorts fast).
      const routeSet = unique.join(' ');
      const limits = limitsFor(routeSet, unique);
      let key = `${routeSet}|${item.assessmentMethod ?? ''}|${item.trust}|${validUntil !== undefined && validUntil <= asOf ? 1 : 0}|`;
      for (const months of limits) key += addMonths(achievedAt, months) <= asOf ? '1' : '0';
      let plan = planCache.get(key);
      if (!plan) {
        plan = planItem(unique, bases, item, asOf);
        if (planCache.size >= MAX_CACHED_PLANS) planCache.clear();
        planCache.set(key, plan);
      }
      for (let position = 0; position < plan.leaves.length; position++) {
        consider(plan.leaves[position] as number, plan.ranks[position] as number, plan.supports[position] as Support, item, achievedAt, item.id);
      }
    }

    // Mappings that need several source competencies together: every combination of the ways
    // each member is evidenced (bounded), for as many rounds as a chain may be long.
    if (graph.groups.length > 0 && memberSupports.size > 0) {
      const seen = new Set<string>();
      for (let round = 0; round < policy.maxChainLength; round++) {
        let added = false;
        for (const group of graph.groups) {
          const lists = group.members.map((member) => memberSupports.get(member) ?? []);
          if (lists.some((list) => list.length === 0)) continue;
          let combinations: Support[][] = [[]];
          for (const list of lists) {
            combinations = combinations.flatMap((prefix) => list.map((support) => [...prefix, support])).slice(0, MAX_GROUP_COMBINATIONS);
          }
          for (const members of combinations) {
            const key = `${group.key}|${members.map((member) => `${member.evidence.map((entry) => entry.id).join(',')}@${member.steps.length}`).join('|')}`;
            if (seen.has(key)) continue;
            seen.add(key);
            added = true;
            const combined = combineSupports(members, group, policy);
            for (const route of graph.routesFrom(group.to)) offer(extendSupport(newSupport(), combined, route, undefined, policy), route.toNode as GraphNode);
          }
        }
        if (!added) break;
      }
    }

    // A winner taken from a cached plan stands for this worker's own item: rebuild it with that
    // item when the full report needs it (the summary only needs its rank and coverage).
    const supportAt = (index: number): Support | undefined => {
      const item = bestItem[index];
      const support = bestSupport[index];
      if (item === undefined || support === undefined || support.evidence[0] === item) return support;
      const own = copySupport(support);
      own.evidence = [item];
      own.achievedAt = bestAchievedAt[index] as number;
      own.validUntil = item.validUntil === undefined ? undefined : Date.parse(item.validUntil);
      return finishSupport(own, policy);
    };
    return { asOf, bestRank, bestSupport, supportAt, claims, reports };
  };
}
