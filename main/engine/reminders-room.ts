/**
 * The engine's reminders room: plans what to remind about for a trigger (login,
 * wake, a timer), remembers what was shown, snoozed or waved off for the day,
 * and holds the reminder currently showing. The planning itself is the pure
 * planner in attendance/reminders.ts; this room only feeds it and keeps its memory.
 */
import type { NotificationDelivery } from '../../shared/contract';
import type { DayStatus, Reminder } from '../../shared/model';
import type { Settings } from '../../shared/settings';
import {
  notToday as markNotToday,
  planReminders,
  readMemory,
  type ReminderMemory,
  type ReminderTrigger,
  snooze as snoozeMemory,
} from '../attendance/reminders';
import type { Clock, Store } from '../ports';
import type { ShownReminder } from './deps';

export interface RemindersRoomDeps {
  state: Store;
  /**
   * Where the day's memory is kept: demo mode has its own ('demoReminders'), so a demo
   * day (today, with the common 09:00–18:00) never marks the real day's reminders shown,
   * snoozed or "not today", and the real memory is there again after Leave demo.
   */
  memoryKey?: () => string;
  clock: Clock;
  settings: () => Settings;
  /** An instant as the organisation's wall-clock ISO time. */
  zoned: (ms: number) => string;
  /** The work date reminders belong to (yesterday's while a night shift is still open). */
  workDate: (now: number) => string;
  /** Today's status without a call, or after one load when there is none yet. */
  today: () => Promise<DayStatus | null>;
  /** A fresh read of a day before nagging about it (null when it cannot be read). */
  verify: (day: DayStatus) => Promise<DayStatus | null>;
  budgetMode: () => boolean;
  /** Hands a reminder to the notifier; false when nobody listens (the CLI, the harness). */
  onReminder: (reminder: ShownReminder) => boolean;
  onChanged: () => void;
}

export const REAL_MEMORY_KEY = 'reminders';
export const DEMO_MEMORY_KEY = 'demoReminders';

/** A status older than this is read again before an overdue reminder shows. */
const STALE_MS = 30 * 60_000;

/** How long a test reminder waits for the system to say it showed or refused it. */
export const TEST_CONFIRM_MS = 4000;

export class RemindersRoom {
  private showing: Reminder | null = null;

  constructor(private readonly deps: RemindersRoomDeps) {}

  current(): Reminder | null {
    return this.showing;
  }

  memory(now = this.deps.clock.now()): ReminderMemory {
    return readMemory(this.deps.state.get(this.key()), this.deps.workDate(now));
  }

  /** Demo mode's memory goes (a new demo, or Leave demo), and the reminder it showed. */
  forgetDemo(): void {
    this.deps.state.delete(DEMO_MEMORY_KEY);
    this.showing = null;
  }

  private key(): string {
    return this.deps.memoryKey?.() ?? REAL_MEMORY_KEY;
  }

  /**
   * Plans reminders for a trigger and returns what to show and when to wake.
   * Before nagging about an overdue check point with a stale status, it reads
   * the schedule once: a punch made on the phone must silence the reminder
   * (one call, only when a reminder would otherwise show).
   */
  async plan(
    trigger: ReminderTrigger,
  ): Promise<{ show: Reminder | null; nextWakeAt: number | null }> {
    const now = this.deps.clock.now();
    const key = this.key();
    const day = await this.deps.today();
    let plan = this.planFor(day, trigger, now);
    const fetchedAt = day ? Date.parse(day.fetchedAt) : now;
    const overdue = plan.show !== null && Date.parse(plan.show.planned) <= now;
    if (overdue && day && now - fetchedAt > STALE_MS && !this.deps.budgetMode()) {
      const fresh = await this.deps.verify(day);
      if (fresh) plan = this.planFor(fresh, trigger, now);
    }
    // Demo mode began or ended meanwhile: this plan was for the other clock and memory
    // (entering or leaving demo asks for a new plan).
    if (this.key() !== key) return { show: null, nextWakeAt: null };
    this.deps.state.set(key, plan.memory);
    this.showing = plan.show;
    if (plan.show) this.deps.onReminder(plan.show);
    this.deps.onChanged();
    return { show: plan.show, nextWakeAt: plan.nextWakeAt };
  }

  snooze(): void {
    const now = this.deps.clock.now();
    this.deps.state.set(this.key(), snoozeMemory(this.memory(now), now, this.deps.settings()));
    this.showing = null;
  }

  /** "Not today" on, or off again (`on` false: reminders resume for the rest of the day). */
  notToday(on = true): void {
    this.deps.state.set(this.key(), markNotToday(this.memory(), on));
    if (on) this.showing = null;
  }

  /**
   * Settings' "send a test reminder": a reminder for the next check point (or a clock-in
   * now) down the same path as planned ones, so it proves the notifier and the system's
   * permission. It changes no memory and is not the reminder showing. Resolves with what
   * the system did; 'unconfirmed' when it said nothing within TEST_CONFIRM_MS.
   */
  test(day: DayStatus | null): Promise<NotificationDelivery> {
    const now = this.deps.clock.now();
    const next = day?.checkPoints.find((c) => c.type === day.next && c.state === 'pending');
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('unconfirmed'), TEST_CONFIRM_MS);
      timer.unref?.();
      const settle = (delivery: NotificationDelivery) => {
        clearTimeout(timer);
        resolve(delivery);
      };
      const heard = this.deps.onReminder({
        kind: next?.type === 'OffDuty' ? 'forgotOffDuty' : 'beforeOnDuty',
        checkType: next?.type ?? 'OnDuty',
        planned: next?.planned ?? this.deps.zoned(now),
        escalation: 0,
        test: { settle },
      });
      if (!heard) settle('unsupported');
    });
  }

  private planFor(day: DayStatus | null, trigger: ReminderTrigger, now: number) {
    return planReminders({
      settings: this.deps.settings(),
      day,
      now,
      trigger,
      memory: this.memory(now),
    });
  }
}
