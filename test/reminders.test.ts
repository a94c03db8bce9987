import { describe, expect, it } from 'vitest';
import type { Plan, ReminderMemory, ReminderTrigger } from '../main/attendance/reminders';
import {
  freshMemory,
  notToday,
  planReminders,
  readMemory,
  snooze,
} from '../main/attendance/reminders';
import type {
  CheckPoint,
  CheckPointState,
  CheckType,
  DayStatus,
  ReminderKind,
} from '../shared/model';
import type { Settings } from '../shared/settings';
import { defaultSettings } from '../shared/settings';
import { addDays, parseDingTalk, toZonedIso } from '../shared/time';

const TZ = 'Asia/Shanghai';
const DATE = '2026-11-30';
const MIN = 60_000;

/** "08:50" on DATE, or "+1 06:10" on the next calendar day, in Shanghai. */
function t(text: string): number {
  const m = /^(?:\+(\d) )?(\d\d:\d\d)$/.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  return parseDingTalk(`${addDays(DATE, Number(m[1] ?? 0))} ${m[2]}:00`, TZ);
}
const iso = (text: string) => toZonedIso(t(text), TZ);

function point(
  type: CheckType,
  planned: string,
  state: CheckPointState = 'pending',
  window: [string, string] | null = null,
): CheckPoint {
  return {
    type,
    planned: iso(planned),
    window: window && { from: iso(window[0]), to: iso(window[1]) },
    state,
    result: state === 'done' ? 'Normal' : state === 'missed' ? 'NotSigned' : null,
    punchedAt: state === 'done' ? iso(planned) : null,
    punch: null,
  };
}

function day(checkPoints: CheckPoint[], extra: Partial<DayStatus> = {}): DayStatus {
  return {
    userId: 'u1',
    date: DATE,
    timeZone: TZ,
    restDay: false,
    onLeave: false,
    className: 'A',
    source: { kind: 'dingtalk' },
    checkPoints,
    punches: [],
    next: null,
    nextWorkday: null,
    fetchedAt: iso('08:00'),
    ...extra,
  };
}

const officeDay = (onDuty: CheckPointState = 'pending', offDuty: CheckPointState = 'pending') =>
  day([point('OnDuty', '09:00', onDuty), point('OffDuty', '18:00', offDuty)]);

function withReminders(patch: Partial<Settings['reminders']>): Settings {
  const s = defaultSettings();
  return { ...s, reminders: { ...s.reminders, ...patch } };
}

type Step =
  | { at: string; trigger: ReminderTrigger; day?: DayStatus; show: Expected; wake: string | null }
  | { at: string; action: 'snooze' | 'notToday' };
type Expected = null | [ReminderKind, CheckType, string, number?];

/** Runs steps in order, carrying the memory and the latest day like the caller does. */
function runDay(start: DayStatus, steps: Step[], settings = defaultSettings()) {
  let memory: ReminderMemory = freshMemory(start.date);
  let current = start;
  const plans: Plan[] = [];
  for (const step of steps) {
    if ('action' in step) {
      memory = step.action === 'snooze' ? snooze(memory, t(step.at), settings) : notToday(memory);
      continue;
    }
    current = step.day ?? current;
    const plan = planReminders({
      settings,
      day: current,
      now: t(step.at),
      trigger: step.trigger,
      memory,
    });
    const label = `${step.trigger} at ${step.at}`;
    const expected = step.show && {
      kind: step.show[0],
      checkType: step.show[1],
      planned: iso(step.show[2]),
      escalation: step.show[3] ?? 0,
    };
    expect(plan.show, label).toEqual(expected);
    expect(plan.nextWakeAt, label).toBe(step.wake === null ? null : t(step.wake));
    if (plan.nextWakeAt !== null) expect(plan.nextWakeAt).toBeGreaterThan(t(step.at));
    memory = plan.memory;
    plans.push(plan);
  }
  return { memory, plans };
}

