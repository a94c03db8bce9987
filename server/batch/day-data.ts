/**
 * DayData for the server: schedules and records of everyone, batched and
 * cached (schedules.ts, records.ts), the known employees (users.ts), and the
 * two daily jobs: the schedule prefetch (05:00 org time, the coming 7 days for
 * everyone) and the morning verification (06:00, yesterday's records for
 * everyone, 50 per call). `runDue(now)` runs whichever job is due; start()
 * calls it now and then on a timer, and tests call it with a SimClock's time.
 * Each job's last run date is kept in `kv`, so a restart does not repeat it.
 *
 * Several server processes on one PostgreSQL database: a pass runs only under
 * the 'batch' lease (server/store/lease.ts), and reads the last run dates only
 * once it holds it, so a job another instance just finished is not run again.
 */
import type { DingTalkApi } from '../../main/dingtalk/types';
import type { Clock, Logger } from '../../main/ports';
import { toErrorPayload } from '../../shared/errors';
import { addDays, dateKey, startOfDate } from '../../shared/time';
import type { DayData } from '../services';
import { createLocalLeases, type Leases } from '../store/lease';
import { HISTORY_MAX_DAYS_BACK } from '../../shared/history';
import type { Db } from '../store/schema';
import { createRecordCache, type RecordCache } from './records';
import { createScheduleCache, type ScheduleCache } from './schedules';
import { knownUsers } from './users';

const MINUTE = 60_000;
/** After a failed job, wait this long before trying it again (a broken setup must not spin). */
export const JOB_RETRY_MS = 15 * MINUTE;
/**
 * Cached days older than this are deleted by the daily prefetch: the tables would otherwise
 * grow by a row per employee per day for ever. It reaches past the oldest day `/v1/history`
 * serves (plus a day of time-zone slack each side): were it shorter, every morning's prune
 * would drop days employees can still ask for, and each ask would spend counted calls again.
 */
export const CACHE_RETENTION_DAYS = HISTORY_MAX_DAYS_BACK + 2;

export type BatchApi = Pick<DingTalkApi, 'schedulesByUsers' | 'scheduleByDay' | 'listRecords'>;

export interface DayDataDeps {
  db: Db;
  /** The DingTalk client or the server's rate-limited gateway. */
  api: BatchApi;
  clock: Clock;
  timeZone: string;
  operatorUserId: string | null;
  /** The meter's budget mode. */
  budgetMode: () => boolean;
  logger: Logger;
  /** Org wall-clock "HH:mm"; default 05:00 and 06:00. */
  prefetchAt?: string;
  verifyAt?: string;
  /** How often start()'s timer looks for due jobs (default a minute). */
  tickMs?: number;
  freshMs?: number;
  gatherMs?: number;
  /** Who runs the jobs when several processes share the database (default: this process). */
  leases?: Leases;
}

export type JobName = 'prefetch' | 'verify';

/** The lease under which one process runs the batch jobs. */
export const BATCH_LEASE = 'batch:jobs';

export interface BatchDayData extends DayData {
  readonly schedules: ScheduleCache;
  readonly recordCache: RecordCache;
  /** Runs the jobs due at `now` (default the clock's time); returns the ones that ran. */
  runDue(now?: number): Promise<JobName[]>;
}

