/**
 * Reconnect delays for the Stream connection. dingtalk-stream 2.1.5 retries at a
 * fixed 1 s forever, so a gateway outage or a revoked secret turns every server
 * into a 1-call-a-second hammer on connections/open; we switch its own retries
 * off and wait longer after each failure instead.
 */

export interface BackoffOptions {
  /** The first delay (after the first failure). */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /** Each further failure multiplies the delay by this. */
  factor: number;
  /**
   * Up to this fraction is taken off each delay at random, so many servers that lost
   * DingTalk at the same moment do not all come back in the same second. Downward only:
   * the cap stays a cap.
   */
  jitter: number;
  /**
   * A connection that stayed up this long was healthy: its loss (DingTalk rotates
   * connections, a deploy restarts the gateway) starts the delays from `baseMs` again.
   * A connection that drops sooner counts as one more failure.
   */
  stableMs: number;
  /** A number in [0, 1); tests pass a fixed one. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 1_000,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.2,
  stableMs: 60_000,
  random: Math.random,
};

/** The delay before the next attempt after `failures` consecutive failures (≥ 1). */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const exponent = Math.max(0, failures - 1);
  const raw = options.baseMs * Math.pow(options.factor, exponent);
  const capped = Math.min(options.maxMs, Number.isFinite(raw) ? raw : options.maxMs);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const random = Math.min(1, Math.max(0, options.random()));
  return Math.round(capped * (1 - jitter * random));
}
