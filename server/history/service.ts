/**
 * /v1/history: the signed-in employee's past days, built from the server's own
 * batch caches (schedules by listbyusers, 50 people × 7 days a call; records by
 * listRecord, ≤ 7 days a call), so a month costs DingTalk about ten counted
 * calls once for the first employee to ask and nothing after: a past day's
 * records are settled once read after it ended, its schedule once cached. Each
 * day is the desktop's own day model (main/attendance/today.ts) over them.
 */
import { AppError } from '../../shared/errors';
import type { HistoryDayCore } from '../../shared/history';
import { HISTORY_MAX_DAYS_BACK } from '../../shared/history';
import { defaultSettings } from '../../shared/settings';
import { addDays, dateKey, startOfDate } from '../../shared/time';
import { buildDayStatus, recordRange, type ScheduleInput } from '../../main/attendance/today';
import type { AttendanceRecord } from '../../main/dingtalk/types';
import type { Clock } from '../../main/ports';
import type { AuthedSession, DayData } from '../services';

/** A month at once. */
export const MAX_HISTORY_DATES = 31;
const RECORD_DAYS_PER_READ = 7;

export interface ServerHistoryDeps {
  dayData: Pick<DayData, 'schedule' | 'records'>;
  clock: Clock;
  timeZone: string;
}

export interface ServerHistory {
  /** Days from..to ("YYYY-MM-DD", inclusive) of the session's own employee. */
  days(session: AuthedSession, from: string, to: string): Promise<HistoryDayCore[]>;
}

/** Stops one past the limit: a far `from` must not build years of dates only to be refused. */
function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_HISTORY_DATES; d = addDays(d, 1)) out.push(d);
  return out;
}

export function createServerHistory(deps: ServerHistoryDeps): ServerHistory {
  const { dayData, clock, timeZone: tz } = deps;

  /** The records of the dates (their night shifts' next mornings included), ≤ 7 days a read. */
  async function recordsOf(userId: string, dates: string[], now: number) {
    const first = dates[0] as string;
    const end = Math.min(now, startOfDate(addDays(dates[dates.length - 1] as string, 2), tz) - 1);
    const reads: Promise<AttendanceRecord[]>[] = [];
    // Fired together, so the record cache gathers them into one batch (one call per 7 days).
    for (let from = startOfDate(first, tz); from <= end;) {
      const next = startOfDate(addDays(dateKey(from, tz), RECORD_DAYS_PER_READ), tz);
      reads.push(dayData.records(userId, from, Math.min(end, next - 1)));
      from = next;
    }
    return (await Promise.all(reads)).flat();
  }

  return {
    async days(session, from, to) {
      const now = clock.now();
      const today = dateKey(now, tz);
      const dates = datesOf(from, to);
      if (dates.length === 0 || dates.length > MAX_HISTORY_DATES) {
        throw new AppError('invalidInput', `At most ${MAX_HISTORY_DATES} dates at a time`, {
          field: 'to',
          limit: MAX_HISTORY_DATES,
        });
      }
      if (to > today) {
        throw new AppError('invalidInput', 'No history of days to come', { field: 'to' });
      }
      if (from < addDays(today, -HISTORY_MAX_DAYS_BACK)) {
        throw new AppError('invalidInput', `Only the last ${HISTORY_MAX_DAYS_BACK} days`, {
          field: 'from',
          limit: HISTORY_MAX_DAYS_BACK,
        });
      }
      const { userId } = session;
      // Asked together: the schedule cache gathers them into one listbyusers a week.
      const [schedules, records] = await Promise.all([
        Promise.all(dates.map((d) => dayData.schedule(userId, d))),
        recordsOf(userId, dates, now),
      ]);
      const fallback = defaultSettings().fallbackSchedule;
      return dates.map((date, i): HistoryDayCore => {
        const entries = schedules[i] ?? [];
        // No schedule: DingTalk had nothing to check that day (unlike Today, no fallback).
        if (entries.length === 0) {
          return { date, restDay: true, onLeave: false, className: null, checkPoints: [] };
        }
        const schedule: ScheduleInput = { kind: 'entries', entries };
        const range = recordRange(date, tz, schedule);
        const day = buildDayStatus({
          userId,
          date,
          timeZone: tz,
          now,
          deviceId: session.deviceId,
          deviceName: session.deviceName,
          schedule,
          records: records.filter(
            (r) => r.userCheckTime >= range.from && r.userCheckTime <= range.to,
          ),
          localPunches: [],
          fallback,
          fetchedAt: now,
        });
        return {
          date,
          restDay: day.restDay,
          onLeave: day.onLeave,
          className: day.className,
          checkPoints: day.checkPoints,
        };
      });
    },
  };
}
