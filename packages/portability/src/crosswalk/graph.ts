import {
  type AssessmentMethod,
  CarepassError,
  type Competency,
  type Framework,
  type FrameworkRegistry,
  formatPublicationRef,
  indexFramework,
  type MicroQualification,
} from '@carepass/frameworks';
import type { Crosswalk, MappingBasis, MappingRelation } from './crosswalk.js';

/** A node of any publication: a framework competency, a micro-qualification learning outcome, or the publication itself. */
export interface GraphNode {
  uri: string;
  /** `slug@version` of the publication that holds it. */
  publication: string;
  /** Competency or outcome code; empty for the publication node. */
  code: string;
  title: string;
  method?: AssessmentMethod | undefined;
  /** Renewal period of the node or its nearest ancestor that has one. */
  renewalMonths?: number | undefined;
  /** Notional hours given in the data for this node, if any. */
  notionalHours?: number | undefined;
  /** URIs of the node and everything below it. */
  subtree: string[];
  /** URIs of the leaves below it (itself when it is a leaf). */
  leaves: string[];
}

/** One hop of a crosswalk path. */
export interface PathStep {
  /** The crosswalk's id. */
  crosswalk: string;
  /** `source slug@version` → `target slug@version`. */
  from: string;
  to: string;
  /** Source codes (several when they are required together) and the target code. */
  sourceCodes: string[];
  targetCode: string;
  relation: MappingRelation;
  coverage: number;
  basis: MappingBasis;
  justification: string;
}

/** A way from one node to another through crosswalks, with what it costs. */
export interface Route {
  /** The evidenced node the route starts from (a part of the evidenced node when a mapping from a part fired). */
  origin: string;
  /** Where it ends. */
  to: string;
  /** The nodes of `origin` and `to` (filled in once the route is complete). */
  originNode?: GraphNode;
  toNode?: GraphNode;
  /** Whether the origin asks for workplace observation (itself or any part of it). */
  originObserved?: boolean;
  /** Product of the coverages along the way. */
  coverage: number;
  steps: PathStep[];
  /** Tightest maximum evidence age along the way. */
  maxAgeMonths?: number | undefined;
  /** Assessment methods each step requires (each inner list: one of these). */
  requiredAssessment: AssessmentMethod[][];
}

interface IndexedMapping {
  crosswalk: Crosswalk;
  from: string[];
  to: string;
  step: Omit<PathStep, 'coverage'> & { coverage: number };
  maxAgeMonths?: number | undefined;
  requiredAssessment?: AssessmentMethod[] | undefined;
}

/** A mapping that needs several source nodes together. */
export interface GroupMapping {
  key: string;
  members: string[];
  to: string;
  step: PathStep;
  maxAgeMonths?: number | undefined;
  requiredAssessment?: AssessmentMethod[] | undefined;
}

/** The node table and crosswalk index the engine works on, built once per engine. */
export interface RecognitionGraph {
  node(uri: string): GraphNode | undefined;
  /** Nodes of a publication, in document order. */
  nodesOf(publication: string): GraphNode[];
  /** Resolves a URI or `slug[@version][#code]` reference to a node URI. */
  resolve(reference: string): string | undefined;
  /** Routes from a node to nodes of the target (and to members of group mappings that lead there). */
  routesFrom(uri: string): Route[];
  groups: GroupMapping[];
  target: string;
}

function publicationRef(publication: Framework | MicroQualification): string {
  return formatPublicationRef({ slug: publication.slug, version: publication.version });
}

