/**
 * Loads today's status with as few quota-counted calls as possible.
 *
 * - One `schedule/listbyday` per work date answers "workday? when? which check
 *   points are done?" and is cached (persisted) for the day.
 * - `listRecord` only when there is something to see: a check point DingTalk
 *   already reports Checked/Timeout, our own uploads waiting for verification
 *   (the same read verifies them), or no schedule to tell us.
 * - After our own punch the status updates locally: no read.
 * - Opening the popup reads only when the cache is from another work date.
 * - An explicit refresh reads schedule and records again, at most once a minute,
 *   and not in budget mode.
 * - When listbyday is refused, the attendance group's class times (getusergroup,
 *   no operator needed) stand in for the settings' default hours; they are kept
 *   a day, so a refused schedule costs one more call a day, not one per read.
 */
import { AppError, toErrorPayload } from '../../shared/errors';
import type { DayStatus } from '../../shared/model';
import type { Settings } from '../../shared/settings';
import { addDays, dateKey } from '../../shared/time';
import type { AttendanceRecord, ScheduleEntry, UserGroup } from '../dingtalk/types';
import type { Clock, Logger, Store } from '../ports';
import type { AttendanceConnection } from './connection';
import type { Outbox } from './outbox';
import type { CallMeter } from './quota';
import {
  buildDayStatus,
  type GroupTimes,
  groupTimesOf,
  lateFlexOf,
  recordRange,
  type ScheduleInput,
} from './today';

const MINUTE = 60_000;
/** How long the group's class times stand in for a refused schedule before being asked again. */
const GROUP_TIMES_TTL_MS = 24 * 60 * MINUTE;
/** How long the group's serious-late minutes per class are trusted (they rarely change). */
const LATE_RULE_TTL_MS = 7 * 24 * 60 * MINUTE;
export const REFRESH_INTERVAL_MS = MINUTE;

interface CachedDay {
  userId: string;
  date: string;
  schedule: ScheduleInput;
  records: AttendanceRecord[] | null;
  fetchedAt: number;
}

export interface DayServiceDeps {
  api: Pick<AttendanceConnection, 'scheduleByDay' | 'listRecords'> & {
    /** getusergroup (direct mode): class times when listbyday is refused. Optional. */
    getUserGroup?: (userId: string) => Promise<UserGroup>;
    /**
     * Server mode: earlier days come from the company server's settled cache (its morning
     * batch verified them for everyone), so reading them costs no DingTalk call while a
     * read reaching into today may. Verification of earlier days is then read apart.
     */
    pastDaysCached?: boolean;
  };
  store: Store;
  clock: Clock;
  meter: CallMeter;
  outbox: Outbox;
  settings: () => Settings;
  timeZone: () => string;
  deviceId: string;
  /** The administrator's operator id, used when the employee may not read their own schedule. */
  operatorUserId: () => string | null;
  logger: Logger;
}

/** `pushed`: the company server said this day changed: read it all again, now. */
export type LoadReason = 'open' | 'refresh' | 'verify' | 'date' | 'pushed';

const cacheKey = (userId: string, date: string) => `day:${userId}:${date}`;
const groupKey = (userId: string) => `group:${userId}`;
const lateKey = (userId: string) => `lateRule:${userId}`;

interface CachedGroup {
  at: number;
  times: GroupTimes | null;
}

/** getusergroup's serious-late minutes by class id (null: the group does not say). */
interface CachedLateRule {
  at: number;
  byClass: Record<string, number | null>;
}

export class DayService {
  private lastRead = 0;
  private loading = new Map<string, Promise<DayStatus>>();

  constructor(private readonly deps: DayServiceDeps) {}

  /**
   * The current work date: normally today's date, but yesterday's while a
   * night shift that started yesterday still has a check point open.
   */
  today(userId?: string): string {
    const now = this.deps.clock.now();
    const today = dateKey(now, this.deps.timeZone());
    if (userId) {
      const yesterday = addDays(today, -1);
      const day = this.cached(userId, yesterday);
      const open = day?.checkPoints.some(
        (c) => c.window !== null && Date.parse(c.window.to) >= now && c.state !== 'missed',
      );
      const crossing = day?.checkPoints.some((c) => c.planned.slice(0, 10) !== yesterday);
      if (open && crossing) return yesterday;
    }
    return today;
  }

