/**
 * Splitting requests to fit DingTalk's limits: at most 50 users per call and
 * at most 7 days between the first and last date/time of one call.
 */
import { addDays, formatDingTalk, zonedParts, zonedToMs } from '../../shared/time';

export const MAX_USERS_PER_CALL = 50;
export const MAX_DAYS_APART = 7;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The same wall-clock time `days` later in the zone (DST-safe, unlike adding 24 h multiples). */
export function addWallDays(ms: number, days: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return zonedToMs(timeZone, p.year, p.month, p.day + days, p.hour, p.minute, p.second);
}

export interface DateTimeSpan {
  /** "yyyy-MM-dd HH:mm:ss" in the zone */
  from: string;
  to: string;
}

/**
 * Splits the instants [fromMs, toMs] into spans at most `maxDaysApart` wall
 * days long, formatted in the zone. Neighbouring spans share their boundary
 * second so that nothing falls between them (callers de-duplicate). The range
 * is widened to whole seconds, the resolution DingTalk's strings have.
 */
export function splitDateTimeRange(
  fromMs: number,
  toMs: number,
  timeZone: string,
  maxDaysApart = MAX_DAYS_APART,
): DateTimeSpan[] {
  const end = Math.ceil(toMs / 1000) * 1000;
  let start = Math.floor(fromMs / 1000) * 1000;
  const spans: DateTimeSpan[] = [];
  for (;;) {
    const limit = addWallDays(start, maxDaysApart, timeZone);
    const spanEnd = Math.min(limit, end);
    spans.push({ from: formatDingTalk(start, timeZone), to: formatDingTalk(spanEnd, timeZone) });
    if (spanEnd >= end) return spans;
    start = spanEnd;
  }
}

export interface DateSpan {
  /** "YYYY-MM-DD" */
  from: string;
  to: string;
}

/** Splits the work dates from..to (inclusive) into spans whose ends are at most `maxDaysApart` days apart. */
export function splitDateRange(
  from: string,
  to: string,
  maxDaysApart = MAX_DAYS_APART,
): DateSpan[] {
  const spans: DateSpan[] = [];
  for (let start = from; start <= to; start = addDays(start, maxDaysApart + 1)) {
    const limit = addDays(start, maxDaysApart);
    spans.push({ from: start, to: limit < to ? limit : to });
  }
  return spans;
}
