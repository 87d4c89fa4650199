import { z } from 'zod';
import { builtInRegistry, CarepassError, type FrameworkRegistry, getCompetencyUri, ProvenanceSchema, type ResolvedCompetency, safeParseWithSchema, SourceSchema, type ValidationIssue, type ValidationResult } from '@carepass/frameworks';
import adultSocialCareEngland from '../data/training-topics/adult-social-care-england.json' with { type: 'json' };
import type { RecognitionGraph } from './crosswalk/graph.js';

/** A refresh period and the rule it comes from. */
export interface RenewalRule {
  months: number;
  rule: 'policy' | 'framework' | 'topic';
  /** For `topic`: the topic's id, e.g. `safeguarding-adults`. */
  topic?: string;
  /** For `topic`: the titles of the sources that publish the period. */
  sources?: string[];
}

/** A refresh period and where it comes from. */
export const TrainingTopicRenewalSchema = z.strictObject({
  /** Months after completion when the training must be refreshed. */
  months: z.number().int().positive().max(1200),
  /** The sources that publish the period, with locators; conflicts between sources are recorded. */
  provenance: ProvenanceSchema,
});
/** A refresh period and where it comes from. */
export type TrainingTopicRenewal = z.infer<typeof TrainingTopicRenewalSchema>;

/**
 * One core or mandatory training topic (basic life support, safeguarding adults, fire safety…):
 * who it applies to, how often it must be refreshed where a period is published, the framework
 * competencies whose credentials evidence it, and its Adult Social Care Workforce Data Set
 * (ASC-WDS) training category.
 */
export const TrainingTopicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a topic id is lower-case words joined by hyphens'),
  title: z.string().min(1),
  /** Who must keep it current, e.g. `all workers`. */
  appliesTo: z.string().min(1),
  /** The refresh period, where a source publishes one. */
  renewal: TrainingTopicRenewalSchema.optional(),
  /** Why no period is set, when none is published. */
  renewalNote: z.string().min(1).optional(),
  /**
   * What evidences it: competency references (`care-certificate@2025#12`), framework references
   * (a credential for a whole framework evidences every topic inside it) or micro-qualification
   * references (`medication-administration@1`).
   */
  competencies: z.array(z.string().min(1)).min(1),
  /**
   * The recognised course that delivers the topic, when there is one (the Oliver McGowan Mandatory
   * Training for learning disability and autism): a plan that needs the topic's content names it,
   * with its published duration, instead of an estimate per criterion.
   */
  route: z
    .strictObject({
      title: z.string().min(1),
      hours: z.number().positive().max(1000),
      hoursBasis: z.enum(['published', 'estimate']),
      detail: z.string().optional(),
      provenance: ProvenanceSchema,
    })
    .optional(),
  /** The ASC-WDS training category the topic is recorded under. */
  ascWdsCategory: z.string().min(1).optional(),
  /** Where the ASC-WDS category name comes from. */
  ascWdsProvenance: ProvenanceSchema.optional(),
  /** Why it is a core or mandatory topic. */
  provenance: ProvenanceSchema,
});
/** One core or mandatory training topic. */
export type TrainingTopic = z.infer<typeof TrainingTopicSchema>;

/** A published list of training topics, such as those for adult social care in England. */
export const TrainingTopicListSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.literal('TrainingTopicList'),
  id: z.url(),
  slug: z.string().min(1),
  version: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
  jurisdiction: z.array(z.string().min(2)).min(1),
  updated: z.iso.date().optional(),
  sources: z.array(SourceSchema).min(1),
  topics: z.array(TrainingTopicSchema).min(1),
});
/** A published list of training topics. */
export type TrainingTopicList = z.infer<typeof TrainingTopicListSchema>;

/**
 * Parses and checks a list of training topics: the schema, unique topic ids, that every cited
 * source is listed, that every period or its absence is explained, and that every competency
 * reference resolves in the registry. Never throws on bad data.
 */
