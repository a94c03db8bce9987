/**
 * What the snapshot says about demo mode: the simulated time (the popup's
 * clock follows it) and where "play the day" goes next. Apart from main/demo.ts
 * so the engine does not import the simulator (the CLI and the server build it
 * without demo mode).
 */
import type { DemoInfo } from '../shared/contract';
import type { DayStatus } from '../shared/model';
import type { Settings } from '../shared/settings';
import { toZonedIso } from '../shared/time';
import { nextReminder, type ReminderMemory } from './attendance/reminders';
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

/**
 * The reminders the demo's steps follow: the planner's next reminder, as the snapshot's
 * nextReminder (the Now line) says it, so "play the day" never names another time.
 */
export function demoReminderTimes(input: {
  settings: Settings;
  day: DayStatus | null;
  now: number;
  memory: ReminderMemory;
}): DemoReminderTimes {
  const { reminders } = input.settings;
  const times = {
    beforeOnDutyMinutes: reminders.beforeOnDutyMinutes,
    afterOffDutyMinutes: reminders.afterOffDutyMinutes,
  };
  if (input.day === null) return times;
  const upcoming = nextReminder(input);
  return { ...times, upcoming };
}
