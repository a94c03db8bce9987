/**
 * Today's working time. Main turns the day into anchors once (`workClockOf`, in
 * the Snapshot); the popup and the tray then only do `workNow` on the ticking
 * minute. Minutes are counted as the clock shows them (08:58 → 09:01 is 3), so
 * the figures change exactly when the shown time does.
 */
import type { WorkClock } from './contract';
import type { DayStatus } from './model';

const MINUTE = 60_000;
const minuteOf = (ms: number) => Math.floor(ms / MINUTE);

/** Null before the first clock-in, on a rest day and on leave. */
export function workClockOf(day: DayStatus | null): WorkClock | null {
  if (!day || day.restDay || day.onLeave) return null;
  let closedMinutes = 0;
  let since: string | null = null;
  let leaveAt: string | null = null;
  let clockedIn = false;
  day.checkPoints.forEach((on, i) => {
    // A plan without a clock-out after this clock-in still counts the hours (nothing to count down to).
    const off = day.checkPoints[i + 1];
    if (on.type !== 'OnDuty' || on.state !== 'done' || !on.punchedAt || off?.type === 'OnDuty') {
      return;
    }
    clockedIn = true;
    if (off?.state === 'done' && off.punchedAt) {
      closedMinutes += Math.max(
        0,
        minuteOf(Date.parse(off.punchedAt)) - minuteOf(Date.parse(on.punchedAt)),
      );
    } else if ((!off || off.state === 'pending') && since === null) {
      since = on.punchedAt;
      leaveAt = off?.planned ?? null;
    }
  });
  return clockedIn ? { closedMinutes, since, leaveAt } : null;
}

/** At `now`: minutes worked, and minutes left until the planned clock-out (≤ 0: due). */
export function workNow(work: WorkClock, now: number): { worked: number; left: number | null } {
  const minute = minuteOf(now);
  return {
    // Never below 0: the clock-in is DingTalk's time, `now` this computer's (maybe behind).
    worked:
      work.closedMinutes +
      (work.since ? Math.max(0, minute - minuteOf(Date.parse(work.since))) : 0),
    left: work.leaveAt ? minuteOf(Date.parse(work.leaveAt)) - minute : null,
  };
}

/** The keys a duration is said with (home strings, also in the main process's strings). */
export type DurationKey = 'now.h' | 'now.hm' | 'now.m';

/**
 * A span of minutes in words, for the now line and the tray alike: "1小时25分",
 * a whole hour without "0分" ("1小时" / "1 h"), under an hour minutes only.
 */
export function durationText(
  minutes: number,
  t: (key: DurationKey, vars: Readonly<Record<string, number>>) => string,
): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? t('now.m', { m }) : m === 0 ? t('now.h', { h }) : t('now.hm', { h, m });
}