export function safeParseTrainingTopics(input: unknown, options: { registry?: FrameworkRegistry } = {}): ValidationResult<TrainingTopicList> {
  const parsed = safeParseWithSchema(TrainingTopicListSchema, input);
  if (!parsed.ok) return parsed;
  const list = parsed.value;
  const registry = options.registry ?? builtInRegistry();
  const issues: ValidationIssue[] = [];
  const sourceIds = new Set(list.sources.map((source) => source.id));
  const seen = new Set<string>();
  list.topics.forEach((topic, index) => {
    const path = `$.topics[${index}]`;
    if (seen.has(topic.id)) issues.push({ code: 'duplicate_topic', path: `${path}.id`, message: `topic "${topic.id}" appears twice` });
    seen.add(topic.id);
    if (!topic.renewal && !topic.renewalNote) issues.push({ code: 'renewal_unexplained', path, message: 'a topic without a refresh period says why (renewalNote)' });
    for (const [where, provenance] of [['provenance', topic.provenance], ['renewal.provenance', topic.renewal?.provenance], ['route.provenance', topic.route?.provenance], ['ascWdsProvenance', topic.ascWdsProvenance]] as const) {
      for (const id of [...(provenance?.sources ?? []), ...(provenance?.citations ?? []).map((citation) => citation.source)]) {
        if (!sourceIds.has(id)) issues.push({ code: 'source_unknown', path: `${path}.${where}`, message: `source "${id}" is not in the list's sources` });
      }
    }
    topic.competencies.forEach((reference, position) => {
      const found = reference.includes('#') ? registry.findCompetency(reference) : registry.find(reference);
      if (!found) issues.push({ code: 'unresolved_reference', path: `${path}.competencies[${position}]`, message: `"${reference}" is not a competency, framework or micro-qualification in the registry` });
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: list, issues: [] };
}

let builtIn: TrainingTopicList | undefined;

/** The built-in core and mandatory training topics for adult social care in England, checked on first use. */
export function builtInTrainingTopics(): TrainingTopicList {
  if (!builtIn) {
    const result = safeParseTrainingTopics(adultSocialCareEngland);
    if (!result.ok) throw new CarepassError('INVALID_ARGUMENT', `the built-in training topics are invalid: ${result.issues[0]?.path}: ${result.issues[0]?.message}`, { details: { issues: result.issues } });
    builtIn = result.value;
  }
  return builtIn;
}

/**
 * What a topic's reference names: a competency (`slug@version#code`, or a competency URI) with its
 * URI, or else a framework or micro-qualification (`slug@version`) by its URI.
 */
function resolveReference(reference: string, registry: FrameworkRegistry): { uri: string; competency?: ResolvedCompetency } | undefined {
  const competency = registry.findCompetency(reference);
  if (competency) return { uri: competency.uri, competency };
  const publication = reference.includes('#') ? undefined : registry.find(reference);
  return publication ? { uri: publication.id } : undefined;
}

/**
 * An index from competency, framework and micro-qualification URIs to the topics they evidence. A
 * credential for a node evidences the topics that name that node or any node beneath it (a whole
 * Care Certificate evidences fire safety, which names its outcome 13.7); a credential for only part
 * of what a topic names does not.
 */
export function indexTrainingTopics(list: TrainingTopicList, registry: FrameworkRegistry = builtInRegistry()): (uri: string) => TrainingTopic[] {
  const byUri = new Map<string, Set<TrainingTopic>>();
  const add = (uri: string, topic: TrainingTopic) => {
    const topics = byUri.get(uri) ?? new Set<TrainingTopic>();
    topics.add(topic);
    byUri.set(uri, topics);
  };
  for (const topic of list.topics) {
    for (const reference of topic.competencies) {
      const named = resolveReference(reference, registry);
      if (!named) continue;
      add(named.uri, topic);
      const { competency } = named;
      if (competency) {
        for (const ancestor of competency.ancestors) add(getCompetencyUri(competency.framework, ancestor), topic);
        add(competency.framework.id, topic);
      }
    }
  }
  return (uri) => [...(byUri.get(uri) ?? [])];
}

/**
 * Gives the nodes of a recognition graph that topics name (and everything beneath them) the
 * topics' sourced refresh periods, where the framework data sets none (the framework's own period
 * wins; of two topics, the shorter period). Returns, by node URI, the rule it now follows.
 */
export function applyTopicRenewals(graph: RecognitionGraph, topics: TrainingTopicList | null, registry: FrameworkRegistry): Map<string, RenewalRule> {
  const rules = new Map<string, RenewalRule>();
  if (!topics) return rules;
  const titles = new Map(topics.sources.map((source) => [source.id, source.title]));
  for (const topic of topics.topics) {
    const renewal = topic.renewal;
    if (!renewal) continue;
    const rule: RenewalRule = { months: renewal.months, rule: 'topic', topic: topic.id, sources: (renewal.provenance.sources ?? []).map((id) => titles.get(id) ?? id) };
    for (const reference of topic.competencies) {
      const uri = resolveReference(reference, registry)?.uri;
      const named = uri === undefined ? undefined : graph.node(uri);
      if (!named) continue;
      for (const below of named.subtree) {
        const node = graph.node(below);
        if (!node) continue;
        const current = rules.get(below);
        if (node.renewalMonths === undefined || (current !== undefined && renewal.months < current.months)) {
          node.renewalMonths = renewal.months;
          rules.set(below, rule);
        }
      }
    }
  }
  return rules;
}

/** A recognised course that delivers a target standard's content, and its duration. */
export interface TrainingRoute {
  topic: string;
  title: string;
  hours: number;
  hoursBasis: 'published' | 'estimate';
  detail?: string;
}

/** The routes of the topics that name a target framework's nodes, by the node's code. */
export function findTrainingRoutes(topics: TrainingTopicList | null, framework: string, registry: FrameworkRegistry): Map<string, TrainingRoute> {
  const routes = new Map<string, TrainingRoute>();
  for (const topic of topics?.topics ?? []) {
    if (!topic.route) continue;
    for (const reference of topic.competencies) {
      const competency = resolveReference(reference, registry)?.competency;
      if (!competency || `${competency.framework.slug}@${competency.framework.version}` !== framework) continue;
      routes.set(competency.competency.code, { topic: topic.id, title: topic.route.title, hours: topic.route.hours, hoursBasis: topic.route.hoursBasis, ...(topic.route.detail ? { detail: topic.route.detail } : {}) });
    }
  }
  return routes;
}

/** @deprecated Renamed {@link findTrainingRoutes} (verb-first); this alias goes in the next minor release. */
export const routesFor = findTrainingRoutes;
