/**
 * The reminder planner: a pure function from (settings, today's status, now,
 * what just happened, what was already shown today) to (a reminder to show or
 * none, when to wake up next, the updated memory). The caller owns the timer,
 * the notification and persisting the memory per work date.
 *
 * Rules
 * - Quiet when there is no status yet, on a rest day, on approved leave, after
 *   "not today" (the rest of the work date, unless undone: the reminders then
 *   resume without repeating those already shown), and while snoozed.
 * - Only PENDING check points remind. Each has a reminder range [opens, closes):
 *   - on duty: from its punch window's start (unknown window: planned − 2 h) to
 *     the window's end (unknown: planned + 4 h); never before the previous
 *     check point's planned time nor after the next one's.
 *   - off duty: from planned (or the window's start if later) to the window's
 *     end (unknown: planned + 4 h, but not after the next check point's planned).
 *   Past `closes` the check point is as good as missed: nothing more is said.
 * - Scheduled reminders ("slots") at fixed times:
 *   - beforeOnDuty at planned − beforeOnDutyMinutes (not before the range opens),
 *     valid until planned; 0 minutes turns it off.
 *   - forgotOffDuty escalation i (0..offDutyEscalations) at planned +
 *     afterOffDutyMinutes + i × escalationIntervalMinutes, valid until the next
 *     escalation (the last: until the range closes).
 *   The slots of all check points form one timeline; a slot also ends when the
 *   next slot starts, so at most one is current and a late wake-up shows only
 *   the latest, never a burst of stale ones.
 * - Any trigger shows the current slot if it was not shown yet.
 * - login (when reminders.atLogin) and resume/unlock (when reminders.onResume)
 *   with no current slot remind about the check point in range: an overdue one
 *   first (late but can still punch), else the upcoming one. Once per check
 *   point and kind, and not within EVENT_COOLDOWN_MS of any reminder for the
 *   same check point (a resume right after a login reminder stays quiet).
 * - Snooze silences everything until `snoozedUntil`; the first trigger at or
 *   after it shows the current slot, or else a 'snoozed' reminder for the check
 *   point in range, and ends the snooze.
 * - Never a loop: a key (check point + kind + escalation) is shown at most once
 *   per work date, `nextWakeAt` is strictly after `now` and null when nothing
 *   more can happen today; the caller re-plans on the next day, login or resume.
 */
import type { CheckType, DayStatus, Reminder, ReminderKind } from '../../shared/model';
import type { Settings } from '../../shared/settings';

export type ReminderTrigger =
  'login' | 'resume' | 'unlock' | 'timer' | 'snoozeEnded' | 'statusChanged';

/** What was shown today; the caller persists it per work date. */
export interface ReminderMemory {
  date: string;
  shown: { key: string; at: number }[];
  snoozedUntil: number | null;
  notToday: boolean;
}

export interface PlanInput {
  settings: Settings;
  day: DayStatus | null;
  now: number;
  trigger: ReminderTrigger;
  memory: ReminderMemory;
}

export interface Plan {
  show: Reminder | null;
  nextWakeAt: number | null;
  memory: ReminderMemory;
}

const MINUTE = 60_000;
/** Event reminders stay quiet this long after any reminder for the same check point. */
export const EVENT_COOLDOWN_MS = 30 * MINUTE;
/** Without a known punch window, on-duty reminders may start this long before planned. */
export const ON_DUTY_LEAD_MS = 120 * MINUTE;
/** Without a known punch window, a check point stops reminding this long after planned. */
export const CHECK_POINT_SPAN_MS = 240 * MINUTE;

interface Point {
  id: string;
  type: CheckType;
  planned: number;
  plannedIso: string;
  opens: number;
  closes: number;
}

interface Slot {
  point: Point;
  kind: 'beforeOnDuty' | 'forgotOffDuty';
  escalation: number;
  fireAt: number;
  until: number;
  key: string;
}

export function freshMemory(date: string): ReminderMemory {
  return { date, shown: [], snoozedUntil: null, notToday: false };
}

/** Persisted (untrusted) memory → valid memory for `date` (fresh when for another date or bad). */
export function readMemory(raw: unknown, date: string): ReminderMemory {
  if (typeof raw !== 'object' || raw === null) return freshMemory(date);
  const m = raw as Record<string, unknown>;
  const shownOk =
    Array.isArray(m.shown) &&
    m.shown.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as Record<string, unknown>).key === 'string' &&
        typeof (s as Record<string, unknown>).at === 'number',
    );
  const snoozeOk = m.snoozedUntil === null || typeof m.snoozedUntil === 'number';
  if (m.date !== date || !shownOk || !snoozeOk || typeof m.notToday !== 'boolean') {
    return freshMemory(date);
  }
  return {
    date,
    shown: (m.shown as { key: string; at: number }[]).map((s) => ({ key: s.key, at: s.at })),
    snoozedUntil: m.snoozedUntil as number | null,
    notToday: m.notToday,
  };
}