  /** Today's status from the cache, recomputed for now: no call. Null before the first load. */
  cached(userId: string, date = this.today(userId)): DayStatus | null {
    const c = this.deps.store.get<CachedDay>(cacheKey(userId, date));
    return c && c.userId === userId ? this.build(c) : null;
  }

  cachedAt(userId: string, date = this.today(userId)): number | null {
    return this.deps.store.get<CachedDay>(cacheKey(userId, date))?.fetchedAt ?? null;
  }

  /**
   * The status of a work date. `open` reads only without a cache; `refresh` and
   * `verify` read again (rate-limited; skipped in budget mode with an error the
   * caller can show); `date` is an explicit look at another date. Without a
   * date, the current work date, which may be yesterday's (see `today`).
   */
  async get(userId: string, reason: LoadReason, date?: string): Promise<DayStatus> {
    const status = await this.getDate(userId, reason, date ?? this.today(userId));
    if (date !== undefined || reason !== 'open' || !(await this.checkYesterday(userId, status))) {
      return status;
    }
    return this.getDate(userId, 'open', this.today(userId));
  }

  /**
   * A shift that started yesterday (a night shift, 24-hour duty: `across: 1`), while
   * the app was not running: nothing cached for yesterday, and today offers nothing
   * yet (a rest day, or a first check point still ahead). Then yesterday's schedule
   * is read once (and cached, so never again) to see whether a check point is still
   * open. At any hour: a 24-hour duty's clock-out window runs into the afternoon.
   */
  private async checkYesterday(userId: string, today: DayStatus): Promise<boolean> {
    const now = this.deps.clock.now();
    const calendarToday = dateKey(now, this.deps.timeZone());
    const yesterday = addDays(calendarToday, -1);
    if (today.date !== calendarToday || this.cached(userId, yesterday)) return false;
    const first = today.checkPoints[0];
    const opensLater = !first || Date.parse(first.window?.from ?? first.planned) > now;
    if (!(today.restDay || opensLater)) return false;
    await this.getDate(userId, 'date', yesterday).catch(() => null);
    return this.today(userId) === yesterday;
  }

  private async getDate(userId: string, reason: LoadReason, date: string): Promise<DayStatus> {
    const cached = this.cached(userId, date);
    if (cached && reason === 'open') return cached;
    if (cached && (reason === 'refresh' || reason === 'verify')) {
      if (this.deps.meter.budgetMode()) {
        throw new AppError('budgetExceeded', 'Budget mode: optional reads are skipped');
      }
      const wait = this.lastRead + REFRESH_INTERVAL_MS - this.deps.clock.now();
      if (reason === 'refresh' && wait > 0) {
        throw new AppError('refreshTooSoon', 'Refreshed a moment ago', {
          retryAfter: Math.ceil(wait / 1000),
        });
      }
    }
    const key = `${userId}:${date}`;
    const running = this.loading.get(key);
    if (running) return running;
    const records =
      reason === 'refresh' || reason === 'pushed' ? 'all' : reason === 'verify' ? 'keep' : 'needed';
    const task = this.load(userId, date, records).finally(() => this.loading.delete(key));
    this.loading.set(key, task);
    return task;
  }

  /** Forget cached days (sign-out, new credentials). */
  forget(userId: string, date = this.today(userId)): void {
    this.deps.store.delete(cacheKey(userId, date));
    this.deps.store.delete(groupKey(userId));
  }

