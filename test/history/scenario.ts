/**
 * November 2026 for 张伟 (zhangwei, 09:00–18:00 with 30 minutes' flex) in the demo
 * organisation, as a month of history: a 调休 weekend (Saturday the 14th worked,
 * Monday the 16th a holiday), a day of leave (the 18th), one late clock-in (the
 * 5th), one missed clock-out (the 10th), one early clock-out (the 12th), and
 * normal days otherwise. Written into a running simulator (its org is live).
 */
import {
  DEMO_CLASSES,
  DEMO_GROUPS,
  DEMO_USERS,
  type Simulator,
} from '../../main/dingtalk/simulator';
import { addDays, parseDingTalk, weekdayOf } from '../../shared/time';

export const MONTH = '2026-11';
export const WORKED_SATURDAY = '2026-11-14';
export const HOLIDAY = '2026-11-16';
export const LEAVE_DAY = '2026-11-18';
export const LATE_DAY = '2026-11-05';
export const MISSED_DAY = '2026-11-10';
export const EARLY_DAY = '2026-11-12';
const SH = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => parseDingTalk(`${date} ${hhmm}:00`, SH);

/** Scheduled in the scenario: weekdays, the worked Saturday, not the holiday. */
export function isWorkday(date: string): boolean {
  if (date === WORKED_SATURDAY) return true;
  if (date === HOLIDAY) return false;
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
}

/** The punches of every workday before `today`, and today's clock-in when `clockedIn`. */
export function writeNovember(sim: Simulator, today: string, clockedIn = true): void {
  const group = sim.org.groups.find((g) => g.groupId === DEMO_GROUPS.office);
  if (group?.type !== 'FIXED') throw new Error('no office group');
  group.restDates = [HOLIDAY];
  group.workDates = { [WORKED_SATURDAY]: DEMO_CLASSES.office };
  const userId = DEMO_USERS.fixed;
  sim.addLeave({ userid: userId, from: at(LEAVE_DAY, '08:00'), to: at(LEAVE_DAY, '19:00') });
  const punch = (date: string, hhmm: string) =>
    sim.injectRecord({ userId, userCheckTime: at(date, hhmm), sourceType: 'USER' });
  for (let d = `${MONTH}-01`; d < today; d = addDays(d, 1)) {
    if (!isWorkday(d) || d === LEAVE_DAY) continue;
    punch(d, d === LATE_DAY ? '09:45' : '08:55');
    if (d === MISSED_DAY) continue;
    // Arriving 45 minutes late moves the clock-out 30 minutes later (晚到晚走).
    punch(d, d === EARLY_DAY ? '17:00' : d === LATE_DAY ? '18:45' : '18:05');
  }
  if (clockedIn) punch(today, '08:58');
}