export function snooze(memory: ReminderMemory, now: number, settings: Settings): ReminderMemory {
  return { ...memory, snoozedUntil: now + settings.reminders.snoozeMinutes * MINUTE };
}

/** "Not today" on (which also ends a snooze), or off again: what was shown stays shown. */
export function notToday(memory: ReminderMemory, on = true): ReminderMemory {
  return on ? { ...memory, notToday: true, snoozedUntil: null } : { ...memory, notToday: false };
}

/** Pending check points with their reminder ranges (see the rules above). */
function pendingPoints(day: DayStatus): Point[] {
  const all = day.checkPoints
    .map((cp) => ({
      cp,
      planned: Date.parse(cp.planned),
      from: cp.window ? Date.parse(cp.window.from) : NaN,
      to: cp.window ? Date.parse(cp.window.to) : NaN,
    }))
    .filter((p) => Number.isFinite(p.planned))
    .sort((a, b) => a.planned - b.planned);
  const points: Point[] = [];
  all.forEach((p, i) => {
    if (p.cp.state !== 'pending') return;
    const previous = all[i - 1]?.planned ?? -Infinity;
    const next = all[i + 1]?.planned ?? Infinity;
    const to = Number.isFinite(p.to) ? p.to : p.planned + CHECK_POINT_SPAN_MS;
    const opens =
      p.cp.type === 'OnDuty'
        ? Math.max(Number.isFinite(p.from) ? p.from : p.planned - ON_DUTY_LEAD_MS, previous)
        : Math.max(p.planned, Number.isFinite(p.from) ? p.from : p.planned);
    const closes = Math.min(to, next);
    if (opens >= closes) return;
    points.push({
      id: `${p.cp.type}@${p.planned}`,
      type: p.cp.type,
      planned: p.planned,
      plannedIso: p.cp.planned,
      opens,
      closes,
    });
  });
  return points;
}

function slotsOf(points: Point[], settings: Settings): Slot[] {
  const r = settings.reminders;
  const slots: Slot[] = [];
  const add = (
    point: Point,
    kind: Slot['kind'],
    escalation: number,
    fireAt: number,
    own: number,
  ) => {
    const until = Math.min(own, point.closes);
    if (fireAt < point.opens || fireAt >= until) return;
    slots.push({
      point,
      kind,
      escalation,
      fireAt,
      until,
      key: `${point.id}:${kind}:${escalation}`,
    });
  };
  for (const point of points) {
    if (point.type === 'OnDuty') {
      if (r.beforeOnDutyMinutes === 0) continue;
      const fireAt = Math.max(point.planned - r.beforeOnDutyMinutes * MINUTE, point.opens);
      add(point, 'beforeOnDuty', 0, fireAt, point.planned);
    } else {
      const first = point.planned + r.afterOffDutyMinutes * MINUTE;
      const step = r.escalationIntervalMinutes * MINUTE;
      for (let i = 0; i <= r.offDutyEscalations; i++) {
        const own = i < r.offDutyEscalations ? first + (i + 1) * step : point.closes;
        add(point, 'forgotOffDuty', i, first + i * step, own);
      }
    }
  }
  slots.sort((a, b) => a.fireAt - b.fireAt || a.point.planned - b.point.planned);
  // One timeline: a slot ends where the next (later-starting) one begins.
  return slots.map((slot) => {
    const next = slots.find((s) => s.fireAt > slot.fireAt);
    return next ? { ...slot, until: Math.min(slot.until, next.fireAt) } : slot;
  });
}

/** The slot whose time it is (the latest started), if still valid. */
function currentSlot(slots: Slot[], at: number): Slot | null {
  let latest: Slot | null = null;
  for (const slot of slots) if (slot.fireAt <= at) latest = slot;
  return latest !== null && at < latest.until ? latest : null;
}

/** The check point an event reminder is about: the most recently overdue in range, else the next. */
function pointInRange(points: Point[], at: number): Point | null {
  const inRange = points.filter((p) => p.opens <= at && at < p.closes);
  const overdue = inRange.filter((p) => p.planned <= at);
  return overdue[overdue.length - 1] ?? inRange[0] ?? null;
}

