/**
 * Punch records for everyone, by attendance/listRecord (≤ 50 users × 7 days a
 * call), cached per user and calendar day (org zone) in `record_cache`.
 *
 * - Requests arriving together (within `gatherMs`) become one fetch for up to
 *   50 users over the union of their days. A fetch that includes today fills
 *   its last call of 50 with known users whose today is not fresh: they ride
 *   along at no cost (a call counts once whatever its number of users).
 * - Today is fresh for `freshMs` after a fetch; a past day is settled once it
 *   was fetched after it ended (the morning verification does that for all).
 * - `invalidate` (a punch of this user was uploaded) makes the day stale at
 *   once, even for a fetch already on its way (it may have missed the punch).
 * - Budget mode skips optional refreshes: an aged day is served as it is, with
 *   `stale: true`. A day never fetched, or invalidated by a punch, is always read.
 */
import { AppError } from '../../shared/errors';
import { addDays, dateKey, startOfDate } from '../../shared/time';
import type { AttendanceRecord, DingTalkApi } from '../../main/dingtalk/types';
import type { Clock, Logger } from '../../main/ports';
import type { Db } from '../store/schema';
import { createGather } from './gather';

export const DEFAULT_FRESH_MS = 60_000;
const DEFAULT_GATHER_MS = 25;
const MAX_DAYS_PER_CALL = 7;
const USERS_PER_CALL = 50;
/** fetched_at of an invalidated day: older than any fetch. */
const INVALIDATED = 0;

export type RecordApi = Pick<DingTalkApi, 'listRecords'>;

export interface RecordCacheDeps {
  db: Db;
  api: RecordApi;
  clock: Clock;
  timeZone: string;
  budgetMode: () => boolean;
  knownUsers: () => Promise<string[]>;
  logger: Logger;
  freshMs?: number;
  gatherMs?: number;
}

export interface RecordsAnswer {
  records: AttendanceRecord[];
  /** Some day was served from an aged cache (budget mode). */
  stale: boolean;
  /** The oldest fetch the answer rests on (null: nothing to fetch, e.g. the future). */
  fetchedAt: number | null;
}

export interface RecordCache {
  records(userId: string, fromMs: number, toMs: number): Promise<AttendanceRecord[]>;
  read(userId: string, fromMs: number, toMs: number): Promise<RecordsAnswer>;
  invalidate(userId: string, atMs: number): Promise<void>;
  /**
   * Reads the date for every known user not yet settled on it, 50 per call
   * (the morning verification of yesterday). Skipped in budget mode. Returns
   * how many users were read.
   */
  verify(date: string): Promise<number>;
}

export type DayState = 'future' | 'fresh' | 'aged' | 'missing' | 'invalidated';

/** How usable a cached day is now (pure). */
export function dayState(
  day: string,
  fetchedAt: number | undefined,
  now: number,
  timeZone: string,
  freshMs: number,
): DayState {
  const today = dateKey(now, timeZone);
  if (day > today) return 'future';
  if (fetchedAt === undefined) return 'missing';
  if (fetchedAt === INVALIDATED) return 'invalidated';
  if (day < today) {
    return fetchedAt >= startOfDate(addDays(day, 1), timeZone) ? 'fresh' : 'aged';
  }
  return now - fetchedAt < freshMs ? 'fresh' : 'aged';
}

/** Whether a day must be read now; aged days are optional (skipped in budget mode). */
export function mustFetch(state: DayState, budgetMode: boolean): boolean {
  return state === 'missing' || state === 'invalidated' || (state === 'aged' && !budgetMode);
}

/** Sorted dates → runs of at most 7 consecutive-or-not dates spanning ≤ 7 days. */
export function dayWindows(days: readonly string[]): string[][] {
  const windows: string[][] = [];
  for (const day of [...new Set(days)].sort()) {
    const current = windows[windows.length - 1];
    const first = current?.[0];
    if (current && first && daysBetween(first, day) < MAX_DAYS_PER_CALL) current.push(day);
    else windows.push([day]);
  }
  return windows;
}

