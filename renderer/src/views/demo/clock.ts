/**
 * The popup's clock in demo mode. The popup reads the time with Date.now()
 * everywhere (Today's button, its punch windows, the ticking time); in demo
 * mode the world's clock is the simulator's (it starts at 08:40 and "play the
 * day" moves it), so while the demo mark is on screen Date.now() follows it,
 * as the E2E tests' fake clock does. Otherwise it is the browser's own.
 */
const browserNow = Date.now.bind(Date);

/**
 * The simulated clock's distance from ours, measured when a snapshot arrived (Today shown
 * again later with the same snapshot keeps it). Every snapshot carries the time it was
 * built, so only a jump ("play the day") moves it by more than transport time.
 */
let measured: { iso: string; offset: number } | null = null;
/** The offset Date.now() adds now, or null for the browser's clock. */
let following: number | null = null;

/** Follows a snapshot's simulated time (null: the browser's clock again). */
export function followDemoClock(iso: string | null): void {
  if (iso !== null && measured?.iso !== iso) {
    const offset = Date.parse(iso) - browserNow();
    const same = measured !== null && Math.abs(measured.offset - offset) < 1000;
    measured = { iso, offset: same && measured ? measured.offset : offset };
  }
  const next = iso === null || !measured ? null : measured.offset;
  if (next === following) return;
  following = next;
  Date.now = next === null ? browserNow : () => browserNow() + next;
  // Today and its ticking time read the clock again when the popup shows: tell them it moved.
  document.dispatchEvent(new Event('visibilitychange'));
}
