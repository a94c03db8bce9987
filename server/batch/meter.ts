/**
 * The server's call meter: every DingTalk call of the month (org zone),
 * counted against the quota or not, per API and per day, plus pushes
 * (Stream/Webhook deliveries, which have a quota of their own). It reuses the
 * desktop's CallMeter for the month totals, the last outcome of each API and
 * the 90020 flag, over a write-behind Store on the `kv` table; the breakdowns
 * the admin console charts live beside it.
 *
 * Budget mode starts at 90 % of the cap (or when DingTalk says 90020): the
 * caches then skip optional refreshes. Nothing punch-related ever waits on it.
 */
import { CallMeter, type ApiOutcome } from '../../main/attendance/quota';
import type { CallEvent } from '../../main/dingtalk/types';
import type { Clock } from '../../main/ports';
import { dateKey, monthKey } from '../../shared/time';
import type { Db } from '../store/schema';
import { openKvStore } from './kv-store';

/** Share of the cap at which budget mode starts. */
export const BUDGET_THRESHOLD = 0.9;
const EXTRA_KEY = 'breakdown';
const HISTORY_PREFIX = 'history:';

export interface CallTally {
  calls: number;
  counted: number;
}

export interface DayTally extends CallTally {
  pushes: number;
}

export interface MeterFigures {
  /** "YYYY-MM" in the org zone. */
  month: string;
  /** Calls that count against the organisation's monthly quota. */
  counted: number;
  /** Every call, token fetches and exempt APIs included. */
  total: number;
  tokenFetches: number;
  pushes: number;
  cap: number;
  budgetMode: boolean;
  byApi: Record<string, CallTally>;
  /** "YYYY-MM-DD" → that day's calls and pushes. */
  byDay: Record<string, DayTally>;
}

export interface ServerMeter {
  /** The DingTalk client's `onCall`. */
  record(event: CallEvent): void;
  /** `n` pushes delivered (attendance events over Stream). */
  recordPush(n?: number): void;
  figures(): MeterFigures;
  budgetMode(): boolean;
  /** The last answer of an API (the doctor reads it instead of calling). */
  lastOutcome(api: string): ApiOutcome | undefined;
  /** A finished month's figures, if kept. */
  history(month: string): MonthHistory | undefined;
  flush(): Promise<void>;
  /** Flushes; nothing recorded before is lost. */
  stop(): Promise<void>;
}

export interface ServerMeterDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Counted calls a month (the edition's quota, config.monthlyCap). */
  cap: number;
  /** Default 1000 ms: at most one write a second. */
  flushDelayMs?: number;
}

/** What stays of a finished month. */
export type MonthHistory = Breakdown;

interface Breakdown {
  month: string;
  total: number;
  counted: number;
  pushes: number;
  byApi: Record<string, CallTally>;
  byDay: Record<string, DayTally>;
}

/**
 * Whether a call used the quota. dingtalk-api.md §10: calls that failed from
 * throttling (per API, or the per-IP flood ban) or network errors are not
 * counted. A timeout may have reached DingTalk, so it counts (the cautious side).
 */
const NOT_COUNTED: ReadonlySet<string> = new Set(['networkDown', 'rateLimited', 'ipBanned']);

export function usesQuota(event: CallEvent): boolean {
  return event.quotaCounted && !NOT_COUNTED.has(event.errorCode ?? '');
}

const emptyBreakdown = (month: string): Breakdown => ({
  month,
  total: 0,
  counted: 0,
  pushes: 0,
  byApi: {},
  byDay: {},
});

export async function createServerMeter(deps: ServerMeterDeps): Promise<ServerMeter> {
  const { clock, timeZone, cap } = deps;
  const store = await openKvStore({
    db: deps.db,
    prefix: 'meter:',
    clock,
    flushDelayMs: deps.flushDelayMs,
  });
  const threshold = Math.floor(cap * BUDGET_THRESHOLD);
  // CallMeter's own "cap" is where budget mode starts; figures() reports the real cap.
  const calls = new CallMeter(
    store,
    clock,
    () => timeZone,
    () => threshold,
  );

  function current(): Breakdown {
    const month = monthKey(clock.now(), timeZone);
    const stored = store.get<Breakdown>(EXTRA_KEY);
    if (stored?.month === month) return stored;
    if (stored?.month) store.set(`${HISTORY_PREFIX}${stored.month}`, stored);
    const fresh = emptyBreakdown(month);
    store.set(EXTRA_KEY, fresh);
    return fresh;
  }

  function day(b: Breakdown, at: number): DayTally {
    const key = dateKey(at, timeZone);
    return (b.byDay[key] ??= { calls: 0, counted: 0, pushes: 0 });
  }

  return {
    record(event) {
      const counted = usesQuota(event);
      calls.record({ ...event, quotaCounted: counted });
      const b = current();
      const api = (b.byApi[event.api] ??= { calls: 0, counted: 0 });
      const d = day(b, clock.now());
      b.total += 1;
      api.calls += 1;
      d.calls += 1;
      if (counted) {
        b.counted += 1;
        api.counted += 1;
        d.counted += 1;
      }
      store.set(EXTRA_KEY, b);
    },
    recordPush(n = 1) {
      const b = current();
      b.pushes += n;
      day(b, clock.now()).pushes += n;
      store.set(EXTRA_KEY, b);
    },
    figures() {
      const f = calls.figures();
      const b = current();
      return {
        month: f.month,
        counted: f.counted,
        total: f.total,
        tokenFetches: f.tokenFetches,
        pushes: b.pushes,
        cap,
        budgetMode: calls.budgetMode(),
        byApi: structuredClone(b.byApi),
        byDay: structuredClone(b.byDay),
      };
    },
    budgetMode: () => calls.budgetMode(),
    lastOutcome: (api) => calls.lastOutcome(api),
    history(month) {
      const b = store.get<Breakdown>(`${HISTORY_PREFIX}${month}`);
      return b ? structuredClone(b) : undefined;
    },
    flush: () => store.flush(),
    stop: () => store.close(),
  };
}