interface Ask {
  userId: string;
  fromMs: number;
  toMs: number;
}

interface Row {
  json: string;
  fetchedAt: number;
}

const key = (userId: string, day: string) => `${userId}|${day}`;

/** Whole days from one "YYYY-MM-DD" to another. */
function daysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

function daysOf(fromMs: number, toMs: number, tz: string): string[] {
  const last = dateKey(toMs, tz);
  const out: string[] = [];
  for (let d = dateKey(fromMs, tz); d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

export function createRecordCache(deps: RecordCacheDeps): RecordCache {
  const { db, api, clock, timeZone: tz, logger } = deps;
  const freshMs = deps.freshMs ?? DEFAULT_FRESH_MS;
  // Invalidations by key, numbered: a fetch that started before one must not clear it.
  let generation = 0;
  const invalidatedAt = new Map<string, number>();

  async function load(userIds: string[], days: string[]): Promise<Map<string, Row>> {
    if (userIds.length === 0 || days.length === 0) return new Map();
    const rows = await db
      .selectFrom('record_cache')
      .select(['user_id', 'day', 'records_json', 'fetched_at'])
      .where('user_id', 'in', userIds)
      .where('day', 'in', days)
      .execute();
    return new Map(
      rows.map((r) => [key(r.user_id, r.day), { json: r.records_json, fetchedAt: r.fetched_at }]),
    );
  }

  /** One listRecord read (split by the client at 50 users) of whole days, stored per day. */
  async function fetchDays(userIds: string[], days: string[]): Promise<void> {
    const first = days[0];
    const last = days[days.length - 1];
    if (!first || !last || userIds.length === 0) return;
    const started = generation;
    const now = clock.now();
    const from = startOfDate(first, tz);
    const to = Math.max(from, Math.min(now, startOfDate(addDays(last, 1), tz) - 1000));
    const records = await api.listRecords(userIds, from, to);
    const byKey = new Map<string, AttendanceRecord[]>();
    for (const r of records) {
      const k = key(r.userId, dateKey(r.userCheckTime, tz));
      const list = byKey.get(k) ?? [];
      list.push(r);
      byKey.set(k, list);
    }
    const values = userIds.flatMap((u) =>
      days.map((d) => {
        const k = key(u, d);
        const mark = invalidatedAt.get(k);
        const stillStale = mark !== undefined && mark > started;
        // A mark this fetch has answered is done with.
        if (mark !== undefined && !stillStale) invalidatedAt.delete(k);
        return {
          user_id: u,
          day: d,
          records_json: JSON.stringify(byKey.get(k) ?? []),
          fetched_at: stillStale ? INVALIDATED : now,
        };
      }),
    );
    for (let i = 0; i < values.length; i += 200) {
      await db
        .insertInto('record_cache')
        .values(values.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['user_id', 'day']).doUpdateSet((eb) => ({
            records_json: eb.ref('excluded.records_json'),
            fetched_at: eb.ref('excluded.fetched_at'),
          })),
        )
        .execute();
    }
  }

  /** Known users whose today is not fresh, to fill the last call of `who` up to 50. */
  async function riders(window: string[], who: string[], now: number): Promise<string[]> {
    const today = dateKey(now, tz);
    const room = (USERS_PER_CALL - (who.length % USERS_PER_CALL)) % USERS_PER_CALL;
    if (room === 0 || !window.includes(today)) return [];
    const taken = new Set(who);
    const others = (await deps.knownUsers()).filter((u) => !taken.has(u));
    const rows = await load(others, [today]);
    return others
      .filter(
        (u) => dayState(today, rows.get(key(u, today))?.fetchedAt, now, tz, freshMs) !== 'fresh',
      )
      .slice(0, room);
  }

  async function runBatch(batch: Ask[]): Promise<RecordsAnswer[]> {
    const now = clock.now();
    const budget = deps.budgetMode();
    const daysByAsk = batch.map((a) =>
      a.fromMs > now ? [] : daysOf(a.fromMs, Math.min(a.toMs, now), tz),
    );
    const users = [...new Set(batch.map((a) => a.userId))];
    const allDays = [...new Set(daysByAsk.flat())];
    let rows = await load(users, allDays);

    const needs = new Map<string, Set<string>>();
    batch.forEach((a, i) => {
      for (const day of daysByAsk[i] ?? []) {
        const state = dayState(day, rows.get(key(a.userId, day))?.fetchedAt, now, tz, freshMs);
        if (!mustFetch(state, budget)) continue;
        const set = needs.get(a.userId) ?? new Set<string>();
        set.add(day);
        needs.set(a.userId, set);
      }
    });
    if (needs.size > 0) {
      for (const window of dayWindows([...needs.values()].flatMap((s) => [...s]))) {
        const who = [...needs].filter(([, s]) => window.some((d) => s.has(d))).map(([u]) => u);
        await fetchDays([...who, ...(await riders(window, who, now))], window);
      }
      rows = await load(users, allDays);
    }

    return batch.map((a, i) => {
      let stale = false;
      let fetchedAt: number | null = null;
      const records: AttendanceRecord[] = [];
      for (const day of daysByAsk[i] ?? []) {
        const row = rows.get(key(a.userId, day));
        if (!row) continue;
        const state = dayState(day, row.fetchedAt, now, tz, freshMs);
        if (state === 'aged') stale = true;
        fetchedAt = fetchedAt === null ? row.fetchedAt : Math.min(fetchedAt, row.fetchedAt);
        records.push(...(JSON.parse(row.json) as AttendanceRecord[]));
      }
      return {
        records: records
          .filter((r) => r.userCheckTime >= a.fromMs && r.userCheckTime <= a.toMs)
          .sort((x, y) => x.userCheckTime - y.userCheckTime),
        stale,
        fetchedAt,
      };
    });
  }

  const gather = createGather(runBatch, deps.gatherMs ?? DEFAULT_GATHER_MS);

  async function read(userId: string, fromMs: number, toMs: number): Promise<RecordsAnswer> {
    // ±8.64e15 ms is as far as a Date goes: past it there is no day to name (a RangeError, a 500).
    const valid = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
    if (!valid(fromMs) || !valid(toMs) || fromMs > toMs) {
      throw new AppError('invalidInput', 'The time range is empty or invalid', { field: 'from' });
    }
    if (daysBetween(dateKey(fromMs, tz), dateKey(toMs, tz)) > MAX_DAYS_PER_CALL) {
      throw new AppError('invalidInput', 'At most 7 days of records at a time', {
        field: 'to',
        limit: MAX_DAYS_PER_CALL,
      });
    }
    return gather({ userId, fromMs, toMs });
  }

  return {
    read,
    records: async (userId, fromMs, toMs) => (await read(userId, fromMs, toMs)).records,

    async invalidate(userId, atMs) {
      const day = dateKey(atMs, tz);
      generation += 1;
      invalidatedAt.set(key(userId, day), generation);
      await db
        .updateTable('record_cache')
        .set({ fetched_at: INVALIDATED })
        .where('user_id', '=', userId)
        .where('day', '=', day)
        .execute();
    },

    async verify(date) {
      if (deps.budgetMode()) {
        logger.info('budget mode: morning verification skipped', { date });
        return 0;
      }
      const now = clock.now();
      const known = await deps.knownUsers();
      const rows = await load(known, [date]);
      const users = known.filter(
        (u) => dayState(date, rows.get(key(u, date))?.fetchedAt, now, tz, freshMs) !== 'fresh',
      );
      if (users.length === 0) return 0;
      await fetchDays(users, [date]);
      logger.info('verified a day of records', { date, users: users.length });
      return users.length;
    },
  };
}
