import { describe, expect, it } from 'vitest';
import type { ObservationActivityList } from '../observation-activities.js';
import { RecognitionPolicySchema } from '../policy.js';
import type { TrainingRoute } from '../training-topics.js';
import { hoursBasis, hoursToDo, programmeHours, startHoursTally } from './hours.js';
import { emptyCounts } from './status.js';

const policy = RecognitionPolicySchema.parse({ criterionHours: 0.5, observationHours: 0.25, refresherShare: 0.5 });
const route: TrainingRoute = { topic: 'ommt', title: 'Oliver McGowan Tier 1', hours: 2.5, hoursBasis: 'published' };
const activities: ObservationActivityList = {
  type: 'ObservationActivityList',
  framework: 'care-certificate@2025',
  basis: 'estimate',
  note: 'test',
  activities: [{ id: 'mealtime', title: 'A mealtime', covers: ['8.2', '8.3'], hours: 1 }],
};

describe('hours', () => {
  it('charges a criterion by its status', () => {
    expect(hoursToDo('recognised', 2, 1, policy)).toBe(0);
    expect(hoursToDo('refresh-due', 2, 1, policy)).toBe(1);
    expect(hoursToDo('partial', 2, 0.25, policy)).toBe(1.5);
    expect(hoursToDo('gap', 2, 0, policy)).toBe(2);
    expect(hoursToDo('recognised-pending-observation', 2, 1, policy)).toBe(0.25);
  });

  it('times a standard with a recognised course as the course, once, whatever is missing in it', () => {
    const tally = startHoursTally({ policy, routes: new Map([['16', route]]), observationActivities: undefined });
    tally.standard('16');
    for (const code of ['16.1a', '16.1b', '16.2a']) tally.criterion(code, 'gap', 0.5, 0);
    tally.criterion('16.2b', 'refresh-due', 0.5, 1);
    expect(tally.total()).toBe(2.75);
    // The full programme counts the course instead of the criteria.
    expect(programmeHours([{ code: '16', hours: [0.5, 0.5, 0.5, 0.5] }, { code: '1', hours: [1, 1] }], new Map([['16', route]]))).toBe(4.5);
  });

  it('times observations by observed activity: one mealtime for all of 8.2 and 8.3', () => {
    const tally = startHoursTally({ policy, routes: new Map(), observationActivities: activities });
    tally.standard('8');
    for (const code of ['8.2a', '8.2b', '8.3a', '8.3b']) tally.criterion(code, 'recognised-pending-observation', 0.5, 1);
    tally.criterion('8.1a', 'gap', 0.5, 0);
    tally.standard('9');
    tally.criterion('9.1a', 'recognised-pending-observation', 0.5, 1);
    // 1 h for the mealtime, 0.25 h for 9.1a on its own, 0.5 h for the gap.
    expect(tally.total()).toBe(1.75);
  });

  it('says when the figures are estimates', () => {
    const criteria = emptyCounts();
    expect(hoursBasis(false, criteria, policy).basis).toBe('framework');
    expect(hoursBasis(true, criteria, policy)).toMatchObject({ basis: 'estimate', note: expect.stringContaining('estimated') });
    criteria['refresh-due'] = 1;
    expect(hoursBasis(false, criteria, policy).basis).toBe('estimate');
  });
});
