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