describe('reminder planner: an office day 09:00-18:00', () => {
  it('reminds at login, before on duty, then forgot-to-clock-out with bounded escalations', () => {
    const { memory } = runDay(officeDay(), [
      { at: '08:50', trigger: 'login', show: ['login', 'OnDuty', '09:00'], wake: '08:55' },
      { at: '08:55', trigger: 'timer', show: ['beforeOnDuty', 'OnDuty', '09:00'], wake: '18:10' },
      // Resume right after: within the cool-down.
      { at: '09:02', trigger: 'resume', show: null, wake: '18:10' },
      { at: '09:03', trigger: 'statusChanged', day: officeDay('done'), show: null, wake: '18:10' },
      { at: '12:00', trigger: 'unlock', show: null, wake: '18:10' },
      { at: '17:59', trigger: 'resume', show: null, wake: '18:10' },
      {
        at: '18:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 0],
        wake: '18:40',
      },
      {
        at: '18:40',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 1],
        wake: '19:10',
      },
      { at: '19:10', trigger: 'timer', show: ['forgotOffDuty', 'OffDuty', '18:00', 2], wake: null },
      { at: '19:30', trigger: 'resume', show: null, wake: null },
      { at: '19:45', trigger: 'resume', show: ['resume', 'OffDuty', '18:00'], wake: null },
      // The same key never twice.
      { at: '20:30', trigger: 'unlock', show: null, wake: null },
      // The off-duty range (no window: planned + 4 h) has closed.
      { at: '23:30', trigger: 'login', show: null, wake: null },
    ]);
    expect(memory.shown.map((s) => s.key)).toHaveLength(6);
    expect(new Set(memory.shown.map((s) => s.key)).size).toBe(6);
  });

  it('is quiet once both check points are done', () => {
    const done = officeDay('done', 'done');
    for (const trigger of ['login', 'resume', 'unlock', 'timer', 'statusChanged'] as const) {
      for (const at of ['08:50', '08:55', '18:10', '19:10']) {
        const plan = planReminders({
          settings: defaultSettings(),
          day: done,
          now: t(at),
          trigger,
          memory: freshMemory(DATE),
        });
        expect(plan).toMatchObject({ show: null, nextWakeAt: null });
      }
    }
  });

  it('goes quiet after the off-duty punch', () => {
    runDay(officeDay('done'), [
      {
        at: '18:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 0],
        wake: '18:40',
      },
      {
        at: '18:12',
        trigger: 'statusChanged',
        day: officeDay('done', 'done'),
        show: null,
        wake: null,
      },
      { at: '18:40', trigger: 'timer', show: null, wake: null },
    ]);
  });

  it('reminds a late employee who can still punch, and stays quiet for a missed check point', () => {
    runDay(officeDay(), [
      { at: '10:30', trigger: 'login', show: ['login', 'OnDuty', '09:00'], wake: '18:10' },
    ]);
    runDay(officeDay('missed'), [{ at: '10:30', trigger: 'login', show: null, wake: '18:10' }]);
    // Still pending but its punch window closed at 10:00.
    const closed = day([
      point('OnDuty', '09:00', 'pending', ['07:00', '10:00']),
      point('OffDuty', '18:00', 'pending', ['13:00', '23:00']),
    ]);
    runDay(closed, [{ at: '10:30', trigger: 'login', show: null, wake: '18:10' }]);
  });

  it('waits for the on-duty window to open before saying anything', () => {
    const early = day([
      point('OnDuty', '09:00', 'pending', ['08:30', '12:00']),
      point('OffDuty', '18:00', 'pending', ['12:00', '23:59']),
    ]);
    runDay(early, [
      { at: '06:30', trigger: 'login', show: null, wake: '08:55' },
      { at: '08:31', trigger: 'unlock', show: ['resume', 'OnDuty', '09:00'], wake: '08:55' },
      { at: '08:55', trigger: 'timer', show: ['beforeOnDuty', 'OnDuty', '09:00'], wake: '18:10' },
    ]);
    // Without a window, on-duty reminders start two hours before planned.
    runDay(officeDay(), [
      { at: '06:30', trigger: 'login', show: null, wake: '08:55' },
      { at: '07:05', trigger: 'resume', show: ['resume', 'OnDuty', '09:00'], wake: '08:55' },
    ]);
  });

  it('keeps login and resume reminders to what the settings allow', () => {
    const off = withReminders({ atLogin: false, onResume: false });
    runDay(
      officeDay(),
      [
        { at: '08:50', trigger: 'login', show: null, wake: '08:55' },
        { at: '08:52', trigger: 'resume', show: null, wake: '08:55' },
        { at: '08:55', trigger: 'timer', show: ['beforeOnDuty', 'OnDuty', '09:00'], wake: '18:10' },
      ],
      off,
    );
    runDay(
      officeDay(),
      [{ at: '08:50', trigger: 'login', show: null, wake: '18:10' }],
      withReminders({ atLogin: false, beforeOnDutyMinutes: 0 }),
    );
  });

  it('shows only the latest due reminder after a long sleep, never a burst', () => {
    runDay(officeDay('done'), [
      {
        at: '19:20',
        trigger: 'resume',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 2],
        wake: null,
      },
      { at: '19:21', trigger: 'timer', show: null, wake: null },
    ]);
    runDay(officeDay(), [
      // The before-on-duty time passed while asleep: a plain resume reminder instead.
      { at: '09:20', trigger: 'resume', show: ['resume', 'OnDuty', '09:00'], wake: '18:10' },
    ]);
  });

  it('honours a custom number of escalations and interval', () => {
    const settings = withReminders({
      afterOffDutyMinutes: 0,
      offDutyEscalations: 4,
      escalationIntervalMinutes: 5,
    });
    let memory = freshMemory(DATE);
    let now = t('17:00');
    let plan = planReminders({ settings, day: officeDay('done'), now, trigger: 'login', memory });
    const shown: number[] = [];
    while (plan.nextWakeAt !== null) {
      now = plan.nextWakeAt;
      memory = plan.memory;
      plan = planReminders({ settings, day: officeDay('done'), now, trigger: 'timer', memory });
      if (plan.show) shown.push(plan.show.escalation);
    }
    expect(shown).toEqual([0, 1, 2, 3, 4]);
    expect(now).toBe(t('18:20'));
  });
});

