import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTimeStamp, parseDateInput } from './dates.js';
import { isCarepassError } from './errors.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isCarepassError(error, 'INVALID_ARGUMENT') ? error.message : `wrong error: ${String(error)}`;
  }
  return 'accepted';
};

// Instants from year 1000 to 9999, so their ISO forms have four-digit years.
const instants = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });

describe('parseDateInput', () => {
  it('takes a Date as it is, and its ISO string as the same instant', () => {
    fc.assert(
      fc.property(instants, (date) => {
        expect(parseDateInput(date, 'now')).toBe(date);
        expect(parseDateInput(date.toISOString(), 'now').getTime()).toBe(date.getTime());
      }),
    );
  });

  it('reads a calendar day as midnight UTC and an offset date-time as its instant', () => {
    expect(parseDateInput('2026-04-01', 'asOf').toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(parseDateInput('2026-04-01T10:30:00+01:00', 'asOf').toISOString()).toBe('2026-04-01T09:30:00.000Z');
    expect(parseDateInput('2026-04-01T09:30Z', 'asOf').toISOString()).toBe('2026-04-01T09:30:00.000Z');
    expect(parseDateInput('2028-02-29', 'asOf').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses anything else with INVALID_ARGUMENT naming the option, never a RangeError', () => {
    for (const value of ['', 'yesterday', 'Nov 23 2026', '2026-04-01T09:30:00', '2026-13-01', '2026-02-30', '2026-04-31', '2026-04-01T24:00:00Z', '2026-04-01T09:60Z', '2026-04-01 09:30:00Z', `2026-04-01${'0'.repeat(100)}`]) {
      expect(refusal(() => parseDateInput(value, 'created')), value).toMatch(/^created "/u);
    }
    expect(refusal(() => parseDateInput(new Date(Number.NaN), 'now'))).toBe('now is an invalid Date');
    for (const value of [null, 42, ['2026-04-01'], {}]) expect(refusal(() => parseDateInput(value as never, 'now'))).toMatch(/^now must be a Date or an ISO 8601 string, not /u);
  });

  it('refuses every string that is not ISO 8601, whatever Date.parse makes of it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        fc.pre(!/^\d{4}-\d{2}-\d{2}/u.test(text));
        expect(refusal(() => parseDateInput(text, 'now'))).toMatch(/^now "/u);
      }),
    );
  });
});

describe('formatDateTimeStamp', () => {
  it('writes UTC, without .000 for whole seconds, keeping other milliseconds', () => {
    expect(formatDateTimeStamp('2026-04-01T10:30:00+01:00', 'validFrom')).toBe('2026-04-01T09:30:00Z');
    expect(formatDateTimeStamp(new Date('2026-04-01T09:30:00.250Z'), 'validFrom')).toBe('2026-04-01T09:30:00.250Z');
    fc.assert(
      fc.property(instants, (date) => {
        expect(Date.parse(formatDateTimeStamp(date, 'x'))).toBe(date.getTime());
      }),
    );
  });
});