  /**
   * `all`: an explicit refresh also reads the records, to show every punch.
   * `keep`: a check before a reminder reads the schedule only (its check_status
   * tells whether a punch happened) and keeps the records already cached.
   */
  private async load(
    userId: string,
    date: string,
    mode: 'all' | 'needed' | 'keep',
  ): Promise<DayStatus> {
    const tz = this.deps.timeZone();
    this.lastRead = this.deps.clock.now();
    const schedule = await this.readSchedule(userId, date);
    await this.learnLateRule(userId, schedule);
    let unverifiedFrom = this.deps.outbox.oldestUnverifiedAt(userId);
    if (mode === 'needed' && unverifiedFrom !== null && this.deps.api.pastDaysCached) {
      unverifiedFrom = await this.verifyEarlierDays(
        userId,
        unverifiedFrom,
        recordRange(date, tz, schedule).from,
      );
    }
    const previous = this.deps.store.get<CachedDay>(cacheKey(userId, date));
    // Without a DingTalk schedule there is no check_status to read: only records tell.
    const needRecords =
      mode === 'all' ||
      schedule.kind !== 'entries' ||
      (mode === 'needed' &&
        (unverifiedFrom !== null ||
          // A row without its status (partly read) cannot say "not punched yet".
          schedule.entries.some((e) => e.checkStatus !== 'Init' || e.partial === true)));

    let records: AttendanceRecord[] | null = mode === 'keep' ? (previous?.records ?? null) : null;
    if (needRecords) {
      const range = recordRange(date, tz, schedule);
      const from = Math.min(range.from, unverifiedFrom ?? range.from);
      const to = Math.max(from + 1000, Math.min(range.to, this.deps.clock.now()));
      try {
        const all = await this.deps.api.listRecords([userId], from, to);
        this.deps.outbox.verify(userId, all);
        records = all.filter((r) => r.userCheckTime >= range.from);
      } catch (error) {
        // Without records the schedule still answers; a missing read permission is not fatal.
        const payload = toErrorPayload(error);
        if (payload.code !== 'missingPermission') throw error;
        this.deps.logger.warn('listRecord not permitted', { code: payload.code });
      }
    }
    const cache: CachedDay = { userId, date, schedule, records, fetchedAt: this.deps.clock.now() };
    this.deps.store.set(cacheKey(userId, date), cache);
    this.pruneOthers(userId, date);
    const status = this.build(cache);
    // A click saved before any schedule was known was typed by the default hours: DingTalk's
    // schedule now says which check point its time belongs to (the window that holds it).
    if (status.source.kind !== 'dingtalk') return status;
    const owner = (at: number) =>
      status.checkPoints.find(
        (c) =>
          c.window !== null && Date.parse(c.window.from) <= at && at <= Date.parse(c.window.to),
      )?.type ?? null;
    return this.deps.outbox.refile(userId, owner) ? this.build(cache) : status;
  }

  /**
   * Verifies our uploads from before today's range with a read that ends where today's
   * range starts (answered from the server's settled cache), and returns the oldest
   * upload still unverified: today's own, which today's read then covers.
   */
  private async verifyEarlierDays(
    userId: string,
    from: number,
    todayFrom: number,
  ): Promise<number | null> {
    if (from < todayFrom) {
      try {
        this.deps.outbox.verify(
          userId,
          await this.deps.api.listRecords([userId], from, todayFrom - 1),
        );
      } catch (error) {
        if (toErrorPayload(error).code !== 'missingPermission') throw error;
      }
    }
    return this.deps.outbox.oldestUnverifiedAt(userId, todayFrom);
  }