describe('snooze and not today', () => {
  it('snoozes for snoozeMinutes, then reminds once and resumes the schedule', () => {
    runDay(officeDay('done'), [
      {
        at: '18:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 0],
        wake: '18:40',
      },
      { at: '18:12', action: 'snooze' },
      { at: '18:12', trigger: 'statusChanged', show: null, wake: '18:22' },
      { at: '18:15', trigger: 'resume', show: null, wake: '18:22' },
      { at: '18:22', trigger: 'snoozeEnded', show: ['snoozed', 'OffDuty', '18:00'], wake: '18:40' },
      {
        at: '18:40',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 1],
        wake: '19:10',
      },
    ]);
  });

  it('silences a scheduled reminder during the snooze and shows it when the snooze ends', () => {
    runDay(
      officeDay('done'),
      [
        { at: '18:35', action: 'snooze' },
        { at: '18:40', trigger: 'timer', show: null, wake: '18:50' },
        {
          at: '18:50',
          trigger: 'timer',
          show: ['forgotOffDuty', 'OffDuty', '18:00', 1],
          wake: '19:10',
        },
      ],
      withReminders({ snoozeMinutes: 15 }),
    );
  });

  it('lets a snooze end quietly when the check point was done meanwhile', () => {
    runDay(officeDay('done'), [
      {
        at: '18:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '18:00', 0],
        wake: '18:40',
      },
      { at: '18:11', action: 'snooze' },
      {
        at: '18:12',
        trigger: 'statusChanged',
        day: officeDay('done', 'done'),
        show: null,
        wake: null,
      },
      { at: '18:25', trigger: 'snoozeEnded', show: null, wake: null },
    ]);
  });

  it('"not today" silences the rest of the work date, and only that date', () => {
    const { memory } = runDay(officeDay(), [
      { at: '08:50', trigger: 'login', show: ['login', 'OnDuty', '09:00'], wake: '08:55' },
      { at: '08:51', action: 'notToday' },
      { at: '08:55', trigger: 'timer', show: null, wake: null },
      { at: '18:10', trigger: 'timer', show: null, wake: null },
      { at: '19:45', trigger: 'resume', show: null, wake: null },
    ]);
    const tomorrow = { ...officeDay(), date: addDays(DATE, 1) };
    tomorrow.checkPoints = [point('OnDuty', '+1 09:00'), point('OffDuty', '+1 18:00')];
    const plan = planReminders({
      settings: defaultSettings(),
      day: tomorrow,
      now: t('+1 08:50'),
      trigger: 'login',
      memory,
    });
    expect(plan.show?.kind).toBe('login');
    expect(plan.memory).toMatchObject({ date: addDays(DATE, 1), notToday: false });
  });
});

