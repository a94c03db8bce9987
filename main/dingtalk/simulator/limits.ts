/**
 * Throttling and the monthly quota.
 *
 * A rate window entry expires once its window has passed on EITHER the
 * simulated clock or real time: a burst against a frozen clock is throttled
 * (deterministic tests), and waiting a real second (a client's back-off) or
 * advancing the simulated clock both clear it, as with the real service.
 */
import { monthKey } from '../../../shared/time';

interface Hit {
  sim: number;
  real: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, Hit[]>();

  /** Records a call; false when the key already made `limit` calls in the window. */
  allow(key: string, limit: number, windowMs: number, simNow: number, realNow: number): boolean {
    const live = (this.hits.get(key) ?? []).filter((h) => {
      const simAge = simNow - h.sim;
      return simAge >= 0 && simAge < windowMs && realNow - h.real < windowMs;
    });
    if (live.length >= limit) {
      this.hits.set(key, live);
      return false;
    }
    live.push({ sim: simNow, real: realNow });
    this.hits.set(key, live);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}

export interface QuotaFiguresSim {
  /** "YYYY-MM" in the org's zone. */
  month: string;
  used: number;
  cap: number;
  remaining: number;
  /** Counted calls per API path this month. */
  byApi: Record<string, number>;
}

/** Counted calls of the whole organisation (all its apps) per calendar month. */
export class MonthlyQuota {
  private month = '';
  private byApi: Record<string, number> = {};
  cap: number;

  constructor(
    cap: number,
    private readonly timeZone: string,
  ) {
    this.cap = cap;
  }

  private roll(now: number): void {
    const month = monthKey(now, this.timeZone);
    if (month !== this.month) {
      this.month = month;
      this.byApi = {};
    }
  }

  private used(): number {
    return Object.values(this.byApi).reduce((a, b) => a + b, 0);
  }

  /** Counts the call; false (and not counted) when the month's calls are used up. */
  take(path: string, now: number): boolean {
    this.roll(now);
    if (this.used() >= this.cap) return false;
    this.byApi[path] = (this.byApi[path] ?? 0) + 1;
    return true;
  }

  /** Pretends `count` calls were already made this month (to test the cap quickly). */
  consume(count: number, now: number, path = '(preset)'): void {
    this.roll(now);
    this.byApi[path] = (this.byApi[path] ?? 0) + count;
  }

  figures(now: number): QuotaFiguresSim {
    this.roll(now);
    const used = this.used();
    return {
      month: this.month,
      used,
      cap: this.cap,
      remaining: Math.max(0, this.cap - used),
      byApi: { ...this.byApi },
    };
  }
}