  private async readSchedule(userId: string, date: string): Promise<ScheduleInput> {
    try {
      const entries = await this.deps.api.scheduleByDay(userId, date, userId);
      return entries.length === 0 ? { kind: 'none' } : { kind: 'entries', entries };
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code !== 'missingPermission') throw error;
      // The employee may not be allowed to read as themselves: try the administrator's operator.
      const operator = this.deps.operatorUserId();
      if (operator && operator !== userId) {
        try {
          const entries = await this.deps.api.scheduleByDay(userId, date, operator);
          return entries.length === 0 ? { kind: 'none' } : { kind: 'entries', entries };
        } catch (second) {
          if (toErrorPayload(second).code !== 'missingPermission') throw second;
        }
      }
      return { kind: 'notPermitted', group: await this.groupTimes(userId) };
    }
  }

  /**
   * The group's class times for a refused schedule, kept a day; null when the
   * connection cannot ask, the group says nothing clear, or the call fails (the
   * settings' hours then apply: this never fails the day).
   */
  private async groupTimes(userId: string): Promise<GroupTimes | null> {
    const ask = this.deps.api.getUserGroup;
    if (!ask) return null;
    const now = this.deps.clock.now();
    const kept = this.deps.store.get<CachedGroup>(groupKey(userId));
    if (kept && now - kept.at >= 0 && now - kept.at < GROUP_TIMES_TTL_MS) return kept.times;
    try {
      const times = groupTimesOf(await ask(userId));
      this.deps.store.set(groupKey(userId), { at: now, times } satisfies CachedGroup);
      return times;
    } catch (error) {
      this.deps.logger.warn('getusergroup failed', { code: toErrorPayload(error).code });
      return null;
    }
  }

  /**
   * The group's serious-late minutes for a late clock-in's estimate (迟到 or 严重迟到).
   * Asked only when it matters: a DingTalk schedule whose clock-in is due and already late,
   * and the class not known from the last week; one getusergroup call, kept a week. Never
   * fails the day: unknown means the estimate says Late.
   */
  private async learnLateRule(userId: string, schedule: ScheduleInput): Promise<void> {
    const ask = this.deps.api.getUserGroup;
    const classId = lateOnDuty(schedule, this.deps.clock.now())?.classId ?? null;
    if (!ask || classId === null) return;
    const now = this.deps.clock.now();
    const kept = this.deps.store.get<CachedLateRule>(lateKey(userId));
    const fresh = kept && now - kept.at >= 0 && now - kept.at < LATE_RULE_TTL_MS;
    if (fresh && String(classId) in kept.byClass) return;
    try {
      const group = await ask(userId);
      const byClass = Object.fromEntries(
        group.classes.map((c) => [String(c.classId), c.seriousLateMinutes]),
      );
      this.deps.store.set(lateKey(userId), { at: now, byClass } satisfies CachedLateRule);
    } catch (error) {
      this.deps.logger.warn('getusergroup failed', { code: toErrorPayload(error).code });
    }
  }

  /**
   * Minutes late beyond which DingTalk says SeriousLate: the group's minutes, counted after
   * the class's late flex (CheckPoint.lateFlexMinutes; DingTalk counts lateness after it).
   */
  private seriousLateMinutes(c: CachedDay): number | null {
    if (c.schedule.kind === 'notPermitted') return c.schedule.group?.seriousLateMinutes ?? null;
    if (c.schedule.kind !== 'entries') return null;
    const entry = c.schedule.entries.find((e) => !e.isRest && e.checkType === 'OnDuty');
    const kept = this.deps.store.get<CachedLateRule>(lateKey(c.userId));
    const classId = entry?.classId ?? null;
    const minutes = classId === null ? null : kept?.byClass[String(classId)];
    return typeof minutes === 'number' ? minutes : null;
  }

  private build(c: CachedDay): DayStatus {
    return buildDayStatus({
      seriousLateMinutes: this.seriousLateMinutes(c),
      userId: c.userId,
      date: c.date,
      timeZone: this.deps.timeZone(),
      now: this.deps.clock.now(),
      deviceId: this.deps.deviceId,
      deviceName: this.deps.outbox.deviceName(),
      schedule: c.schedule,
      records: c.records,
      localPunches: this.deps.outbox.unverified(c.userId),
      queued: this.deps.outbox.queued(c.userId),
      fallback: this.deps.settings().fallbackSchedule,
      fetchedAt: c.fetchedAt,
    });
  }

  /** Keeps the store small: only the dates around today stay cached. */
  private pruneOthers(userId: string, date: string): void {
    const keep = this.deps.store.get<string[]>('day:index') ?? [];
    const next = [...new Set([cacheKey(userId, date), ...keep])].slice(0, 4);
    for (const k of keep) if (!next.includes(k)) this.deps.store.delete(k);
    this.deps.store.set('day:index', next);
  }
}

/** The day's clock-in when it is still due and already late, after flex (DingTalk's schedule only). */
function lateOnDuty(schedule: ScheduleInput, now: number): ScheduleEntry | null {
  if (schedule.kind !== 'entries') return null;
  const onDuty = schedule.entries.find((e) => !e.isRest && e.checkType === 'OnDuty');
  if (!onDuty || onDuty.checkStatus !== 'Init') return null;
  const plan = onDuty.realPlanTime ?? onDuty.checkDateTime;
  return now > plan + lateFlexOf(onDuty.features) * MINUTE ? onDuty : null;
}