function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`Not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Whether a daily job set for `at` ("HH:mm") is due at `now` and has not run today (pure). */
export function isDue(now: number, timeZone: string, at: string, lastRunDate: string | null) {
  const today = dateKey(now, timeZone);
  const sinceMidnight = (now - startOfDate(today, timeZone)) / MINUTE;
  return lastRunDate !== today && sinceMidnight >= minutesOf(at);
}

export function createDayData(deps: DayDataDeps): BatchDayData {
  const { db, clock, timeZone: tz, logger } = deps;
  const leases = deps.leases ?? createLocalLeases();
  const users = knownUsers(db, clock);
  const schedules = createScheduleCache({
    db,
    api: deps.api,
    clock,
    timeZone: tz,
    operatorUserId: deps.operatorUserId,
    knownUsers: () => users.list(),
    logger,
    gatherMs: deps.gatherMs,
  });
  const recordCache = createRecordCache({
    db,
    api: deps.api,
    clock,
    timeZone: tz,
    budgetMode: deps.budgetMode,
    knownUsers: () => users.list(),
    logger,
    freshMs: deps.freshMs,
    gatherMs: deps.gatherMs,
  });
  const jobs: Record<JobName, { at: string; run: (now: number) => Promise<void> }> = {
    prefetch: {
      at: deps.prefetchAt ?? '05:00',
      run: async (now) => {
        // First: a DingTalk that fails the prefetch must not stop the pruning.
        await prune(addDays(dateKey(now, tz), -CACHE_RETENTION_DAYS));
        await schedules.prefetch({ force: true });
      },
    },
    verify: {
      at: deps.verifyAt ?? '06:00',
      run: async (now) => {
        await recordCache.verify(addDays(dateKey(now, tz), -1));
      },
    },
  };
  async function prune(oldestKept: string): Promise<void> {
    await db.deleteFrom('record_cache').where('day', '<', oldestKept).execute();
    await db.deleteFrom('schedule_cache').where('work_date', '<', oldestKept).execute();
  }

  const failedAt = new Map<JobName, number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  const lastKey = (job: JobName) => `batch:last:${job}`;

  async function lastRun(job: JobName): Promise<string | null> {
    const row = await db
      .selectFrom('kv')
      .select('value_json')
      .where('key', '=', lastKey(job))
      .executeTakeFirst();
    return row ? (JSON.parse(row.value_json) as string) : null;
  }

  async function markRun(job: JobName, date: string, now: number): Promise<void> {
    const value_json = JSON.stringify(date);
    await db
      .insertInto('kv')
      .values({ key: lastKey(job), value_json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
      .execute();
  }

  async function runDue(now = clock.now()): Promise<JobName[]> {
    const held = await leases.withLease(BATCH_LEASE, () => runDueHeld(now));
    return held?.value ?? [];
  }

  async function runDueHeld(now: number): Promise<JobName[]> {
    const ran: JobName[] = [];
    for (const name of ['prefetch', 'verify'] as const) {
      const job = jobs[name];
      const failed = failedAt.get(name);
      if (failed !== undefined && now - failed < JOB_RETRY_MS) continue;
      if (!isDue(now, tz, job.at, await lastRun(name))) continue;
      try {
        await job.run(now);
        failedAt.delete(name);
        await markRun(name, dateKey(now, tz), now);
        ran.push(name);
      } catch (error) {
        failedAt.set(name, now);
        logger.warn(`batch job ${name} failed`, { code: toErrorPayload(error).code });
      }
    }
    return ran;
  }

  /** One job pass at a time: a slow pass is never overlapped by the next tick. */
  function tick(): Promise<unknown> {
    running = running.then(() => runDue()).catch(() => undefined);
    return running;
  }

  return {
    schedules,
    recordCache,
    runDue,
    schedule: (userId, date) => schedules.schedule(userId, date),
    records: (userId, fromMs, toMs) => recordCache.records(userId, fromMs, toMs),
    invalidate: (userId, atMs) => recordCache.invalidate(userId, atMs),
    rememberUser: (userId, name) => users.remember(userId, name),
    start() {
      if (timer) return;
      // At start: the jobs due, then whatever is still missing of the coming week.
      running = runDue()
        .then(async (ran) => {
          if (ran.includes('prefetch')) return;
          await leases.withLease(BATCH_LEASE, () => schedules.prefetch({ force: false }));
        })
        .catch((error: unknown) => {
          logger.warn('schedule prefetch at start failed', { code: toErrorPayload(error).code });
        });
      timer = setInterval(() => void tick(), deps.tickMs ?? MINUTE);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
