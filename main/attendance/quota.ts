/**
 * The call meter: every DingTalk request counted per calendar month (in the
 * organisation's zone), persisted, split into quota-counted calls, token
 * fetches and everything else. Budget mode starts when this install's
 * counted calls reach the configured cap: optional reads are then skipped,
 * punches never.
 */
import type { QuotaFigures } from '../../shared/model';
import { monthKey } from '../../shared/time';
import type { CallEvent } from '../dingtalk/types';
import type { Clock, Store } from '../ports';

/** The last thing each DingTalk API answered: the doctor reads it instead of calling again. */
export interface ApiOutcome {
  ok: boolean;
  errorCode: string | null;
  at: number;
}

interface MonthCounts {
  month: string;
  counted: number;
  total: number;
  tokenFetches: number;
  byApi: Record<string, number>;
  /** DingTalk said the organisation's monthly quota is used up (90020). */
  exhausted: boolean;
}

const KEY = 'quota';
const OUTCOMES_KEY = 'apiOutcomes';

export class CallMeter {
  private counts: MonthCounts;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
    private readonly cap: () => number,
  ) {
    this.counts = this.load();
  }

  record(event: CallEvent): void {
    const c = this.current();
    c.total += 1;
    // A request that never reached DingTalk (connection refused) cannot have used its quota.
    if (event.quotaCounted && event.errorCode !== 'networkDown') c.counted += 1;
    if (event.token) c.tokenFetches += 1;
    c.byApi[event.api] = (c.byApi[event.api] ?? 0) + 1;
    if (event.errorCode === 'quotaExhausted') c.exhausted = true;
    this.store.set(KEY, c);
    const outcomes = this.outcomes();
    outcomes[event.api] = { ok: event.ok, errorCode: event.errorCode ?? null, at: event.at };
    this.store.set(OUTCOMES_KEY, outcomes);
  }

  forgetOutcomes(): void {
    this.store.delete(OUTCOMES_KEY);
  }

  lastOutcome(api: string): ApiOutcome | undefined {
    return this.outcomes()[api];
  }

  private outcomes(): Record<string, ApiOutcome> {
    const stored = this.store.get<Record<string, ApiOutcome>>(OUTCOMES_KEY);
    return typeof stored === 'object' && stored !== null ? { ...stored } : {};
  }

  figures(): QuotaFigures {
    const c = this.current();
    return {
      month: c.month,
      counted: c.counted,
      total: c.total,
      tokenFetches: c.tokenFetches,
      cap: this.cap(),
      budgetMode: this.budgetMode(),
    };
  }

  byApi(): Readonly<Record<string, number>> {
    return { ...this.current().byApi };
  }

  /** Optional reads (verification, explicit refresh) are skipped in budget mode. */
  budgetMode(): boolean {
    const c = this.current();
    return c.exhausted || c.counted >= this.cap();
  }

  private current(): MonthCounts {
    const month = monthKey(this.clock.now(), this.timeZone());
    if (this.counts.month !== month) {
      this.counts = { month, counted: 0, total: 0, tokenFetches: 0, byApi: {}, exhausted: false };
    }
    return this.counts;
  }

  private load(): MonthCounts {
    const stored = this.store.get<Partial<MonthCounts>>(KEY);
    const month = monthKey(this.clock.now(), this.timeZone());
    if (stored && stored.month === month) {
      return {
        month,
        counted: Number(stored.counted) || 0,
        total: Number(stored.total) || 0,
        tokenFetches: Number(stored.tokenFetches) || 0,
        byApi: typeof stored.byApi === 'object' && stored.byApi ? stored.byApi : {},
        exhausted: stored.exhausted === true,
      };
    }
    return { month, counted: 0, total: 0, tokenFetches: 0, byApi: {}, exhausted: false };
  }
}
