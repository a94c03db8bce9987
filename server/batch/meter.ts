/**
 * The server's call meter: every DingTalk call of the month (org zone),
 * counted against the quota or not, per API and per day, plus pushes
 * (Stream/Webhook deliveries, which have a quota of their own).
 *
 * Several server processes may share one PostgreSQL database, so no instance
 * may overwrite the stored count with its own: each keeps the calls it made
 * since its last write as a delta and ADDS it to the `meter_counts` rows
 * (0005, one per month, day and API) in one upsert (`value = value + delta`).
 * What an instance shows is the database's sum (re-read at most every
 * `refreshMs`, and after each write) plus its own not-yet-written delta, so
 * every instance sees every instance's calls, and budget mode follows the sum.
 * On SQLite (one process) this is the same, with one writer.
 *
 * The last outcome of each API (what the doctor reads) is per instance and
 * last-writer-wins, so it stays a write-behind value in `kv`.
 *
 * Budget mode starts at 90 % of the cap (or when DingTalk says 90020): the
 * caches then skip optional refreshes. Nothing punch-related ever waits on it.
 */
import type { ApiOutcome } from '../../main/attendance/quota';
import type { CallEvent } from '../../main/dingtalk/types';
import type { Clock } from '../../main/ports';
import { dateKey, monthKey } from '../../shared/time';
import type { Db } from '../store/schema';
import { openKvStore } from './kv-store';
import { legacyRows } from './meter-legacy';

/** Share of the cap at which budget mode starts. */
export const BUDGET_THRESHOLD = 0.9;
const OUTCOMES_KEY = 'apiOutcomes';
const DEFAULT_FLUSH_DELAY_MS = 1000;
const DEFAULT_REFRESH_MS = 1000;
/** The `api` of the rows that hold a day's pushes. */
const PUSH_ROW = '';

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
  /** Every instance's calls of this month (the database's sum, at most `refreshMs` old, plus ours). */
  figures(): MeterFigures;
  budgetMode(): boolean;
  /** The last answer of an API (the doctor reads it instead of calling). */
  lastOutcome(api: string): ApiOutcome | undefined;
  /** A finished month's figures, if kept (as of start or the last month change). */
  history(month: string): MonthHistory | undefined;
  /** Writes our delta and re-reads the sum. */
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
  /** How old the database's sum may get before figures() re-reads it. Default 1000 ms. */
  refreshMs?: number;
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

/** One `meter_counts` row's numbers. */
interface Counts {
  counted: number;
  total: number;
  token_fetches: number;
  pushes: number;
  exhausted: number;
}

interface Row extends Counts {
  month: string;
  day: string;
  api: string;
}

const zero = (): Counts => ({ counted: 0, total: 0, token_fetches: 0, pushes: 0, exhausted: 0 });
const rowKey = (month: string, day: string, api: string) => JSON.stringify([month, day, api]);

/** Adds `delta` into `into` (both keyed by rowKey). */
function addRows(into: Map<string, Row>, delta: Iterable<Row>): void {
  for (const r of delta) {
    const key = rowKey(r.month, r.day, r.api);
    const t = into.get(key) ?? { month: r.month, day: r.day, api: r.api, ...zero() };
    t.counted += r.counted;
    t.total += r.total;
    t.token_fetches += r.token_fetches;
    t.pushes += r.pushes;
    t.exhausted += r.exhausted;
    into.set(key, t);
  }
}

interface Totals extends Breakdown {
  tokenFetches: number;
  exhausted: number;
}

/** A finished month's figures, without the live-only fields. */
function breakdown(t: Totals): Breakdown {
  return {
    month: t.month,
    total: t.total,
    counted: t.counted,
    pushes: t.pushes,
    byApi: t.byApi,
    byDay: t.byDay,
  };
}

