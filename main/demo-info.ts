/**
 * What the snapshot says about demo mode: the simulated time (the popup's
 * clock follows it) and where "play the day" goes next. Apart from main/demo.ts
 * so the engine does not import the simulator (the CLI and the server build it
 * without demo mode).
 */
import type { DemoInfo } from '../shared/contract';
import { toZonedIso } from '../shared/time';
import type { DemoBackend, DemoReminderTimes } from './identity/identity';

export function demoInfo(
  demo: DemoBackend,
  reminders: DemoReminderTimes,
  timeZone: string,
): DemoInfo {
  const next = demo.next(reminders);
  return {
    now: toZonedIso(demo.clock.now(), timeZone),
    next: { moment: next.moment, at: toZonedIso(next.at, timeZone) },
  };
}
