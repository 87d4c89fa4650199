// Points in time as every Carepass package takes them: a `Date`, or an ISO 8601 string. What the
// packages give back is always an ISO 8601 string: an instant in UTC (`2026-04-01T09:30:00Z`), a
// calendar day as `YYYY-MM-DD`.
import { CarepassError } from './errors.js';

/**
 * A point in time as the Carepass API takes it (`now`, `created`, `asOf`, `validFrom`): a `Date`, or
 * an ISO 8601 string, either a calendar day (`2026-04-01`, midnight UTC unless the option says
 * otherwise) or a date-time with its offset (`2026-04-01T09:30:00Z`, `2026-04-01T10:30:00+01:00`).
 */
export type DateInput = Date | string;

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/u;

/** Whether an ISO 8601 string names a real day and time (JavaScript rolls 30 February over into March). */
function isRealDate(match: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  if (year === undefined || month === undefined || day === undefined || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}

/**
 * Reads a {@link DateInput}.
 * @param name The option's name, for the error message.
 * @throws {@link CarepassError} `INVALID_ARGUMENT` naming the option, for anything that is not a
 * valid `Date` or ISO 8601 day or date-time (a date-time without an offset is refused: it would
 * mean different instants on different machines).
 */
export function parseDateInput(value: DateInput, name: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CarepassError('INVALID_ARGUMENT', `${name} is an invalid Date`);
    return value;
  }
  if (typeof value !== 'string') throw new CarepassError('INVALID_ARGUMENT', `${name} must be a Date or an ISO 8601 string, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  const match = value.length <= 40 ? ISO_8601.exec(value) : null;
  const time = match && isRealDate(match) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new CarepassError('INVALID_ARGUMENT', `${name} ${JSON.stringify(value.slice(0, 64))} is not an ISO 8601 date (2026-04-01) or date-time with an offset (2026-04-01T09:30:00Z)`);
  return new Date(time);
}

/**
 * A {@link DateInput} as a credential's date-time (an XML Schema dateTimeStamp in UTC, whole
 * seconds written without `.000`), as `validFrom`, `validUntil` and proof `created` are written.
 * @throws {@link CarepassError} `INVALID_ARGUMENT`, as {@link parseDateInput}.
 */
export function formatDateTimeStamp(value: DateInput, name: string): string {
  return parseDateInput(value, name).toISOString().replace(/\.000Z$/u, 'Z');
}
