/**
 * What a click means right now: the one rule the engine, the tray and the popup
 * share (pure, no I/O), so no surface offers what another refuses.
 *
 * - DingTalk files a punch under the check point whose window holds its time
 *   (`filedAs`), whatever a button says.
 * - What to offer is the next pending check point; before its window opens it
 *   is offered with the time it opens, disabled (a click would be filed under
 *   the point before it).
 * - Off duty before the planned time is an early clock-out (早退打卡): asked first.
 * - On duty after the planned minute plus the class's late flex (弹性) is a late
 *   clock-in (迟到打卡): said, not asked; late by the minutes after the flex, as DingTalk counts.
 * - DingTalk keeps the FIRST on-duty punch and the LATEST off-duty punch: once
 *   the off-duty punch is in and its window is still open, another one updates it
 *   (更新打卡); a second on-duty punch changes nothing, so it is always asked.
 */
import type { CheckPoint, CheckType, DayStatus, TimeResult } from './model';

const MINUTE = 60_000;

export type OfferKind = 'normal' | 'early' | 'late' | 'update';

export interface PunchOffer {
  type: CheckType;
  planned: string | null;
  /** The window opens later: offered disabled until then. */
  opensAt: string | null;
  kind: OfferKind;
  /** Minutes early or late (0 when on time). */
  minutes: number;
  /** The result DingTalk is expected to give, when the planned time is known. */
  estimate: TimeResult | null;
  /** Until when the off-duty punch can still be updated. */
  until: string | null;
}

export interface RuleOptions {
  /**
   * Late by more than this many minutes is SeriousLate (the group's rule), when known;
   * default: the day's own (DayStatus.seriousLateMinutes), so every surface agrees.
   */
  seriousLateMinutes?: number | null;
  /** A clock-in up to this many minutes after the plan is on time (CheckPoint.lateFlexMinutes). */
  lateFlexMinutes?: number;
}

/** The check point DingTalk files a click at `now` under, or null between windows. */
export function filedAs(day: DayStatus, now: number): CheckPoint | null {
  const owner = day.checkPoints.find(
    (c) => c.window !== null && Date.parse(c.window.from) <= now && now <= Date.parse(c.window.to),
  );
  if (owner) return owner;
  if (day.checkPoints.some((c) => c.window !== null)) return null;
  // Without windows: the next pending point, as DingTalk's day would show it.
  return day.checkPoints.find((c) => c.state === 'pending') ?? null;
}

/** Early or late against the planned time, to the minute as DingTalk compares. */
export function timingOf(
  type: CheckType,
  planned: string | null,
  now: number,
  opts: RuleOptions = {},
): { kind: 'normal' | 'early' | 'late'; minutes: number; estimate: TimeResult | null } {
  if (planned === null) return { kind: 'normal', minutes: 0, estimate: null };
  const plan = Date.parse(planned);
  if (type === 'OffDuty') {
    if (now >= plan) return { kind: 'normal', minutes: 0, estimate: 'Normal' };
    return { kind: 'early', minutes: Math.ceil((plan - now) / MINUTE), estimate: 'Early' };
  }
  const minute = Math.floor(now / MINUTE) * MINUTE;
  const minutes = Math.round((minute - plan) / MINUTE) - (opts.lateFlexMinutes ?? 0);
  if (minutes <= 0) return { kind: 'normal', minutes: 0, estimate: 'Normal' };
  const serious = opts.seriousLateMinutes ?? null;
  return {
    kind: 'late',
    minutes,
    // DingTalk's 严重迟到 is "late by MORE than" the group's minutes.
    estimate: serious !== null && minutes > serious ? 'SeriousLate' : 'Late',
  };
}

/** What the button (and the tray item) offers at `now`, or null when nothing is due. */
export function punchOffer(
  day: DayStatus,
  now: number,
  { seriousLateMinutes = day.seriousLateMinutes }: RuleOptions = {},
): PunchOffer | null {
  if (day.restDay || day.onLeave) return null;
  const opts = { seriousLateMinutes };
  const next = day.checkPoints.find((c) => c.state === 'pending');
  if (next) {
    const from = next.window ? Date.parse(next.window.from) : null;
    const opensAt = next.window && from !== null && from > now ? next.window.from : null;
    const timing = opensAt
      ? { kind: 'normal' as const, minutes: 0, estimate: null }
      : timingOf(next.type, next.planned, now, {
          ...opts,
          ...(next.lateFlexMinutes ? { lateFlexMinutes: next.lateFlexMinutes } : {}),
        });
    return {
      type: next.type,
      planned: next.planned,
      opensAt,
      ...timing,
      until: null,
    };
  }
  // Everything is in: the last clock-out can be updated while its window is open.
  const last = day.checkPoints[day.checkPoints.length - 1];
  if (last?.type !== 'OffDuty' || last.state !== 'done' || !last.punchedAt) return null;
  if (last.punch?.source === 'APPROVE' || !last.window) return null;
  if (filedAs(day, now) !== last) return null;
  const timing = timingOf('OffDuty', last.planned, now, opts);
  return {
    type: 'OffDuty',
    planned: last.planned,
    opensAt: null,
    kind: 'update',
    minutes: timing.minutes,
    estimate: timing.estimate,
    until: last.window.to,
  };
}

export type Ask = 'early' | 'repeat';

/**
 * What a click filed as `type` at `now` must confirm first. `previous`: the latest
 * earlier punch of that kind (records or our own intents); `sameCheckPoint`: it is
 * in the same punch window. A repeat on-duty punch of the same check point always
 * asks (DingTalk keeps the first: it changes nothing); any other repeat only within
 * `repeatGuardMs` (a double click). An early clock-out always asks.
 */
export function mustConfirm(c: {
  type: CheckType;
  now: number;
  planned: string | null;
  previous: number | null;
  sameCheckPoint: boolean;
  repeatGuardMs: number;
}): Ask | null {
  if (c.previous !== null) {
    if ((c.type === 'OnDuty' && c.sameCheckPoint) || c.now - c.previous < c.repeatGuardMs) {
      return 'repeat';
    }
  }
  if (c.type === 'OffDuty' && c.planned !== null && c.now < Date.parse(c.planned)) return 'early';
  return null;
}
