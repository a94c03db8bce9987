/**
 * The server's one way to DingTalk: the same API object, but every method call
 * waits its turn in a per-method FIFO limiter shared by every caller of the
 * process (DingTalk allows 20 calls/s per app per API; we stay below), and a
 * clean "slow down" from DingTalk is retried after at least a second.
 *
 * Methods are wrapped generically (every own function property, as the plain
 * object createDingTalkClient returns has), so a method added
 * to DingTalkApi later is limited without touching this file. The few methods
 * that never leave the process (LOCAL_METHODS) are passed through as they are.
 *
 * Retrying is safe even for an upload: the client throws rateLimited or
 * dingtalkBusy for an upload only when DingTalk answered cleanly (nothing was
 * recorded); any ambiguity is outcomeUnknown, which is never retried here.
 * The sign-in code exchange is not retried at all (SINGLE_USE_METHODS).
 *
 * Granularity: one limited call is one method call. A method that splits its
 * work (listRecords over 50 users or 7 days) makes several HTTP calls under one
 * slot; the retry below absorbs the rare 90018 that can cause.
 */
import { AppError, type ErrorCode } from '../../shared/errors';
import { silentLogger, type Clock, type Logger } from '../../main/ports';
import { createLimiter, type Limiter } from './limiter';

/** Computed locally, no HTTP: not limited, and kept synchronous. */
export const LOCAL_METHODS: ReadonlySet<string> = new Set(['authorizeUrl', 'clockSkewMs']);

/**
 * Single-use calls (the sign-in code works once): the client makes them once and
 * reports a 5xx as dingtalkBusy although the code may be spent, so a retry here
 * would only turn that into a misleading "invalid code". Limited, never retried.
 */
export const SINGLE_USE_METHODS: ReadonlySet<string> = new Set(['userAccessToken']);

/** DingTalk refused cleanly and asked us to come back: nothing was recorded. */
const COME_BACK: ReadonlySet<ErrorCode> = new Set(['rateLimited', 'dingtalkBusy']);

export interface GatewayOptions<T extends object> {
  api: T;
  clock: Clock;
  /** Calls per second per method; DingTalk allows 20, the default leaves headroom. */
  perSecond?: number;
  /** Retries of a clean rateLimited / dingtalkBusy refusal (default 4: 1, 2, 4, 8 s). */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /**
   * The limiter of one method (default: in-process, createLimiter). Several server
   * processes on one PostgreSQL database pass a shared one (server/store/rate.ts):
   * DingTalk's 20/s is per app, not per process.
   */
  limiterFor?: (name: string, perSecond: number) => Limiter;
}

export const DEFAULT_PER_SECOND = 18;
const MAX_RETRY_WAIT_MS = 8_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds before retry `attempt` (1-based): doubling from 1 s, never less than DingTalk asked. */
export function comeBackDelay(error: AppError, attempt: number): number {
  const asked = (error.detail.retryAfter ?? 1) * 1000;
  return Math.min(MAX_RETRY_WAIT_MS, Math.max(1000 * 2 ** (attempt - 1), asked, 1000));
}

export function createGateway<T extends object>(options: GatewayOptions<T>): T {
  const { api, clock } = options;
  const perSecond = options.perSecond ?? DEFAULT_PER_SECOND;
  const maxRetries = options.maxRetries ?? 4;
  const sleep = options.sleep ?? realSleep;
  const logger = options.logger ?? silentLogger;
  const limiters = new Map<string, Limiter>();
  const limiterFor = (name: string): Limiter => {
    let limiter = limiters.get(name);
    if (!limiter) {
      limiter = options.limiterFor
        ? options.limiterFor(name, perSecond)
        : createLimiter({ clock, limit: perSecond, windowMs: 1000, sleep });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  const wrap =
    (name: string, method: (...args: unknown[]) => unknown) =>
    async (...args: unknown[]): Promise<unknown> => {
      const limiter = limiterFor(name);
      const retries = SINGLE_USE_METHODS.has(name) ? 0 : maxRetries;
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await limiter.run(async () => method.apply(api, args));
        } catch (error) {
          if (!(error instanceof AppError) || !COME_BACK.has(error.code) || attempt > retries) {
            throw error;
          }
          const wait = comeBackDelay(error, attempt);
          // Everyone behind us would meet the same refusal: the whole queue waits.
          if (error.code === 'rateLimited') limiter.pause(wait);
          logger.warn('dingtalk asked to come back', { method: name, code: error.code, wait });
          await sleep(wait);
        }
      }
    };

  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function') out[name] = value;
    else if (LOCAL_METHODS.has(name)) out[name] = (value as () => unknown).bind(api);
    else out[name] = wrap(name, value as (...args: unknown[]) => unknown);
  }
  return out as T;
}
