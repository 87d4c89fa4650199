// Dates as recognition and the training matrix read them: whole days, calendar months, UTC.
import { type DateInput, parseDateInput } from '@carepass/frameworks';

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
 * An as-of date as a time: now when absent; a plain date (`2026-11-23`) means the whole of that day.
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for anything that is not a `Date` or an ISO 8601
 * day or date-time with an offset.
 */
export function parseAsOf(value: DateInput | undefined): number {
  if (value === undefined) return Date.now();
  const time = parseDateInput(value, 'asOf').getTime();
  // A plain date means the whole of that day: evidence from later the same day counts.
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(value) ? time + 86_399_999 : time;
}
