/**
 * Schedules for everyone, by schedule/listbyusers: one call answers 50 people
 * × 7 days. Cached per user and work date in `schedule_cache` as the desktop's
 * ScheduleEntry[] (what its day model reads). A miss fetches the week from the
 * missed date for every known user lacking it, with the last batch of 50
 * filled up by other known users (the call costs the same), so one sign-in
 * does not cost one call per person. Concurrent misses are gathered into one
 * fetch. When the app may not read schedules in bulk (60011, or op_user_id
 * refused) each missed day falls back to listbyday with the operator.
 */
import { AppError, toErrorPayload } from '../../shared/errors';
import { HISTORY_MAX_DAYS_BACK } from '../../shared/history';
import { addDays, dateKey, isDateKey, startOfDate } from '../../shared/time';
import type { DingTalkApi, ScheduleEntry, UserScheduleRow } from '../../main/dingtalk/types';
import type { Clock, Logger } from '../../main/ports';
import type { Db } from '../store/schema';
import { createGather } from './gather';

/** Schedules are answered within this many days of today (DingTalk's own reach, as history's). */
const MAX_DAYS_AWAY = HISTORY_MAX_DAYS_BACK;

export const WEEK_DAYS = 7;
export const USERS_PER_CALL = 50;
/** After a refusal, listbyusers is tried again only this much later (or at the prefetch). */
export const BULK_RETRY_MS = 3_600_000;
const DEFAULT_GATHER_MS = 25;

export type ScheduleApi = Pick<DingTalkApi, 'schedulesByUsers' | 'scheduleByDay'>;

export interface ScheduleCacheDeps {
  db: Db;
  api: ScheduleApi;
  clock: Clock;
  timeZone: string;
  /** config.operatorUserId: op_user_id of every bulk read and of the listbyday fallback. */
  operatorUserId: string | null;
  knownUsers: () => Promise<string[]>;
  logger: Logger;
  gatherMs?: number;
}

export interface ScheduleCache {
  schedule(userId: string, date: string): Promise<ScheduleEntry[]>;
  /**
   * The coming 7 days for every known user: all of them with `force` (the
   * daily refresh), else only those with a day missing (at start).
   */
  prefetch(options: { force: boolean }): Promise<void>;
  /** Forgets a cached day (a changed roster or an approval, when a push says so). */
  invalidate(userId: string, date: string): Promise<void>;
}

/** A listbyusers row as the desktop's ScheduleEntry: no status, window or class name. */
export function toScheduleEntry(row: UserScheduleRow): ScheduleEntry | null {
  // A working row without a check type cannot be a check point.
  if (row.checkType === null && !row.isRest) return null;
  return {
    id: row.id,
    // A rest row is shaped like listbyday's: an OnDuty row at midnight.
    checkType: row.checkType ?? 'OnDuty',
    checkDateTime: row.planCheckTime ?? row.workDate,
    realPlanTime: null,
    checkBeginTime: null,
    checkEndTime: null,
    // listbyusers reports no status; the day model reads the records for it.
    checkStatus: 'Init',
    isRest: row.isRest,
    className: null,
    // A shift (班次) is what listbyday calls a class.
    classId: row.shiftId,
    groupId: row.groupId,
    workDate: row.workDate,
    features: {},
    approval: row.approveId !== null ? { id: row.approveId, bizType: null, tagName: null } : null,
  };
}

