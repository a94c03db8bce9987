/**
 * A month of my attendance for the history view and `daka history`, spending as
 * few counted calls as possible:
 * - evaluated days come from the cache (history/cache.ts) and are never read twice;
 * - the others are read in windows (8 dates a call in direct mode, one request of
 *   up to 31 dates to the company server, which answers from its own caches);
 * - today is the Today view's day (cached by the day service, read only when it is
 *   not), never kept for good;
 * - budget mode reads nothing: a month that needs reading is refused with budgetExceeded;
 * - an explicit refresh is at most once a minute.
 */
import { AppError } from '../../shared/errors';
import {
  type HistoryDayCore,
  type HistoryMonth,
  historyDay,
  monthDates,
  monthProblem,
  monthTotals,
} from '../../shared/history';
import type { DayStatus } from '../../shared/model';
import { dateKey, toZonedIso } from '../../shared/time';
import type { AttendanceConnection } from '../attendance/connection';
import type { Clock, Logger, Store } from '../ports';
import { type CachedHistoryDay, HistoryCache, isFinal, mustRead, readWindows } from './cache';

export const REFRESH_INTERVAL_MS = 60_000;
/** Dates per read: attendance/list's 7 days apart; the server takes a month at once. */
const SPAN = { direct: 8, server: 31 } as const;

export interface HistoryServiceDeps {
  connection: () => Pick<AttendanceConnection, 'kind' | 'historyDays'>;
  store: Store;
  clock: Clock;
  timeZone: () => string;
  budgetMode: () => boolean;
  /** Today's status as the Today view has it (null when it cannot be read). */
  live: () => Promise<DayStatus | null>;
  logger: Logger;
}

export interface MonthOptions {
  /** The employee asked: read again what may have changed (see cache.ts mustRead). */
  refresh?: boolean;
}

export class HistoryService {
  readonly cache: HistoryCache;
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private loading = new Map<string, Promise<HistoryMonth>>();

  constructor(private readonly deps: HistoryServiceDeps) {
    this.cache = new HistoryCache(deps.store);
  }

  /** Throws invalidInput (field month) for a month that is not one, in the future, or too old. */
  month(userId: string, month: string, options: MonthOptions = {}): Promise<HistoryMonth> {
    const now = this.deps.clock.now();
    const today = dateKey(now, this.deps.timeZone());
    const problem = monthProblem(month, today);
    if (problem) {
      return Promise.reject(
        new AppError('invalidInput', `Not a month history can show (${problem})`, {
          field: 'month',
        }),
      );
    }
    if (options.refresh) {
      const wait = this.lastRefresh + REFRESH_INTERVAL_MS - now;
      if (wait > 0) {
        return Promise.reject(
          new AppError('refreshTooSoon', 'Refreshed a moment ago', {
            retryAfter: Math.ceil(wait / 1000),
          }),
        );
      }
      this.lastRefresh = now;
    }
    const k = `${userId}|${month}|${options.refresh === true}`;
    const running = this.loading.get(k);
    if (running) return running;
    const task = this.load(userId, month, today, options.refresh === true).finally(() =>
      this.loading.delete(k),
    );
    this.loading.set(k, task);
    return task;
  }

  private async load(
    userId: string,
    month: string,
    today: string,
    refresh: boolean,
  ): Promise<HistoryMonth> {
    const tz = this.deps.timeZone();
    const now = this.deps.clock.now();
    const dates = monthDates(month, today);
    const live = dates.includes(today) ? await this.deps.live() : null;
    const liveDate = live && dates.includes(live.date) ? live.date : null;
    const kept = this.cache.load(userId, month);
    const unread = dates.filter(
      (d) => d !== liveDate && d !== today && mustRead(kept.get(d), now, tz, refresh),
    );
    // Today without a live day (not signed in to the day service): read like a past day.
    if (dates.includes(today) && liveDate !== today) unread.push(today);
    if (unread.length > 0) {
      if (this.deps.budgetMode()) {
        throw new AppError('budgetExceeded', 'Budget mode: history is not read');
      }
      const connection = this.deps.connection();
      for (const w of readWindows(unread, SPAN[connection.kind])) {
        const days = await connection.historyDays(userId, w.from, w.to, tz);
        const at = this.deps.clock.now();
        for (const day of days) kept.set(day.date, { day, fetchedAt: at });
      }
      this.save(userId, month, kept, today);
    }
    const days = dates.map((date) => {
      if (date === liveDate && live) return historyDay(coreOf(live), true);
      const entry = kept.get(date);
      return historyDay(entry?.day ?? emptyDay(date), date === today);
    });
    const times = dates
      .filter((d) => d !== liveDate)
      .map((d) => kept.get(d)?.fetchedAt)
      .filter((t): t is number => t !== undefined);
    return {
      month,
      userId,
      timeZone: tz,
      days,
      totals: monthTotals(days),
      fetchedAt: times.length > 0 ? toZonedIso(Math.min(...times), tz) : null,
    };
  }

  /** Keeps every day read but today (still changing); a final one stays until its month is pruned. */
  private save(
    userId: string,
    month: string,
    kept: Map<string, CachedHistoryDay>,
    today: string,
  ): void {
    const tz = this.deps.timeZone();
    const stored = new Map([...kept].filter(([date]) => date !== today));
    this.cache.save(userId, month, stored);
    const final = [...stored.values()].filter((e) => isFinal(e.day.date, e.fetchedAt, tz)).length;
    this.deps.logger.debug('history kept', { month, days: stored.size, final });
  }
}

function coreOf(day: DayStatus): HistoryDayCore {
  return {
    date: day.date,
    restDay: day.restDay,
    onLeave: day.onLeave,
    className: day.className,
    checkPoints: day.checkPoints,
  };
}

/** A date no read answered (never expected: every read answers each date it covers). */
function emptyDay(date: string): HistoryDayCore {
  return { date, restDay: true, onLeave: false, className: null, checkPoints: [] };
}
