/**
 * A FIFO rate limiter for one DingTalk API: at most `limit` calls in any
 * `windowMs` (DingTalk: 20 calls/s per app per API, else 90018).
 *
 * DingTalk counts a call when it ARRIVES, which is somewhere between the moment
 * we start it and the moment its answer is back. So a call holds its slot from
 * its start until one window after it ended: then, however the network delays
 * or bunches requests, no window at DingTalk can see more than `limit` of them
 * (proof: take the last-started call of any window W at DingTalk; when it
 * started, every other call of W had started and was either still in flight or
 * had ended less than a window before, so all of them held a slot).
 *
 * `admit` is the pure decision; `createLimiter` is the queue around it.
 */
import type { Clock } from '../../main/ports';

export interface SlotState {
  /** Calls started and not yet ended. */
  inFlight: number;
  /** End times of finished calls, oldest first (older than a window may be included). */
  endedAt: readonly number[];
}

export type Admission =
  | { kind: 'go' }
  /** Try again after this many ms (the oldest ended call leaves the window then). */
  | { kind: 'wait'; ms: number }
  /** Every slot is held by a call in flight: try again when one ends. */
  | { kind: 'waitForEnd' };

export function admit(
  state: SlotState,
  now: number,
  limit: number,
  windowMs: number,
  pausedUntil = 0,
): Admission {
  if (now < pausedUntil) return { kind: 'wait', ms: pausedUntil - now };
  const live = state.endedAt.filter((t) => now - t < windowMs);
  if (state.inFlight + live.length < limit) return { kind: 'go' };
  const oldest = live[0];
  if (oldest === undefined) return { kind: 'waitForEnd' };
  return { kind: 'wait', ms: Math.max(1, oldest + windowMs - now) };
}

export interface Limiter {
  /** Runs `task` when a slot is free, in the order callers asked. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** No call starts before `ms` from now (DingTalk said "wait"). */
  pause(ms: number): void;
  /** Calls waiting for a slot (for diagnostics). */
  readonly waiting: number;
}

export interface LimiterOptions {
  clock: Clock;
  limit: number;
  windowMs?: number;
  sleep: (ms: number) => Promise<void>;
}

export function createLimiter(options: LimiterOptions): Limiter {
  const { clock, limit, sleep } = options;
  const windowMs = options.windowMs ?? 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be ≥ 1');
  const queue: (() => void)[] = [];
  let inFlight = 0;
  let endedAt: number[] = [];
  let pausedUntil = 0;
  /** The longest pause asked for: no wait for a pause is ever longer (see pump). */
  let longestPause = 0;
  let pumping = false;

  const end = () => {
    inFlight -= 1;
    const now = clock.now();
    // Kept sorted: a clock that steps back must not hide an older entry behind a newer one.
    let i = endedAt.length;
    while (i > 0 && (endedAt[i - 1] ?? 0) > now) i -= 1;
    endedAt.splice(i, 0, now);
    void pump();
  };

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const now = clock.now();
        // A clock that stepped back (NTP, a resumed VM) would otherwise make an end or a
        // pause "in the future" hold the queue for the length of the step: count them as now.
        endedAt = endedAt.filter((t) => now - t < windowMs).map((t) => Math.min(t, now));
        pausedUntil = Math.min(pausedUntil, now + longestPause);
        const decision = admit({ inFlight, endedAt }, now, limit, windowMs, pausedUntil);
        if (decision.kind === 'waitForEnd') return; // `end` pumps again
        if (decision.kind === 'wait') {
          await sleep(decision.ms);
          continue;
        }
        inFlight += 1;
        queue.shift()?.();
      }
    } finally {
      pumping = false;
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          let settled: Promise<T>;
          try {
            settled = task();
          } catch (error) {
            settled = Promise.reject(error);
          }
          settled.then(resolve, reject).finally(end);
        });
        void pump();
      });
    },
    pause(ms) {
      longestPause = Math.max(longestPause, ms);
      pausedUntil = Math.max(pausedUntil, clock.now() + ms);
    },
    get waiting() {
      return queue.length;
    },
  };
}
