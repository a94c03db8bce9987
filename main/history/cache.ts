/**
 * Where evaluated days are kept for good: the app's state store, one entry per
 * employee and month. A past day DingTalk has finished evaluating does not
 * change (short of a 补卡 approval, which an explicit refresh looks for), so it
 * is read once. The rules are pure functions of the dates and fetch times.
 */
import { historyDayCore } from '../../shared/server-api';
import type { HistoryDayCore } from '../../shared/history';
import { addDays, startOfDate } from '../../shared/time';
import type { Store } from '../ports';

/** A day that is not final yet is read again only after this long (a view opened twice is free). */
export const RECENT_MS = 10 * 60_000;
/** Months kept in the store (the newest, by when they were written). */
export const MONTHS_KEPT = 8;

export interface CachedHistoryDay {
  day: HistoryDayCore;
  fetchedAt: number;
}

/**
 * Final: read after the end of the day after the date. By then every window of the
 * date has closed (a night shift's clock-out, a 24-hour duty's next-day window) and
 * DingTalk has filed its 缺卡 rows.
 */
export function isFinal(date: string, fetchedAt: number, timeZone: string): boolean {
  return fetchedAt >= startOfDate(addDays(date, 2), timeZone);
}

/**
 * Whether a date must be read now. `refresh`: the employee asked; then also a day with
 * a 缺卡 or 早退 is read again, as a 补卡 approved since may have changed it.
 */
export function mustRead(
  cached: CachedHistoryDay | undefined,
  now: number,
  timeZone: string,
  refresh: boolean,
): boolean {
  if (!cached) return true;
  if (!isFinal(cached.day.date, cached.fetchedAt, timeZone)) {
    return refresh || now - cached.fetchedAt >= RECENT_MS || now < cached.fetchedAt;
  }
  return refresh && needsMakeUp(cached.day);
}

function needsMakeUp(day: HistoryDayCore): boolean {
  return day.checkPoints.some(
    (c) => c.state === 'missed' || c.result === 'NotSigned' || c.result === 'Early',
  );
}

/**
 * The dates to read grouped into reads of at most `span` dates each, starting at each
 * first unread date: a cached date between two unread ones rides along for free.
 */
export function readWindows(
  dates: readonly string[],
  span: number,
): { from: string; to: string }[] {
  const sorted = [...new Set(dates)].sort();
  const windows: { from: string; to: string }[] = [];
  let i = 0;
  while (i < sorted.length) {
    const from = sorted[i] as string;
    const limit = addDays(from, span - 1);
    let to = from;
    while (i < sorted.length && (sorted[i] as string) <= limit) {
      to = sorted[i] as string;
      i += 1;
    }
    windows.push({ from, to });
  }
  return windows;
}

interface StoredMonth {
  days: Record<string, { day: unknown; fetchedAt: unknown }>;
}

const key = (userId: string, month: string) => `history:${userId}:${month}`;
const INDEX = 'history:index';

export class HistoryCache {
  constructor(private readonly store: Store) {}

  /** The month's kept days; anything unreadable (an older or damaged entry) is left out. */
  load(userId: string, month: string): Map<string, CachedHistoryDay> {
    const stored = this.store.get<StoredMonth>(key(userId, month));
    const out = new Map<string, CachedHistoryDay>();
    if (!stored || typeof stored !== 'object' || typeof stored.days !== 'object') return out;
    for (const [date, entry] of Object.entries(stored.days ?? {})) {
      const day = historyDayCore.safeParse(entry?.day);
      const fetchedAt = entry?.fetchedAt;
      if (day.success && day.data.date === date && typeof fetchedAt === 'number') {
        out.set(date, { day: day.data, fetchedAt });
      }
    }
    return out;
  }

  save(userId: string, month: string, days: ReadonlyMap<string, CachedHistoryDay>): void {
    const k = key(userId, month);
    this.store.set(k, { days: Object.fromEntries(days) } satisfies StoredMonth);
    const index = (this.store.get<string[]>(INDEX) ?? []).filter((x) => x !== k);
    const next = [k, ...index];
    for (const old of next.slice(MONTHS_KEPT)) this.store.delete(old);
    this.store.set(INDEX, next.slice(0, MONTHS_KEPT));
  }

  /** Sign-out, new credentials: nothing of the previous employee stays. */
  forget(): void {
    for (const k of this.store.get<string[]>(INDEX) ?? []) this.store.delete(k);
    this.store.delete(INDEX);
  }
}
