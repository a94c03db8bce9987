/**
 * Demo mode: the DingTalk simulator runs in-process with the demo
 * organisation, and Daka talks to it over loopback HTTP exactly as it would to
 * DingTalk. Nothing leaves the machine.
 *
 * It makes a first impression, so it starts at a friendly moment: 08:40 on a
 * workday of the office worker (today when they work today, else their last
 * workday), on a running clock. "Play the day" jumps that clock to the next
 * moment worth seeing (the clock-in reminder, lunch, just before clock-out,
 * the forgot-to-clock-out reminder, the next morning), and the engine follows
 * the simulator's clock in demo mode, so reminders fire as the played clock
 * reaches them. The reminder steps go where the reminder planner says the next
 * reminder is (the Now line's "08:55 提醒你打上班卡"), so the two never disagree.
 */
import type { DemoMoment } from '../shared/contract';
import { addDays, dateKey, parseDingTalk } from '../shared/time';
import type { CheckType } from '../shared/model';
import type { DemoBackend, DemoReminderTimes } from './identity/identity';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from './dingtalk/simulator';
import { scheduleDay } from './dingtalk/simulator/schedule';

const MINUTE = 60_000;

/** The demo day starts this long before the first clock-in (09:00 → 08:40). */
const START_BEFORE_MS = 20 * MINUTE;

/**
 * Demo mode plays the office worker; on their day off (a weekend demo) it plays
 * a colleague who works today, so there is something to clock in for. (Daka
 * Server's demo, on the real date; the desktop's demo picks a workday instead.)
 */
export function demoUserFor(org: Simulator['org'], date: string): string {
  const candidates = [DEMO_USERS.fixed, DEMO_USERS.turn, DEMO_USERS.night];
  return (
    candidates.find((userid) => scheduleDay(org, userid, date).kind === 'work') ?? DEMO_USERS.fixed
  );
}

/** The office worker's workday on or before `date` (a weekend demo plays Friday). */
export function demoDate(org: Simulator['org'], date: string, direction: -1 | 1 = -1): string {
  for (let i = 0; i < 14; i++) {
    const d = addDays(date, i * direction);
    if (scheduleDay(org, DEMO_USERS.fixed, d).kind === 'work') return d;
  }
  return date;
}

export interface Moment {
  moment: DemoMoment;
  at: number;
}

/**
 * The moments of a demo day, in order, from its planned clock-in and clock-out
 * and the reminders: the clock-in and forgot-to-clock-out steps land on the
 * reminder they are named after, where it shows (the early clock-out question
 * just before clock-out). A reminder step exists only while that reminder can
 * still show.
 */
export function demoMoments(
  onDuty: number,
  offDuty: number,
  reminders: DemoReminderTimes,
): Moment[] {
  const before = reminders.beforeOnDutyMinutes;
  const span = offDuty - onDuty;
  // About 40 % into the day, on a half hour: 12:30 for 09:00–18:00.
  const lunch = Math.round((onDuty + span * 0.4) / (30 * MINUTE)) * 30 * MINUTE;
  const clockIn = reminderAt(reminders, 'OnDuty', before > 0 ? onDuty - before * MINUTE : null);
  const afterWork = reminderAt(
    reminders,
    'OffDuty',
    offDuty + reminders.afterOffDutyMinutes * MINUTE,
  );
  const moments: (Moment | null)[] = [
    { moment: 'beforeWork', at: onDuty - START_BEFORE_MS },
    clockIn === null ? null : { moment: 'clockIn', at: clockIn },
    { moment: 'lunch', at: lunch },
    { moment: 'beforeClockOut', at: offDuty - 5 * MINUTE },
    afterWork === null ? null : { moment: 'afterWork', at: afterWork },
  ];
  return moments.filter((m) => m !== null).sort((a, b) => a.at - b.at);
}