/** A month's figures from its rows (pure). */
export function sumRows(month: string, rows: Iterable<Row>): Totals {
  const t: Totals = {
    month,
    total: 0,
    counted: 0,
    pushes: 0,
    tokenFetches: 0,
    exhausted: 0,
    byApi: {},
    byDay: {},
  };
  for (const r of rows) {
    if (r.month !== month) continue;
    t.total += r.total;
    t.counted += r.counted;
    t.pushes += r.pushes;
    t.tokenFetches += r.token_fetches;
    t.exhausted += r.exhausted;
    const d = (t.byDay[r.day] ??= { calls: 0, counted: 0, pushes: 0 });
    d.calls += r.total;
    d.counted += r.counted;
    d.pushes += r.pushes;
    if (r.api !== PUSH_ROW) {
      const a = (t.byApi[r.api] ??= { calls: 0, counted: 0 });
      a.calls += r.total;
      a.counted += r.counted;
    }
  }
  return t;
}

const num = (v: unknown) => Number(v) || 0;

async function readRows(db: Db, where: { month: string; not?: boolean }): Promise<Row[]> {
  const rows = await db
    .selectFrom('meter_counts')
    .selectAll()
    .where('month', where.not ? '<>' : '=', where.month)
    .execute();
  // PostgreSQL's bigint may come back as a string on a connection without the int8 parser.
  return rows.map((r) => ({
    month: r.month,
    day: r.day,
    api: r.api,
    counted: num(r.counted),
    total: num(r.total),
    token_fetches: num(r.token_fetches),
    pushes: num(r.pushes),
    exhausted: num(r.exhausted),
  }));
}

/** Adds each row's delta to the stored one: one upsert, atomic on both dialects. */
async function addToDatabase(db: Db, delta: Row[]): Promise<void> {
  if (delta.length === 0) return;
  await db
    .insertInto('meter_counts')
    .values(delta)
    .onConflict((oc) =>
      oc.columns(['month', 'day', 'api']).doUpdateSet((eb) => ({
        counted: eb('meter_counts.counted', '+', eb.ref('excluded.counted')),
        total: eb('meter_counts.total', '+', eb.ref('excluded.total')),
        token_fetches: eb('meter_counts.token_fetches', '+', eb.ref('excluded.token_fetches')),
        pushes: eb('meter_counts.pushes', '+', eb.ref('excluded.pushes')),
        exhausted: eb('meter_counts.exhausted', '+', eb.ref('excluded.exhausted')),
      })),
    )
    .execute();
}

/** Turns the pre-0005 JSON in `kv` into rows, once (see meter-legacy.ts). */
async function importLegacy(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const gone = await tx
      .deleteFrom('kv')
      .where((eb) =>
        eb.or([
          eb('key', 'in', ['meter:breakdown', 'meter:quota']),
          eb('key', 'like', 'meter:history:%'),
        ]),
      )
      .returning(['key', 'value_json'])
      .execute();
    if (gone.length === 0) return;
    const parse = (text: string | undefined): unknown => {
      try {
        return text === undefined ? undefined : JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    const quota = parse(gone.find((r) => r.key === 'meter:quota')?.value_json);
    const rows = gone
      .filter((r) => r.key !== 'meter:quota')
      .flatMap((r) => legacyRows(parse(r.value_json), quota));
    for (let i = 0; i < rows.length; i += 100) {
      await addToDatabase(tx, rows.slice(i, i + 100));
    }
  });
}

