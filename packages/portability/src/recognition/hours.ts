// The one hours rule: what a criterion still takes, what a standard delivered by a recognised
// course takes, and how workplace observations are timed by observed activity.
import { groupObservations, type ObservationActivityList } from '../observation-activities.js';
import type { RecognitionPolicy } from '../policy.js';
import type { TrainingRoute } from '../training-topics.js';
import { round } from './status.js';
import type { CriterionDecision, RecognitionStatus, StatusCounts } from './types.js';

/**
 * Notional hours still to do for one criterion with this status: none when recognised; the
 * policy's refresher share when due a refresher; the part not covered when partial; all of it
 * when a gap. A criterion pending observation is timed with its observed activity instead (see
 * {@link startHoursTally}); on its own it counts the policy's hours per observation.
 */
export function hoursToDo(status: RecognitionStatus, hours: number, coverage: number, policy: RecognitionPolicy): number {
  switch (status) {
    case 'recognised':
      return 0;
    case 'recognised-pending-observation':
      return policy.observationHours;
    case 'refresh-due':
      return hours * policy.refresherShare;
    case 'partial':
      return hours * (1 - coverage);
    default:
      return hours;
  }
}

/** Notional hours still to do for a criterion under a policy. */
export function planHours(leaf: CriterionDecision, policy: RecognitionPolicy): number {
  return hoursToDo(leaf.status, leaf.hours, leaf.coverage, policy);
}

/** What the hours rule needs to know about a target. */
export interface HoursRuleOptions {
  policy: RecognitionPolicy;
  /** Recognised courses that deliver a standard's content, by standard code. */
  routes: ReadonlyMap<string, TrainingRoute>;
  /** The target's observed activities. */
  observationActivities: ObservationActivityList | undefined;
}

/** Adds up the hours still to do, standard by standard, criterion by criterion. */
export interface HoursTally {
  /** Starts the next standard (closing the one before). */
  standard(code: string): void;
  /** Adds one criterion of the current standard. */
  criterion(code: string, status: RecognitionStatus, hours: number, coverage: number): void;
  /** The hours still to do, rounded (closes the last standard). */
  total(): number;
}

/**
 * Starts a tally of the hours left: each criterion's share by {@link hoursToDo}, except that a
 * standard with a recognised course takes the course's time once for its missing criteria, and
 * observations take their observed activity's time, once per activity.
 */
export function startHoursTally(options: HoursRuleOptions): HoursTally {
  const { policy, routes, observationActivities } = options;
  const toObserve: { code: string; standard: string }[] = [];
  let trained = 0;
  let current = '';
  let route: TrainingRoute | undefined;
  let routed = false;
  const close = (): void => {
    if (route && routed) trained += route.hours;
    route = undefined;
    routed = false;
  };
  return {
    standard(code) {
      close();
      current = code;
      route = routes.get(code);
    },
    criterion(code, status, hours, coverage) {
      if (status === 'recognised-pending-observation') toObserve.push({ code, standard: current });
      else if (route && (status === 'gap' || status === 'partial')) routed = true;
      else trained += hoursToDo(status, hours, coverage, policy);
    },
    total() {
      close();
      const observing = groupObservations(toObserve, observationActivities, policy.observationHours).reduce((sum, group) => sum + group.hours, 0);
      return round(trained + observing);
    },
  };
}

/**
 * The full programme's notional hours: every criterion's hours, except that a standard delivered
 * by a recognised course counts the course's time instead of its criteria's.
 */
export function programmeHours(standards: readonly { code: string; hours: readonly number[] }[], routes: ReadonlyMap<string, TrainingRoute>): number {
  let total = 0;
  for (const { code, hours } of standards) {
    const own = hours.reduce((sum, value) => sum + value, 0);
    const route = routes.get(code);
    total += route ? route.hours : own;
  }
  return round(total);
}

/** Whether the report's hours are the framework's own or include the policy's estimates, and a note saying which. */
export function hoursBasis(estimatedLeaves: boolean, criteria: StatusCounts, policy: RecognitionPolicy): { basis: 'estimate' | 'framework'; note: string } {
  return estimatedLeaves || criteria['recognised-pending-observation'] > 0 || criteria['refresh-due'] > 0
    ? { basis: 'estimate', note: `estimated, not published: ${policy.criterionHours} h per assessment criterion where the framework publishes no hours, ${policy.observationHours} h per workplace observation, a refresher ${Math.round(policy.refresherShare * 100)}% of the criterion's hours (the policy's defaults); do not use these figures for a business case` }
    : { basis: 'framework', note: 'the hours the framework publishes for its criteria' };
}