function frameworkNodes(framework: Framework): GraphNode[] {
  const ref = publicationRef(framework);
  const index = indexFramework(framework);
  const nodes = new Map<string, GraphNode>();
  const renewal = new Map<string, number | undefined>();
  for (const entry of index.competencies) {
    const inherited = entry.parentCode === undefined ? undefined : renewal.get(entry.parentCode);
    const months = entry.competency.renewalMonths ?? inherited;
    renewal.set(entry.competency.code, months);
    nodes.set(entry.uri, {
      uri: entry.uri,
      publication: ref,
      code: entry.competency.code,
      title: entry.competency.title,
      method: entry.competency.assessmentMethod,
      renewalMonths: months,
      notionalHours: entry.competency.notionalHours,
      subtree: [],
      leaves: [],
    });
  }
  // Fill subtrees bottom-up (the index is depth first, so walk it backwards).
  const byCode = new Map<string, GraphNode>();
  for (const entry of index.competencies) byCode.set(entry.competency.code, nodes.get(entry.uri) as GraphNode);
  for (let position = index.competencies.length - 1; position >= 0; position--) {
    const entry = index.competencies[position] as (typeof index.competencies)[number];
    const node = nodes.get(entry.uri) as GraphNode;
    const children = (entry.competency.children ?? []) as Competency[];
    node.subtree = [node.uri, ...children.flatMap((child) => byCode.get(child.code)?.subtree ?? [])];
    node.leaves = children.length === 0 ? [node.uri] : children.flatMap((child) => byCode.get(child.code)?.leaves ?? []);
  }
  const root: GraphNode = {
    uri: framework.id,
    publication: ref,
    code: '',
    title: framework.title,
    subtree: [framework.id, ...framework.competencies.flatMap((top) => byCode.get(top.code)?.subtree ?? [])],
    leaves: framework.competencies.flatMap((top) => byCode.get(top.code)?.leaves ?? []),
  };
  return [root, ...nodes.values()];
}

function microQualificationNodes(microQualification: MicroQualification): GraphNode[] {
  const ref = publicationRef(microQualification);
  const outcomes = microQualification.learningOutcomes.map((outcome) => {
    const uri = `${microQualification.id}/${outcome.code}`;
    return { uri, publication: ref, code: outcome.code, title: outcome.statement, method: outcome.assessmentMethod, renewalMonths: microQualification.renewalMonths, subtree: [uri], leaves: [uri] };
  });
  const root: GraphNode = {
    uri: microQualification.id,
    publication: ref,
    code: '',
    title: microQualification.title,
    renewalMonths: microQualification.renewalMonths,
    subtree: [microQualification.id, ...outcomes.map((outcome) => outcome.uri)],
    leaves: outcomes.map((outcome) => outcome.uri),
  };
  return [root, ...outcomes];
}

/**
 * The implicit crosswalks of micro-qualifications: each learning outcome evidences the framework
 * competencies it points at, fully (the awarding body asserts it).
 */
export function createMicroQualificationCrosswalks(registry: FrameworkRegistry): Crosswalk[] {
  const crosswalks: Crosswalk[] = [];
  for (const summary of registry.list()) {
    if (summary.type !== 'MicroQualification') continue;
    const microQualification = registry.getMicroQualification(summary.ref);
    const byTarget = new Map<string, Crosswalk['mappings']>();
    for (const outcome of microQualification.learningOutcomes) {
      for (const reference of outcome.competencies) {
        const resolved = registry.findCompetency(reference);
        if (!resolved) continue;
        const target = publicationRef(resolved.framework);
        const mappings = byTarget.get(target) ?? [];
        mappings.push({ from: [outcome.code], to: resolved.competency.code, relation: 'close', coverage: 1, justification: `Learning outcome ${outcome.code} of ${microQualification.title} is aligned to it by the awarding body.` });
        byTarget.set(target, mappings);
      }
    }
    for (const [target, mappings] of byTarget) {
      crosswalks.push({
        type: 'Crosswalk',
        id: `${microQualification.id}#alignment-${target}`,
        slug: `${microQualification.slug}-alignment`,
        version: microQualification.version,
        title: `${microQualification.title} → ${target}`,
        source: summary.ref,
        target,
        publisher: microQualification.awardingBody,
        basis: 'official',
        assertedBy: microQualification.awardingBody.name,
        status: microQualification.status,
        validFrom: microQualification.validFrom,
        mappings,
      });
    }
  }
  return crosswalks;
}

