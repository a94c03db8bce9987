/**
 * Which time a punch gets, or why it is refused: pure, from the click time the
 * desktop reports, the server's own clock and the administrator's policies.
 *
 * - Close enough to the server's clock (allowedClockDifferenceSeconds): the
 *   server's own time is used, so a desktop's wrong clock never moves a punch.
 * - Ahead of the server's clock beyond that: refused (punchInFuture).
 * - Older, held by the desktop while the server was unreachable, and no older
 *   than maxOfflineMinutes: the click time is kept and the punch marked offline.
 * - Older otherwise: refused (punchTooOld). A desktop that was online has no
 *   reason to report a click minutes ago.
 * - Whatever the configured difference (even 0), an online click (not queued
 *   offline) at most TRANSPORT_ALLOWANCE_MS older than the server's clock gets
 *   the server's time: the request always arrives a little after the click
 *   (network, TLS, a retry), and that delay is not a clock difference.
 *
 * DingTalk keeps punch times to the second, so every check time is in whole seconds.
 */
import { AppError } from '../../shared/errors';
import type { ServerPolicies } from '../../shared/server-api';

export interface PunchTiming {
  clickedAt: number;
  /** The server's clock when the request arrived. */
  receivedAt: number;
  queuedOffline: boolean;
}

export type PunchDecision =
  { ok: true; checkTime: number; offline: boolean } | { ok: false; error: AppError };

/** How old an online click may arrive and still be "now" (network delay and the desktop's retries). */
export const TRANSPORT_ALLOWANCE_MS = 30_000;

const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

export function decidePunch(timing: PunchTiming, policies: ServerPolicies): PunchDecision {
  const { clickedAt, receivedAt, queuedOffline } = timing;
  if (!policies.punchingEnabled) {
    return {
      ok: false,
      error: new AppError('punchingDisabled', 'The administrator has turned punching off'),
    };
  }
  const tolerance = policies.allowedClockDifferenceSeconds * 1000;
  const ahead = clickedAt - receivedAt;
  const inTransit = !queuedOffline && ahead <= 0 && -ahead <= TRANSPORT_ALLOWANCE_MS;
  if (Math.abs(ahead) <= tolerance || inTransit) {
    return { ok: true, checkTime: wholeSeconds(receivedAt), offline: false };
  }
  if (ahead > 0) {
    return {
      ok: false,
      error: new AppError('punchInFuture', "The click time is ahead of the server's clock", {
        limit: policies.allowedClockDifferenceSeconds,
      }),
    };
  }
  if (queuedOffline && -ahead <= policies.maxOfflineMinutes * 60_000) {
    return { ok: true, checkTime: wholeSeconds(clickedAt), offline: true };
  }
  return {
    ok: false,
    error: new AppError('punchTooOld', 'The punch was held longer than the administrator allows', {
      limit: policies.maxOfflineMinutes,
    }),
  };
}