describe('days without reminders', () => {
  it.each([
    ['a rest day', day([], { restDay: true })],
    [
      'approved leave',
      day([point('OnDuty', '09:00'), point('OffDuty', '18:00')], { onLeave: true }),
    ],
    ['a day without check points', day([])],
  ])('is quiet on %s', (_label, status) => {
    for (const [at, trigger] of [
      ['08:50', 'login'],
      ['08:55', 'timer'],
      ['18:10', 'timer'],
      ['19:45', 'resume'],
    ] as const) {
      const plan = planReminders({
        settings: defaultSettings(),
        day: status,
        now: t(at),
        trigger,
        memory: freshMemory(DATE),
      });
      expect(plan).toMatchObject({ show: null, nextWakeAt: null });
    }
  });

  it('does nothing before the day is known', () => {
    const memory = freshMemory(DATE);
    expect(
      planReminders({
        settings: defaultSettings(),
        day: null,
        now: t('08:50'),
        trigger: 'login',
        memory,
      }),
    ).toEqual({ show: null, nextWakeAt: null, memory });
  });
});

describe('shifts that cross midnight and days with two sections', () => {
  it('follows a night shift whose off duty is on the next calendar day', () => {
    const night = (on: CheckPointState) =>
      day([point('OnDuty', '22:00', on), point('OffDuty', '+1 06:00')]);
    const { memory } = runDay(night('pending'), [
      { at: '21:50', trigger: 'login', show: ['login', 'OnDuty', '22:00'], wake: '21:55' },
      {
        at: '21:55',
        trigger: 'timer',
        show: ['beforeOnDuty', 'OnDuty', '22:00'],
        wake: '+1 06:10',
      },
      { at: '22:01', trigger: 'statusChanged', day: night('done'), show: null, wake: '+1 06:10' },
      { at: '+1 00:30', trigger: 'unlock', show: null, wake: '+1 06:10' },
      {
        at: '+1 06:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '+1 06:00', 0],
        wake: '+1 06:40',
      },
    ]);
    // Still the work date the shift started on.
    expect(memory.date).toBe(DATE);
  });

  it('handles a lunch break: two on/off pairs, each reminded in turn', () => {
    const split = (states: CheckPointState[]) =>
      day([
        point('OnDuty', '09:00', states[0]),
        point('OffDuty', '12:00', states[1]),
        point('OnDuty', '13:30', states[2]),
        point('OffDuty', '18:00', states[3]),
      ]);
    runDay(split(['done', 'pending', 'pending', 'pending']), [
      // The overdue lunch clock-out comes before the upcoming afternoon on duty.
      { at: '12:05', trigger: 'resume', show: ['resume', 'OffDuty', '12:00'], wake: '12:10' },
      {
        at: '12:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '12:00', 0],
        wake: '12:40',
      },
      {
        at: '12:40',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '12:00', 1],
        wake: '13:10',
      },
      { at: '13:05', trigger: 'unlock', show: null, wake: '13:10' },
      {
        at: '13:10',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '12:00', 2],
        wake: '13:25',
      },
      // The afternoon on duty takes over the timeline.
      { at: '13:25', trigger: 'timer', show: ['beforeOnDuty', 'OnDuty', '13:30'], wake: '18:10' },
      {
        at: '13:26',
        trigger: 'statusChanged',
        day: split(['done', 'done', 'done', 'pending']),
        show: null,
        wake: '18:10',
      },
    ]);
    // A late timer shows the slot whose time it is.
    runDay(split(['done', 'pending', 'pending', 'pending']), [
      {
        at: '12:45',
        trigger: 'timer',
        show: ['forgotOffDuty', 'OffDuty', '12:00', 1],
        wake: '13:10',
      },
    ]);
  });
});

describe('memory helpers', () => {
  it('reads persisted memory for the same date and starts fresh otherwise', () => {
    const stored: ReminderMemory = {
      date: DATE,
      shown: [{ key: 'k', at: 1 }],
      snoozedUntil: 5,
      notToday: false,
    };
    expect(readMemory(JSON.parse(JSON.stringify(stored)), DATE)).toEqual(stored);
    expect(readMemory(stored, addDays(DATE, 1))).toEqual(freshMemory(addDays(DATE, 1)));
    expect(readMemory({ ...stored, shown: [{ key: 1 }] }, DATE)).toEqual(freshMemory(DATE));
    expect(readMemory('junk', DATE)).toEqual(freshMemory(DATE));
  });

  it('snooze and notToday do not change the input memory', () => {
    const memory = freshMemory(DATE);
    const snoozed = snooze(memory, t('10:00'), withReminders({ snoozeMinutes: 25 }));
    expect(snoozed.snoozedUntil).toBe(t('10:25'));
    expect(notToday(snoozed)).toEqual({ ...snoozed, notToday: true, snoozedUntil: null });
    expect(memory).toEqual(freshMemory(DATE));
  });
});