function reminderOf(point: Point, kind: ReminderKind, escalation: number): Reminder {
  return { kind, checkType: point.type, planned: point.plannedIso, escalation };
}

export function planReminders(input: PlanInput): Plan {
  const { settings, day, now, trigger } = input;
  if (day === null) return { show: null, nextWakeAt: null, memory: input.memory };
  const memory =
    input.memory.date === day.date
      ? { ...input.memory, shown: [...input.memory.shown] }
      : freshMemory(day.date);
  const quiet = (m: ReminderMemory): Plan => ({ show: null, nextWakeAt: null, memory: m });
  if (memory.notToday || day.restDay || day.onLeave) return quiet(memory);

  const points = pendingPoints(day);
  const slots = slotsOf(points, settings);
  const shownKeys = () => new Set(memory.shown.map((s) => s.key));

  const decide = (): { reminder: Reminder; key: string } | null => {
    if (memory.snoozedUntil !== null && now < memory.snoozedUntil) return null;
    const snoozeEnded = memory.snoozedUntil !== null;
    const snoozedUntil = memory.snoozedUntil;
    memory.snoozedUntil = null;
    const shown = shownKeys();

    const slot = currentSlot(slots, now);
    if (slot && !shown.has(slot.key)) {
      return { reminder: reminderOf(slot.point, slot.kind, slot.escalation), key: slot.key };
    }
    const point = pointInRange(points, now);
    if (point === null) return null;
    if (snoozeEnded) {
      return {
        reminder: reminderOf(point, 'snoozed', 0),
        key: `${point.id}:snoozed:${snoozedUntil}`,
      };
    }
    const kind = eventKind(trigger, settings);
    if (kind === null) return null;
    const key = `${point.id}:${kind}:0`;
    const recent = memory.shown.some(
      (s) => s.key.startsWith(`${point.id}:`) && s.at <= now && now - s.at < EVENT_COOLDOWN_MS,
    );
    if (shown.has(key) || recent) return null;
    return { reminder: reminderOf(point, kind, 0), key };
  };

  const decision = decide();
  if (decision) memory.shown.push({ key: decision.key, at: now });
  const next = upcoming(points, slots, memory, now);
  return { show: decision?.reminder ?? null, nextWakeAt: next?.at ?? null, memory };
}

/** The next reminder that can show after `now`, and the check point it is about. */
export interface Upcoming {
  at: number;
  checkType: CheckType;
  /** It is the end of a snooze (which only counts when something can show then). */
  snoozeEnd: boolean;
}

function upcoming(
  points: Point[],
  slots: Slot[],
  memory: ReminderMemory,
  now: number,
): Upcoming | null {
  const shown = new Set(memory.shown.map((s) => s.key));
  const unshown = slots.filter((s) => !shown.has(s.key));
  const snoozedUntil = memory.snoozedUntil;
  const from = snoozedUntil !== null && snoozedUntil > now ? snoozedUntil : null;
  if (from !== null) {
    // Slots during the snooze are silenced; the end of it matters only if something can show then.
    const atEnd = currentSlot(unshown, from)?.point ?? pointInRange(points, from);
    if (atEnd) return { at: from, checkType: atEnd.type, snoozeEnd: true };
  }
  // Slots are sorted by fireAt: the first one after the snooze (or now) is the next.
  const later = unshown.find((s) => s.fireAt > (from ?? now));
  return later ? { at: later.fireAt, checkType: later.point.type, snoozeEnd: false } : null;
}

/**
 * What the popup and the tray say is coming ("18:10 提醒你打下班卡"): the plan's next
 * wake-up from the stored memory, without deciding anything. Null when nothing more
 * will remind today (rest day, leave, "not today", everything punched).
 */
export function nextReminder(input: Omit<PlanInput, 'trigger'>): Upcoming | null {
  const { day, now } = input;
  if (!day || day.restDay || day.onLeave) return null;
  const memory = input.memory.date === day.date ? input.memory : freshMemory(day.date);
  if (memory.notToday) return null;
  const points = pendingPoints(day);
  return upcoming(points, slotsOf(points, input.settings), memory, now);
}

function eventKind(trigger: ReminderTrigger, settings: Settings): ReminderKind | null {
  switch (trigger) {
    case 'login':
      return settings.reminders.atLogin ? 'login' : null;
    case 'resume':
    case 'unlock':
      return settings.reminders.onResume ? 'resume' : null;
    case 'timer':
    case 'snoozeEnded':
    case 'statusChanged':
      return null;
  }
}
