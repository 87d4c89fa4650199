import { z } from 'zod';
import { CarepassError } from '@carepass/frameworks';
import careCertificate2025 from '../data/observation-activities/care-certificate-2025.json' with { type: 'json' };

/** One observed piece of ordinary work that covers several criteria, and the time observing it takes. */
export const ObservationActivitySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  title: z.string().min(1),
  /** Codes of the target framework it covers (a code covers everything beneath it). */
  covers: z.array(z.string().min(1)).min(1),
  /** Hours an assessor spends observing it once. */
  hours: z.number().positive().max(40),
  note: z.string().optional(),
});
/** One observed activity. */
export type ObservationActivity = z.infer<typeof ObservationActivitySchema>;

/** The observed activities for one framework, with the basis of their durations. */
export const ObservationActivityListSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.literal('ObservationActivityList'),
  /** `slug@version` of the framework. */
  framework: z.string().min(1),
  /** `estimate` (Carepass's own) or `published`. */
  basis: z.enum(['estimate', 'published']),
  note: z.string().min(1),
  activities: z.array(ObservationActivitySchema).min(1),
});
/** The observed activities for one framework. */
export type ObservationActivityList = z.infer<typeof ObservationActivityListSchema>;

const BUILT_IN: readonly unknown[] = [careCertificate2025];
let parsed: ObservationActivityList[] | undefined;

/** The built-in observed activities, by framework `slug@version`. */
export function builtInObservationActivities(framework: string): ObservationActivityList | undefined {
  parsed ??= BUILT_IN.map((document) => {
    const result = ObservationActivityListSchema.safeParse(document);
    if (!result.success) throw new CarepassError('INVALID_ARGUMENT', `built-in observation activities are invalid: ${result.error.issues[0]?.message}`);
    return result.data;
  });
  return parsed.find((list) => list.framework === framework);
}

/** Whether `code` is `covered` or lies beneath it (`8.2a` under `8.2`, `13.3c` under `13`). */
const beneath = (code: string, covered: string): boolean => code === covered || (code.startsWith(covered) && /^[a-z.]/u.test(code.charAt(covered.length)));

/** Criteria to observe, grouped: into activities where one covers them, else one group per standard. */
export interface ObservationGroup {
  /** The activity, or undefined for criteria no activity covers. */
  activity?: ObservationActivity;
  /** The standard, for criteria no activity covers. */
  standard?: string;
  codes: string[];
  hours: number;
}

/**
 * Groups the criteria awaiting workplace observation into observed activities (one mealtime covers
 * all of 8.2–8.3), each taking its own time; criteria no activity covers are grouped by standard at
 * `perCriterionHours` each. The total is the plan's observation time.
 */
export function groupObservations(leaves: readonly { code: string; standard: string }[], activities: ObservationActivityList | undefined, perCriterionHours: number): ObservationGroup[] {
  const groups = new Map<string, ObservationGroup>();
  for (const leaf of leaves) {
    const activity = activities?.activities.find((candidate) => candidate.covers.some((covered) => beneath(leaf.code, covered)));
    const key = activity ? `activity:${activity.id}` : `standard:${leaf.standard}`;
    const group = groups.get(key) ?? (activity ? { activity, codes: [], hours: activity.hours } : { standard: leaf.standard, codes: [], hours: 0 });
    group.codes.push(leaf.code);
    if (!activity) group.hours = Math.round(group.codes.length * perCriterionHours * 100) / 100;
    groups.set(key, group);
  }
  return [...groups.values()];
}