/** Options for {@link buildRecognitionGraph}. */
export interface BuildGraphOptions {
  registry: FrameworkRegistry;
  crosswalks: readonly Crosswalk[];
  /** `slug@version` of the target framework. */
  target: string;
  /** Most crosswalks a route may pass through. */
  maxChainLength: number;
}

/**
 * Builds the node table of every publication in the registry and indexes the crosswalks so
 * routes to the target can be found (and cached) per node.
 */
export function buildRecognitionGraph(options: BuildGraphOptions): RecognitionGraph {
  const { registry, target, maxChainLength } = options;
  const nodes = new Map<string, GraphNode>();
  const byPublication = new Map<string, GraphNode[]>();
  for (const summary of registry.list()) {
    const publication = registry.get(summary.ref);
    const list = publication.type === 'MicroQualification' ? microQualificationNodes(publication) : frameworkNodes(publication);
    byPublication.set(summary.ref, list);
    for (const node of list) if (!nodes.has(node.uri)) nodes.set(node.uri, node);
  }
  if (!byPublication.has(target)) throw new CarepassError('FRAMEWORK_NOT_FOUND', `no framework ${target} in the registry`);

  const uriOf = (publication: string, code: string): string | undefined => byPublication.get(publication)?.find((node) => node.code === code)?.uri;
  const single = new Map<string, IndexedMapping[]>();
  const groupMappings: (IndexedMapping & { key: string })[] = [];
  // Which publications can reach the target within the chain limit (so routes elsewhere are pruned).
  const edges = new Map<string, Set<string>>();
  for (const crosswalk of options.crosswalks) {
    if (!byPublication.has(crosswalk.source) || !byPublication.has(crosswalk.target)) {
      throw new CarepassError('CROSSWALK_INVALID', `crosswalk ${crosswalk.id} joins ${crosswalk.source} and ${crosswalk.target}, which are not both in the registry`);
    }
    const next = edges.get(crosswalk.source) ?? new Set<string>();
    next.add(crosswalk.target);
    edges.set(crosswalk.source, next);
    crosswalk.mappings.forEach((mapping, position) => {
      const from = mapping.from.map((code) => uriOf(crosswalk.source, code));
      const to = uriOf(crosswalk.target, mapping.to);
      if (to === undefined || from.some((uri) => uri === undefined)) {
        throw new CarepassError('CROSSWALK_INVALID', `crosswalk ${crosswalk.id}: mapping #${position} names a code that ${crosswalk.source} or ${crosswalk.target} does not have`);
      }
      const indexed: IndexedMapping = {
        crosswalk,
        from: from as string[],
        to,
        step: {
          crosswalk: crosswalk.id,
          from: crosswalk.source,
          to: crosswalk.target,
          sourceCodes: mapping.from,
          targetCode: mapping.to,
          relation: mapping.relation,
          coverage: mapping.coverage,
          basis: mapping.basis ?? crosswalk.basis,
          justification: mapping.justification,
        },
        maxAgeMonths: mapping.conditions?.maxEvidenceAgeMonths,
        requiredAssessment: mapping.conditions?.requiredAssessment,
      };
      if (indexed.from.length === 1) {
        const list = single.get(indexed.from[0] as string) ?? [];
        list.push(indexed);
        single.set(indexed.from[0] as string, list);
      } else {
        groupMappings.push({ ...indexed, key: `${crosswalk.id}#${position}` });
      }
    });
  }
  // Distance (in crosswalks) from each publication to the target, by breadth-first search backwards.
  const distance = new Map<string, number>([[target, 0]]);
  let frontier = [target];
  for (let hops = 1; hops <= maxChainLength && frontier.length > 0; hops++) {
    const nextFrontier: string[] = [];
    for (const [source, targets] of edges) {
      if (distance.has(source)) continue;
      if (frontier.some((publication) => targets.has(publication))) {
        distance.set(source, hops);
        nextFrontier.push(source);
      }
    }
    frontier = nextFrontier;
  }
  const relevantGroups = groupMappings.filter((group) => {
    const left = distance.get(group.crosswalk.target);
    return left !== undefined && left < maxChainLength;
  });
  const groupMembers = new Set(relevantGroups.flatMap((group) => group.from));

  const cache = new Map<string, Route[]>();
  const routesFrom = (origin: string): Route[] => {
    const cached = cache.get(origin);
    if (cached) return cached;
    const routes: Route[] = [];
    const originNode = nodes.get(origin);
    if (!originNode) {
      cache.set(origin, routes);
      return routes;
    }
    // Depth-first over crosswalk hops; a route never enters a publication twice, so cycles end.
    const walk = (uri: string, route: Route, visited: ReadonlySet<string>): void => {
      const node = nodes.get(uri) as GraphNode;
      if (node.publication === target) {
        routes.push(route);
        return;
      }
      for (const part of node.subtree) if (groupMembers.has(part)) routes.push({ ...route, to: part });
      if (route.steps.length >= maxChainLength) return;
      // A mapping from this node or from anything below it applies: evidence of a node is evidence of its parts.
      for (const part of node.subtree) {
        for (const mapping of single.get(part) ?? []) {
          const next = nodes.get(mapping.to) as GraphNode;
          if (visited.has(next.publication)) continue;
          const left = distance.get(next.publication);
          if (left === undefined || route.steps.length + 1 + left > maxChainLength) continue;
          const requiredAssessment = mapping.requiredAssessment ? [...route.requiredAssessment, mapping.requiredAssessment] : route.requiredAssessment;
          const maxAgeMonths = mapping.maxAgeMonths === undefined ? route.maxAgeMonths : Math.min(mapping.maxAgeMonths, route.maxAgeMonths ?? Number.POSITIVE_INFINITY);
          walk(mapping.to, { origin: route.steps.length === 0 ? part : route.origin, to: mapping.to, coverage: route.coverage * mapping.step.coverage, steps: [...route.steps, mapping.step], maxAgeMonths, requiredAssessment }, new Set([...visited, next.publication]));
        }
      }
    };
    walk(origin, { origin, to: origin, coverage: 1, steps: [], requiredAssessment: [] }, new Set([originNode.publication]));
    for (const route of routes) {
      const start = nodes.get(route.origin) as GraphNode;
      route.originNode = start;
      route.toNode = nodes.get(route.to) as GraphNode;
      route.originObserved = [start.uri, ...start.leaves].some((uri) => {
        const method = nodes.get(uri)?.method;
        return method === 'workplace-observation' || method === 'knowledge-and-observation';
      });
    }
    cache.set(origin, routes);
    return routes;
  };

  const resolve = (reference: string): string | undefined => {
    if (nodes.has(reference)) return reference;
    const competency = registry.findCompetency(reference);
    if (competency) return competency.uri;
    const publication = registry.find(reference);
    if (publication) return publication.id;
    const hash = reference.lastIndexOf('#');
    if (hash > 0) {
      const container = registry.find(reference.slice(0, hash));
      if (container?.type === 'MicroQualification') return uriOf(publicationRef(container), reference.slice(hash + 1));
    }
    return undefined;
  };

  return {
    node: (uri) => nodes.get(uri),
    nodesOf: (publication) => byPublication.get(publication) ?? [],
    resolve,
    routesFrom,
    groups: relevantGroups.map((group) => ({
      key: group.key,
      members: group.from,
      to: group.to,
      step: group.step,
      maxAgeMonths: group.maxAgeMonths,
      requiredAssessment: group.requiredAssessment,
    })),
    target,
  };
}

/** @deprecated Renamed {@link createMicroQualificationCrosswalks} (verb-first); this alias goes in the next minor release. */
export const microQualificationCrosswalks = createMicroQualificationCrosswalks;
