/**
 * When a failed read may be tried again, and after how long. Pure: the caller
 * injects randomness (jitter) and does the sleeping.
 */
import type { AppError, ErrorCode } from '../../shared/errors';

/** Transient by nature. Everything else (credentials, permission, whitelist, quota, bad request, IP ban) needs a human or a long wait. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  'dingtalkBusy',
  'rateLimited',
  'networkDown',
  'timeout',
]);

/**
 * A write DingTalk refused cleanly for these reasons recorded nothing and may be sent
 * again at once: -1 (busy) and the throttles (90018: "wait at least 1 s"). A network
 * failure is not among them: offline, the punch waits in the outbox instead.
 */
const CLEAN_REFUSAL_RETRYABLE: ReadonlySet<ErrorCode> = new Set(['dingtalkBusy', 'rateLimited']);

/** DingTalk asks for at least a second between throttled attempts (dingtalk-api.md §10). */
export const MIN_WRITE_RETRY_DELAY_MS = 1000;

/** A wait longer than this is not a retry any more: give the error to the caller. */
export const MAX_RETRY_DELAY_MS = 30_000;

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  /** First backoff; doubles per attempt. */
  backoffMs: number;
}

export function isRetryable(error: AppError): boolean {
  return RETRYABLE.has(error.code);
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or null to give up.
 * Exponential backoff with "equal jitter" (half fixed, half random) so that
 * many installs behind one NAT do not retry in lockstep; never shorter than
 * the wait DingTalk asked for (detail.retryAfter).
 */
export function retryDelay(
  error: AppError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number | null {
  if (!isRetryable(error) || attempt >= policy.maxAttempts) return null;
  const exponential = policy.backoffMs * 2 ** (attempt - 1);
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const delay = Math.max(jittered, (error.detail.retryAfter ?? 0) * 1000);
  return delay > MAX_RETRY_DELAY_MS ? null : Math.round(delay);
}

/**
 * Milliseconds to wait before sending a write again after DingTalk's clean refusal, or
 * null to give up: only busy and throttled, at least one second, the same bounded
 * attempts and backoff as reads. The caller has checked that the refusal is clean.
 */
export function cleanRefusalDelay(
  error: AppError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number | null {
  if (!CLEAN_REFUSAL_RETRYABLE.has(error.code)) return null;
  const delay = retryDelay(error, attempt, policy, random);
  return delay === null ? null : Math.max(delay, MIN_WRITE_RETRY_DELAY_MS);
}