/** Rows of many users and dates → entries per "user|date", check points in time order. */
export function groupRows(
  rows: readonly UserScheduleRow[],
  timeZone: string,
): Map<string, ScheduleEntry[]> {
  const out = new Map<string, ScheduleEntry[]>();
  for (const row of rows) {
    const entry = toScheduleEntry(row);
    if (!entry) continue;
    const key = `${row.userId}|${dateKey(row.workDate, timeZone)}`;
    const list = out.get(key) ?? [];
    list.push(entry);
    out.set(key, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.checkDateTime - b.checkDateTime);
  return out;
}

export function datesFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/** Fills the last call of `users` up to 50 with `others` (they ride along for free). */
export function fillBatch(users: string[], others: readonly string[]): string[] {
  const room = (USERS_PER_CALL - (users.length % USERS_PER_CALL)) % USERS_PER_CALL;
  const taken = new Set(users);
  return [...users, ...others.filter((u) => !taken.has(u)).slice(0, room)];
}

interface Miss {
  userId: string;
  date: string;
}

const key = (userId: string, date: string) => `${userId}|${date}`;

/** One asker's answer from a batch: its day, or the refusal of its own listbyday read. */
type Answer = { entries: ScheduleEntry[] } | { error: unknown };

export function createScheduleCache(deps: ScheduleCacheDeps): ScheduleCache {
  const { db, api, clock, timeZone: tz, logger } = deps;
  let bulkRefusedAt: number | null = null;

  async function cached(userIds: string[], dates: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0 || dates.length === 0) return new Map();
    const rows = await db
      .selectFrom('schedule_cache')
      .select(['user_id', 'work_date', 'entries_json'])
      .where('user_id', 'in', userIds)
      .where('work_date', 'in', dates)
      .execute();
    return new Map(rows.map((r) => [key(r.user_id, r.work_date), r.entries_json]));
  }

  async function store(userIds: string[], dates: string[], byKey: Map<string, ScheduleEntry[]>) {
    const now = clock.now();
    const values = userIds.flatMap((u) =>
      dates.map((d) => ({
        user_id: u,
        work_date: d,
        entries_json: JSON.stringify(byKey.get(key(u, d)) ?? []),
        fetched_at: now,
      })),
    );
    // Chunked: SQLite caps the parameters of one statement.
    for (let i = 0; i < values.length; i += 200) {
      await db
        .insertInto('schedule_cache')
        .values(values.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['user_id', 'work_date']).doUpdateSet((eb) => ({
            entries_json: eb.ref('excluded.entries_json'),
            fetched_at: eb.ref('excluded.fetched_at'),
          })),
        )
        .execute();
    }
  }

  /** listbyusers for the users over the dates (≤ 7); false when DingTalk refused it. */
  async function fetchBulk(userIds: string[], dates: string[], op: string): Promise<boolean> {
    const first = dates[0];
    const last = dates[dates.length - 1];
    if (!first || !last || userIds.length === 0) return true;
    if (bulkRefusedAt !== null && clock.now() - bulkRefusedAt < BULK_RETRY_MS) return false;
    try {
      const rows = await api.schedulesByUsers(
        userIds,
        startOfDate(first, tz),
        startOfDate(last, tz),
        op,
      );
      bulkRefusedAt = null;
      await store(userIds, dates, groupRows(rows, tz));
      return true;
    } catch (error) {
      if (toErrorPayload(error).code !== 'missingPermission') throw error;
      bulkRefusedAt = clock.now();
      logger.warn('schedule/listbyusers not permitted: falling back to listbyday per user', {
        operator: op,
      });
      return false;
    }
  }

  /** One day by listbyday, as the operator (or the employee when none is configured). */
  async function fetchOne(userId: string, date: string): Promise<void> {
    const op = deps.operatorUserId ?? userId;
    logger.info('schedule by listbyday (bulk read not permitted)', { userId, date });
    const entries = await api.scheduleByDay(userId, date, op);
    await store([userId], [date], new Map([[key(userId, date), entries]]));
  }

  /**
   * Fetches the week from `first` for the missed users and, when the week is one the
   * desktops read (yesterday to the prefetched week), any known user lacking it. A far
   * date (CLI `status --date`) is read for the askers only (plus the free fill-up): nobody
   * else will ask, and everyone would be a call per 50 of them.
   */
  async function fillWeek(first: string, missed: string[], requester: string): Promise<boolean> {
    const dates = datesFrom(first, WEEK_DAYS);
    const known = await deps.knownUsers();
    const today = dateKey(clock.now(), tz);
    const near =
      first <= addDays(today, WEEK_DAYS - 1) && addDays(first, WEEK_DAYS - 1) >= addDays(today, -1);
    const have = near ? await cached(known, dates) : new Map<string, string>();
    const lacking = near ? known.filter((u) => dates.some((d) => !have.has(key(u, d)))) : [];
    const users = fillBatch([...new Set([...missed, ...lacking])], known);
    return fetchBulk(users, dates, deps.operatorUserId ?? requester);
  }

  async function runBatch(batch: Miss[]): Promise<Answer[]> {
    const users = [...new Set(batch.map((m) => m.userId))];
    const dates = [...new Set(batch.map((m) => m.date))].sort();
    let have = await cached(users, dates);
    const failed = new Map<string, unknown>();
    const misses = batch.filter((m) => !have.has(key(m.userId, m.date)));
    if (misses.length > 0) {
      // Weeks from the earliest missed date; a later miss outside it starts the next week.
      const pending = [...misses].sort((a, b) => a.date.localeCompare(b.date));
      const refused: Miss[] = [];
      while (pending.length > 0) {
        const first = pending[0]?.date ?? '';
        const last = addDays(first, WEEK_DAYS - 1);
        const inWeek = pending.filter((m) => m.date <= last);
        pending.splice(0, inWeek.length);
        const ok = await fillWeek(
          first,
          inWeek.map((m) => m.userId),
          inWeek[0]?.userId ?? '',
        );
        if (!ok) refused.push(...inWeek);
      }
      // A refusal for the app (no permission) holds for everyone: not asked again per person.
      let denied: unknown = null;
      for (const m of refused) {
        const k = key(m.userId, m.date);
        if (failed.has(k) || have.has(k)) continue;
        if (denied !== null) {
          failed.set(k, denied);
          continue;
        }
        try {
          await fetchOne(m.userId, m.date);
          have.set(k, '');
        } catch (error) {
          // One read per person: DingTalk refusing this one is no answer for the others.
          failed.set(k, error);
          if (toErrorPayload(error).code === 'missingPermission') denied = error;
        }
      }
      have = await cached(users, dates);
    }
    return batch.map((m) => {
      const k = key(m.userId, m.date);
      if (failed.has(k)) return { error: failed.get(k) };
      const json = have.get(k);
      return { entries: json ? (JSON.parse(json) as ScheduleEntry[]) : [] };
    });
  }

  const gather = createGather(runBatch, deps.gatherMs ?? DEFAULT_GATHER_MS);
  const ask = async (miss: Miss): Promise<ScheduleEntry[]> => {
    const answer = await gather(miss);
    if ('error' in answer) throw answer.error;
    return answer.entries;
  };

  return {
    schedule: (userId, date) => {
      // Not a real date: its key would never be found in the cache, so each ask would call.
      if (!isDateKey(date)) {
        return Promise.reject(new AppError('invalidInput', 'Not a date', { field: 'date' }));
      }
      // DingTalk answers schedules within 180 days; beyond that each ask would be a counted
      // call that can only fail, and a script could spend the quota asking far-away weeks.
      const today = dateKey(clock.now(), tz);
      if (date < addDays(today, -MAX_DAYS_AWAY) || date > addDays(today, MAX_DAYS_AWAY)) {
        return Promise.reject(
          new AppError('invalidInput', `Only dates within ${MAX_DAYS_AWAY} days of today`, {
            field: 'date',
            limit: MAX_DAYS_AWAY,
          }),
        );
      }
      return ask({ userId, date });
    },

    async prefetch({ force }) {
      const today = dateKey(clock.now(), tz);
      const dates = datesFrom(today, WEEK_DAYS);
      const known = await deps.knownUsers();
      if (known.length === 0) return;
      let users = known;
      if (!force) {
        const have = await cached(known, dates);
        users = known.filter((u) => dates.some((d) => !have.has(key(u, d))));
        if (users.length === 0) return;
        users = fillBatch(users, known);
      } else {
        // The daily refresh is the moment to try the bulk read again after a refusal.
        bulkRefusedAt = null;
      }
      const op = deps.operatorUserId ?? users[0] ?? '';
      // Refused: nothing to prefetch; each day is read by listbyday when asked.
      await fetchBulk(users, dates, op);
    },

    async invalidate(userId, date) {
      await db
        .deleteFrom('schedule_cache')
        .where('user_id', '=', userId)
        .where('work_date', '=', date)
        .execute();
    },
  };
}