export async function createServerMeter(deps: ServerMeterDeps): Promise<ServerMeter> {
  const { db, clock, timeZone, cap } = deps;
  const flushDelay = deps.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS;
  const refreshMs = deps.refreshMs ?? DEFAULT_REFRESH_MS;
  const threshold = Math.floor(cap * BUDGET_THRESHOLD);
  const outcomes = await openKvStore({ db, prefix: 'meter:', clock, flushDelayMs: flushDelay });

  /** Recorded here, not yet being written. */
  let pending = new Map<string, Row>();
  /** Being written now: still ours to show until the re-read that includes it. */
  let inflight = new Map<string, Row>();
  /** The database's rows of `stored.month`, as of `stored.at`. */
  let stored = { month: '', at: Number.NEGATIVE_INFINITY, rows: [] as Row[] };
  let past = new Map<string, Breakdown>();
  let timer: NodeJS.Timeout | null = null;
  // Writes and re-reads run one at a time, so a re-read never lands over a newer one.
  let chain: Promise<void> = Promise.resolve();

  const thisMonth = () => monthKey(clock.now(), timeZone);

  async function loadPast(month: string): Promise<void> {
    const rows = await readRows(db, { month, not: true });
    const months = new Set(rows.map((r) => r.month));
    const next = new Map<string, Breakdown>();
    for (const m of months) {
      next.set(m, breakdown(sumRows(m, rows)));
    }
    past = next;
  }

  /** Writes the delta (if any), then re-reads this month's sum. */
  async function sync(): Promise<void> {
    inflight = pending;
    pending = new Map();
    try {
      await addToDatabase(db, [...inflight.values()]);
    } catch (error) {
      // Not lost: the delta goes back to be added on the next write.
      addRows(pending, inflight.values());
      inflight = new Map();
      throw error;
    }
    const month = thisMonth();
    const monthChanged = stored.month !== '' && stored.month !== month;
    const rows = await readRows(db, { month });
    stored = { month, at: clock.now(), rows };
    inflight = new Map();
    if (monthChanged) await loadPast(month);
  }

  function queue(): Promise<void> {
    const run = chain.then(sync);
    // A failed write is retried with the next one (its delta is kept); the chain goes on.
    chain = run.catch(() => undefined);
    return run;
  }

  let refreshing = false;
  function refreshIfStale(): void {
    if (refreshing) return;
    if (stored.month === thisMonth() && clock.now() - stored.at < refreshMs) return;
    refreshing = true;
    void queue()
      .catch(() => undefined)
      .finally(() => {
        refreshing = false;
      });
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void queue().catch(() => undefined);
    }, flushDelay);
    timer.unref();
  }

  function add(api: string, c: Partial<Counts>): void {
    const now = clock.now();
    addRows(pending, [
      { month: monthKey(now, timeZone), day: dateKey(now, timeZone), api, ...zero(), ...c },
    ]);
    schedule();
  }

  function totals(): Totals {
    refreshIfStale();
    const month = thisMonth();
    const rows = stored.month === month ? stored.rows : [];
    return sumRows(month, [...rows, ...inflight.values(), ...pending.values()]);
  }

  const isBudget = (t: Totals) => t.exhausted > 0 || t.counted >= threshold;

  await importLegacy(db);
  await sync();
  await loadPast(thisMonth());

  return {
    record(event) {
      const counted = usesQuota(event);
      add(event.api, {
        total: 1,
        counted: counted ? 1 : 0,
        token_fetches: event.token ? 1 : 0,
        exhausted: event.errorCode === 'quotaExhausted' ? 1 : 0,
      });
      const last = outcomes.get<Record<string, ApiOutcome>>(OUTCOMES_KEY) ?? {};
      outcomes.set(OUTCOMES_KEY, {
        ...last,
        [event.api]: { ok: event.ok, errorCode: event.errorCode ?? null, at: event.at },
      });
    },
    recordPush(n = 1) {
      add(PUSH_ROW, { pushes: n });
    },
    figures() {
      const t = totals();
      return {
        month: t.month,
        counted: t.counted,
        total: t.total,
        tokenFetches: t.tokenFetches,
        pushes: t.pushes,
        cap,
        budgetMode: isBudget(t),
        byApi: t.byApi,
        byDay: t.byDay,
      };
    },
    budgetMode: () => isBudget(totals()),
    lastOutcome: (api) => outcomes.get<Record<string, ApiOutcome>>(OUTCOMES_KEY)?.[api],
    history(month) {
      if (month === thisMonth()) return undefined;
      // The month that just ended, before the re-read after the change has run.
      if (month === stored.month) {
        return breakdown(
          sumRows(month, [...stored.rows, ...inflight.values(), ...pending.values()]),
        );
      }
      const b = past.get(month);
      return b ? structuredClone(b) : undefined;
    },
    flush: async () => {
      await Promise.all([queue(), outcomes.flush()]);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all([queue(), outcomes.close()]);
    },
  };
}