/** Deterministic PRNG so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('property: feeding nextWakeAt back as a timer never loops', () => {
  it('terminates with a bounded number of reminders for random days, settings and events', () => {
    const states = ['pending', 'pending', 'pending', 'done', 'missed'] as const;
    for (let seed = 1; seed <= 400; seed++) {
      const random = prng(seed);
      const pick = <T>(list: readonly [T, ...T[]]): T =>
        list[Math.floor(random() * list.length)] ?? list[0];
      const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
      const settings = withReminders({
        atLogin: random() < 0.8,
        onResume: random() < 0.8,
        beforeOnDutyMinutes: int(0, 120),
        afterOffDutyMinutes: int(0, 240),
        offDutyEscalations: int(0, 5),
        escalationIntervalMinutes: int(5, 240),
        snoozeMinutes: int(1, 120),
      });
      // One to three sections, possibly crossing midnight, windows known or not.
      const sections = int(1, 3);
      let cursor = t('00:00') + int(0, 20 * 60) * MIN;
      const checkPoints: CheckPoint[] = [];
      for (let i = 0; i < sections; i++) {
        for (const type of ['OnDuty', 'OffDuty'] as const) {
          const planned = cursor;
          const hasWindow = random() < 0.5;
          checkPoints.push({
            type,
            planned: toZonedIso(planned, TZ),
            window: hasWindow
              ? {
                  from: toZonedIso(planned - int(0, 240) * MIN, TZ),
                  to: toZonedIso(planned + int(1, 600) * MIN, TZ),
                }
              : null,
            state: pick(states),
            result: null,
            punchedAt: null,
            punch: null,
          });
          cursor += int(30, 9 * 60) * MIN;
        }
      }
      const status = day(checkPoints);
      const first = t('00:00') - 6 * 60 * MIN;
      const last = cursor + 24 * 60 * MIN;
      const events = Array.from({ length: int(0, 8) }, () => ({
        at: int(first / MIN, last / MIN) * MIN,
        trigger: pick(['login', 'resume', 'unlock', 'statusChanged'] as const),
      })).sort((a, b) => a.at - b.at);

      let memory = freshMemory(DATE);
      let now = first;
      let plan = planReminders({ settings, day: status, now, trigger: 'login', memory });
      let shown = plan.show ? 1 : 0;
      let snoozes = 0;
      let steps = 0;
      for (;;) {
        expect(++steps, `seed ${seed}`).toBeLessThan(200);
        if (plan.nextWakeAt !== null) expect(plan.nextWakeAt).toBeGreaterThan(now);
        memory = plan.memory;
        if (plan.show && snoozes < 3 && random() < 0.3) {
          snoozes++;
          memory = snooze(memory, now, settings);
          plan = planReminders({ settings, day: status, now, trigger: 'statusChanged', memory });
          expect(plan.show).toBeNull();
          memory = plan.memory;
        }
        const wake = plan.nextWakeAt;
        const event = events[0];
        if (wake === null && event === undefined) break;
        let trigger: ReminderTrigger;
        if (wake === null || (event !== undefined && event.at < wake)) {
          events.shift();
          if (event === undefined || event.at <= now) continue;
          now = event.at;
          trigger = event.trigger;
        } else {
          now = wake;
          trigger = memory.snoozedUntil === now ? 'snoozeEnded' : 'timer';
        }
        plan = planReminders({ settings, day: status, now, trigger, memory });
        if (plan.show) shown++;
      }
      const keys = memory.shown.map((s) => s.key);
      expect(new Set(keys).size, `seed ${seed}`).toBe(keys.length);
      // Per check point: one login, one resume, one before-on-duty or 1 + E escalations; plus snoozes.
      const bound = sections * 2 * (2 + 1 + settings.reminders.offDutyEscalations) + snoozes;
      expect(shown, `seed ${seed}`).toBeLessThanOrEqual(bound);
      expect(shown).toBe(keys.length);
    }
  });
});
