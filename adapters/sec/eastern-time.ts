/**
 * US Eastern time without a time-zone database lookup per call: EDGAR stamps acceptance times in
 * Eastern time, and converting thousands of them a second through Intl is measurably slow. The US
 * rules are fixed by statute: since 2007 DST runs from the second Sunday of March to the first
 * Sunday of November; from 1987 to 2006 from the first Sunday of April to the last Sunday of
 * October; both switch at 02:00 local time. (EDGAR ownership XML starts in 2003.)
 */

const HOUR = 3_600_000;

function sundayOnOrAfter(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return day + ((7 - weekday) % 7);
}

function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekday = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return lastDay - weekday;
}

/** Month/day of the DST start and end in a year. */
function dstBounds(year: number): { startMonth: number; startDay: number; endMonth: number; endDay: number } {
  if (year >= 2007) {
    return { startMonth: 3, startDay: sundayOnOrAfter(year, 3, 8), endMonth: 11, endDay: sundayOnOrAfter(year, 11, 1) };
  }
  return { startMonth: 4, startDay: sundayOnOrAfter(year, 4, 1), endMonth: 10, endDay: lastSunday(year, 10) };
}

const boundsCache = new Map<number, ReturnType<typeof dstBounds>>();
function boundsOf(year: number): ReturnType<typeof dstBounds> {
  let bounds = boundsCache.get(year);
  if (!bounds) {
    bounds = dstBounds(year);
    boundsCache.set(year, bounds);
  }
  return bounds;
}

/**
 * UTC epoch milliseconds of an Eastern wall-clock time. In the repeated hour of the autumn change
 * the first (daylight) occurrence is taken.
 */
export function easternToEpochMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const b = boundsOf(year);
  const local = ((month * 32 + day) * 24 + hour) * 60 + minute;
  const start = ((b.startMonth * 32 + b.startDay) * 24 + 2) * 60;
  const end = ((b.endMonth * 32 + b.endDay) * 24 + 2) * 60;
  const offsetHours = local >= start && local < end ? 4 : 5;
  return Date.UTC(year, month - 1, day, hour, minute, second) + offsetHours * HOUR;
}

/** The Eastern calendar date (YYYY-MM-DD) of a UTC instant. */
export function easternDateOf(epochMs: number): string {
  const year = new Date(epochMs).getUTCFullYear();
  const b = boundsOf(year);
  const start = Date.UTC(year, b.startMonth - 1, b.startDay, 7); // 02:00 EST
  const end = Date.UTC(year, b.endMonth - 1, b.endDay, 6); // 02:00 EDT
  const offsetHours = epochMs >= start && epochMs < end ? 4 : 5;
  return new Date(epochMs - offsetHours * HOUR).toISOString().slice(0, 10);
}

/** `20250318200108` (EDGAR ACCEPTANCE-DATETIME, Eastern) → UTC ISO with milliseconds, or null. */
export function acceptanceToUtcIso(stamp: string): string | null {
  if (!/^\d{14}$/.test(stamp)) return null;
  const n = (from: number, to: number) => Number(stamp.slice(from, to));
  const month = n(4, 6);
  const day = n(6, 8);
  const hour = n(8, 10);
  const minute = n(10, 12);
  const second = n(12, 14);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  return new Date(easternToEpochMs(n(0, 4), month, day, hour, minute, second)).toISOString();
}

/** Midnight Eastern of a YYYY-MM-DD date, as a UTC ISO timestamp. */
export function easternMidnightUtcIso(date: string): string {
  return new Date(easternToEpochMs(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))).toISOString();
}
