// Dates as recognition and the training matrix read them: whole days, calendar months, UTC.
import { CarepassError } from '@carepass/frameworks';

/** A time plus whole calendar months, kept within the month (31 January + 1 month is 28 or 29 February). */
export function addMonths(time: number, months: number): number {
  const date = new Date(time);
  const day = date.getUTCDate();
  date.setUTCMonth(date.getUTCMonth() + months);
  if (date.getUTCDate() < day) date.setUTCDate(0);
  return date.getTime();
}

/** The UTC calendar day (`YYYY-MM-DD`) of a time. */
export function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * An as-of date as a time: now when absent; a plain date means the whole of that day.
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for anything that is not a date.
 */
export function parseAsOf(value: string | Date | undefined): number {
  if (value === undefined) return Date.now();
  if (!(value instanceof Date) && typeof value !== 'string') throw new CarepassError('INVALID_ARGUMENT', `asOf must be a date string or a Date, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  if (typeof value === 'string' && value.length > 64) throw new CarepassError('INVALID_ARGUMENT', `asOf is ${value.length} characters long, which is not a date`);
  // A plain date means the whole of that day: evidence from later the same day counts.
  const time = value instanceof Date ? value.getTime() : /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value) + 86_399_999 : Date.parse(value);
  if (Number.isNaN(time)) throw new CarepassError('INVALID_ARGUMENT', `asOf "${String(value)}" is not a date`);
  return time;
}