/**
 * When a check point's reminder shows, by the planner when it has spoken: its next
 * reminder when it is this one's (a snooze moves it; a repeat after the first, the
 * forgot-to-clock-out escalation, is not a step of its own: the day moves on), none when
 * nothing more reminds today; one about the other check point first means this one's is
 * later (by the settings; the planner says so once it is next) or not at all. Without a
 * day the planner cannot speak: the settings' time, where it would put it.
 */
function reminderAt(
  reminders: DemoReminderTimes,
  checkType: CheckType,
  bySettings: number | null,
): number | null {
  const { upcoming } = reminders;
  if (upcoming === undefined) return bySettings;
  if (upcoming === null) return null;
  if (upcoming.checkType === checkType) {
    const repeat = !upcoming.snoozeEnd && bySettings !== null && upcoming.at > bySettings;
    return repeat ? null : upcoming.at;
  }
  return bySettings !== null && bySettings > upcoming.at ? bySettings : null;
}

/** The office worker's planned first clock-in and last clock-out of a date. */
function plannedDay(org: Simulator['org'], date: string): { onDuty: number; offDuty: number } {
  const day = scheduleDay(org, DEMO_USERS.fixed, date);
  const checks = day.kind === 'work' ? day.checks : [];
  const first = checks.find((c) => c.checkType === 'OnDuty');
  const last = checks.findLast((c) => c.checkType === 'OffDuty');
  if (first && last) return { onDuty: first.planned, offDuty: last.planned };
  // Not a workday after all (an org changed by hand): a plain 09:00–18:00.
  const at = (time: string) => parseDingTalk(`${date} ${time}`, org.timeZone);
  return { onDuty: at('09:00:00'), offDuty: at('18:00:00') };
}

/**
 * Where "play the day" goes from `now`: the next moment of the demo day, or,
 * once the day is played, the next workday's morning.
 */
export function nextMoment(
  org: Simulator['org'],
  now: number,
  reminders: DemoReminderTimes,
): Moment {
  const today = dateKey(now, org.timeZone);
  const date = demoDate(org, today);
  const plan = plannedDay(org, date);
  // A moment less than a minute ahead is "now": the next one is worth the jump.
  const ahead = demoMoments(plan.onDuty, plan.offDuty, reminders).find((m) => m.at > now + MINUTE);
  if (ahead && date === today) return ahead;
  const tomorrow = demoDate(org, addDays(today, 1), 1);
  const next = plannedDay(org, tomorrow);
  return { moment: 'nextDay', at: next.onDuty - START_BEFORE_MS };
}

/** 08:40 of the demo day that `realNow` falls in (its last workday on a weekend). */
export function demoStart(org: Simulator['org'], realNow: number): number {
  const date = demoDate(org, dateKey(realNow, org.timeZone));
  return plannedDay(org, date).onDuty - START_BEFORE_MS;
}

export async function startDemoBackend(
  options: { realNow?: () => number } = {},
): Promise<DemoBackend> {
  const realNow = options.realNow ?? Date.now;
  const clock = new SimClock({ running: true, realNow });
  const sim = await startSimulator({ clock });
  clock.set(demoStart(sim.org, realNow()));
  const userId = DEMO_USERS.fixed;
  const user = sim.org.users.find((u) => u.userid === userId);
  sim.setLoginUser(userId);
  return {
    urls: sim.urls,
    appKey: DEMO_APP_KEY,
    appSecret: DEMO_APP_SECRET,
    userId,
    userName: user?.name ?? userId,
    clock,
    next: (reminders) => nextMoment(sim.org, clock.now(), reminders),
    play: (reminders) => {
      const next = nextMoment(sim.org, clock.now(), reminders);
      clock.set(next.at);
      return next;
    },
    // The demo's "browser": DingTalk's authorize page approves as the demo user
    // and redirects to our loopback receiver.
    approveLogin: async (url) => {
      const reply = await fetch(url, { redirect: 'manual' });
      const location = reply.headers.get('location');
      if (location) await fetch(location);
    },
    close: () => sim.close(),
  };
}
