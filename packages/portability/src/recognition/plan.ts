import type { FrameworkRegistry, Publication } from '@carepass/frameworks';
import { groupObservations, type ObservationActivityList } from '../observation-activities.js';
import type { RecognitionPolicy } from '../policy.js';
import type { TrainingRoute } from '../training-topics.js';
import { planHours } from './hours.js';
import { collectLeaves } from './tree.js';
import type { NodeDecision, RecognitionStatus, TrainingPlanItem, TrainingPlanKind } from './types.js';

const KIND_ORDER: TrainingPlanKind[] = ['refresher', 'whole-standard', 'top-up', 'observation'];
const round = (value: number): number => Math.round(value * 100) / 100;

/** Options for {@link buildTrainingPlan}. */
export interface BuildTrainingPlanOptions {
  policy: RecognitionPolicy;
  registry: FrameworkRegistry;
  /** Target leaves each micro-qualification evidences in full, by `slug@version`. */
  microQualifications: ReadonlyMap<string, { publication: Publication; leaves: ReadonlySet<string> }>;
  leafStatus: (uri: string) => RecognitionStatus;
  /** Recognised courses that deliver a standard's content, by standard code (the Oliver McGowan training for standard 16). */
  routes?: ReadonlyMap<string, TrainingRoute>;
  /** Observed activities of the target framework, which group its observations. */
  observationActivities?: ObservationActivityList | undefined;
  /** Most micro-qualifications to suggest; default 3. */
  maxSuggestions?: number;
}

/** Turns the standard decisions of an assessment into an ordered training plan. */
export function buildTrainingPlan(standards: readonly NodeDecision[], options: BuildTrainingPlanOptions): TrainingPlanItem[] {
  const { policy } = options;
  const items: Omit<TrainingPlanItem, 'order'>[] = [];
  const toObserve: { code: string; standard: string }[] = [];
  for (const standard of standards) {
    const leaves = collectLeaves([standard]);
    const name = `${standard.code} ${standard.title}`;
    const of = (statuses: RecognitionStatus[]) => leaves.filter((leaf) => statuses.includes(leaf.status));
    const hours = (list: typeof leaves) => round(list.reduce((sum, leaf) => sum + planHours(leaf, policy), 0));
    if (standard.status === 'recognised') continue;
    const route = options.routes?.get(standard.code);
    const via = route ? { hours: route.hours, hoursBasis: route.hoursBasis === 'published' ? ('framework' as const) : ('estimate' as const) } : {};
    const routeNote = route ? ` The recognised route is ${route.title} (${route.hours} h${route.hoursBasis === 'estimate' ? ', estimated' : ''}${route.detail ? `: ${route.detail}` : ''}).` : '';
    if (standard.status === 'gap') {
      items.push({ kind: 'whole-standard', standard: standard.code, title: route ? `Complete standard ${name} through ${route.title}` : `Complete standard ${name}`, competencies: [standard.code], hours: hours(leaves), reason: `Nothing the worker holds evidences this standard.${routeNote}`, ...via });
      continue;
    }
    const refresh = of(['refresh-due']);
    if (refresh.length > 0) {
      const all = refresh.length === leaves.length;
      items.push({
        kind: 'refresher',
        standard: standard.code,
        title: all ? `Refresher: ${name}` : `Refresher in ${name}: ${refresh.map((leaf) => leaf.code).join(', ')}`,
        competencies: all ? [standard.code] : refresh.map((leaf) => leaf.code),
        hours: hours(refresh),
        reason: `Learnt before, but lapsed${refresh[0]?.lapsedOn ? ` on ${refresh[0].lapsedOn}` : ''}.`,
      });
    }
    const missing = of(['gap', 'partial']);
    if (missing.length > 0) {
      items.push({
        kind: 'top-up',
        standard: standard.code,
        title: route ? `Top-up: ${name}, through ${route.title}` : missing.length === 1 && missing[0]?.code === standard.code ? `Top-up: ${name}` : `Top-up in ${name}: ${missing.map((leaf) => leaf.code).join(', ')}`,
        competencies: missing.map((leaf) => leaf.code),
        hours: hours(missing),
        reason: `${leaves.length - missing.length} of ${leaves.length} criteria are already evidenced; only these need training.${routeNote}`,
        ...via,
      });
    }
    for (const leaf of of(['recognised-pending-observation'])) toObserve.push({ code: leaf.code, standard: standard.code });
  }
  // Observations are planned by activity: one observed mealtime covers all of supporting food and drink.
  const titles = new Map(standards.map((standard) => [standard.code, `${standard.code} ${standard.title}`]));
  for (const group of groupObservations(toObserve, options.observationActivities, policy.observationHours)) {
    items.push({
      kind: 'observation',
      ...(group.activity ? { activity: group.activity.id } : { standard: group.standard as string }),
      title: group.activity ? `Observe: ${group.activity.title} (covers ${group.codes.join(', ')})` : `Observe in practice (${titles.get(group.standard as string)}): ${group.codes.join(', ')}`,
      competencies: group.codes,
      hours: group.hours,
      hoursBasis: 'estimate',
      reason: group.activity
        ? `The knowledge is recognised; one observed activity shows the practice of all ${group.codes.length} ${group.codes.length === 1 ? 'criterion' : 'criteria'} (estimated ${group.hours} h).`
        : 'The knowledge is recognised; the new employer observes the practice instead of retraining it.',
    });
  }
  items.sort((left, right) => KIND_ORDER.indexOf(left.kind) - KIND_ORDER.indexOf(right.kind));

  // Suggestions: micro-qualifications that would cover outstanding criteria; those that fill
  // missing content (gaps, top-ups) first, then those that only refresh lapsed learning, most first.
  const outstanding = new Map<string, string>();
  const missing = new Set<string>();
  for (const leaf of collectLeaves(standards)) {
    if (leaf.status === 'gap' || leaf.status === 'partial' || leaf.status === 'refresh-due') outstanding.set(leaf.uri, leaf.code);
    if (leaf.status === 'gap' || leaf.status === 'partial') missing.add(leaf.uri);
  }
  const suggestions = [...options.microQualifications.entries()]
    .map(([ref, { publication, leaves }]) => ({ ref, publication, fills: [...leaves].filter((uri) => missing.has(uri)).length, covered: [...leaves].filter((uri) => outstanding.has(uri)).map((uri) => outstanding.get(uri) as string) }))
    .filter((suggestion) => suggestion.covered.length > 0)
    .sort((left, right) => right.fills - left.fills || right.covered.length - left.covered.length || (left.ref < right.ref ? -1 : 1))
    .slice(0, options.maxSuggestions ?? 3);
  for (const { ref, publication, covered } of suggestions) {
    if (publication.type !== 'MicroQualification') continue;
    items.push({
      kind: 'micro-qualification',
      ref,
      title: `Consider the micro-qualification “${publication.title}”${publication.status === 'draft' ? ' (draft)' : ''}`,
      competencies: covered,
      hours: publication.workload.hours,
      reason: `It covers ${covered.length} outstanding ${covered.length === 1 ? 'criterion' : 'criteria'} (${covered.slice(0, 6).join(', ')}${covered.length > 6 ? ', …' : ''}) and is portable to the next employer.`,
    });
  }
  return items.map((item, position) => ({ order: position + 1, ...item }));
}
