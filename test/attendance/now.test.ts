/**
 * Issue #11, "Now", the pure parts: today's working time as anchors (workClockOf)
 * and the minute arithmetic on them (workNow); the next reminder the popup and
 * the tray name (nextReminder), also at the end of a snooze; "not today" undone;
 * ui.menuBarTitle's three values, with the stored booleans of before read.
 */
import { describe, expect, it } from 'vitest';
import {
  freshMemory,
  nextReminder,
  notToday,
  planReminders,
  snooze,
  type ReminderMemory,
} from '../../main/attendance/reminders';
import { repairSettings } from '../../main/settings/settings-store';
import type { CheckPoint, CheckType, DayStatus } from '../../shared/model';
import { defaultSettings, settingsSchema } from '../../shared/settings';
import { workClockOf, workNow } from '../../shared/work-clock';

const DATE = '2026-11-30';
const iso = (hhmm: string, seconds = '00') => `${DATE}T${hhmm}:${seconds}+08:00`;
const ms = (hhmm: string, seconds = '00') => Date.parse(iso(hhmm, seconds));

function point(type: CheckType, planned: string, punchedAt: string | null = null): CheckPoint {
  return {
    type,
    planned: iso(planned),
    window: null,
    state: punchedAt ? 'done' : 'pending',
    result: punchedAt ? 'Normal' : null,
    punchedAt: punchedAt && iso(punchedAt, '40'),
    punch: null,
  };
}

function day(checkPoints: CheckPoint[], extra: Partial<DayStatus> = {}): DayStatus {
  return {
    userId: 'u1',
    date: DATE,
    timeZone: 'Asia/Shanghai',
    restDay: false,
    onLeave: false,
    className: 'A',
    source: { kind: 'dingtalk' },
    checkPoints,
    punches: [],
    next: checkPoints.find((c) => c.state === 'pending')?.type ?? null,
    nextWorkday: null,
    fetchedAt: iso('08:00'),
    ...extra,
  };
}

describe('workClockOf: anchors for the day', () => {
  it('nothing before the first clock-in, on a rest day or on leave', () => {
    expect(workClockOf(null)).toBeNull();
    expect(workClockOf(day([point('OnDuty', '09:00'), point('OffDuty', '18:00')]))).toBeNull();
    const worked = [point('OnDuty', '09:00', '08:58'), point('OffDuty', '18:00')];
    expect(workClockOf(day(worked, { restDay: true }))).toBeNull();
    expect(workClockOf(day(worked, { onLeave: true }))).toBeNull();
  });

  it('clocked in: the clock-in and the planned clock-out', () => {
    expect(
      workClockOf(day([point('OnDuty', '09:00', '08:58'), point('OffDuty', '18:00')])),
    ).toEqual({ closedMinutes: 0, since: iso('08:58', '40'), leaveAt: iso('18:00') });
  });

  it('split shift: the morning counted, the afternoon running towards 下班2', () => {
    const work = workClockOf(
      day([
        point('OnDuty', '09:00', '08:58'),
        point('OffDuty', '12:00', '12:03'),
        point('OnDuty', '13:00', '12:57'),
        point('OffDuty', '18:00'),
      ]),
    );
    // 08:58 → 12:03 as the clock shows them: 3 h 5 min.
    expect(work).toEqual({ closedMinutes: 185, since: iso('12:57', '40'), leaveAt: iso('18:00') });
  });

  it('between the shifts of a split day: the morning, nothing running', () => {
    const work = workClockOf(
      day([
        point('OnDuty', '09:00', '08:58'),
        point('OffDuty', '12:00', '12:03'),
        point('OnDuty', '13:00'),
        point('OffDuty', '18:00'),
      ]),
    );
    expect(work).toEqual({ closedMinutes: 185, since: null, leaveAt: null });
  });

  it('a missed clock-out counts nothing and runs nothing', () => {
    const missed = {
      ...point('OffDuty', '18:00'),
      state: 'missed' as const,
      result: 'NotSigned' as const,
    };
    expect(workClockOf(day([point('OnDuty', '09:00', '08:58'), missed]))).toEqual({
      closedMinutes: 0,
      since: null,
      leaveAt: null,
    });
  });
});

describe('workNow: minutes as the clock shows them', () => {
  const work = { closedMinutes: 0, since: iso('08:58', '40'), leaveAt: iso('18:00') };

  it('08:58 → 09:01 is 3 minutes, whatever the seconds', () => {
    expect(workNow(work, ms('09:01', '05')).worked).toBe(3);
    expect(workNow(work, ms('09:01', '59')).worked).toBe(3);
  });

  it('counts down to the planned clock-out, 0 and below once due', () => {
    expect(workNow(work, ms('16:35', '59')).left).toBe(85);
    expect(workNow(work, ms('18:00')).left).toBe(0);
    expect(workNow(work, ms('18:07')).left).toBe(-7);
  });

  it('adds the closed periods; nothing to count down without a running one', () => {
    expect(workNow({ closedMinutes: 185, since: null, leaveAt: null }, ms('12:30'))).toEqual({
      worked: 185,
      left: null,
    });
  });
});

describe('nextReminder: what the popup and the tray say is coming', () => {
  const settings = defaultSettings();
  const office = day([point('OnDuty', '09:00'), point('OffDuty', '18:00')]);
  const atWork = day([point('OnDuty', '09:00', '08:58'), point('OffDuty', '18:00')]);
  const done = day([point('OnDuty', '09:00', '08:58'), point('OffDuty', '18:00', '18:02')]);
  const fresh = freshMemory(DATE);
  const next = (d: DayStatus, now: number, memory: ReminderMemory = fresh) =>
    nextReminder({ settings, day: d, now, memory });

  it('before work: the clock-in reminder, 5 minutes before', () => {
    expect(next(office, ms('08:00'))).toEqual({
      at: ms('08:55'),
      checkType: 'OnDuty',
      snoozeEnd: false,
    });
  });

  it('clocked in: the forgot-to-clock-out reminder, 10 minutes after', () => {
    expect(next(atWork, ms('16:35'))).toEqual({
      at: ms('18:10'),
      checkType: 'OffDuty',
      snoozeEnd: false,
    });
  });

  it('is the planner’s own next wake-up', () => {
    const plan = planReminders({
      settings,
      day: atWork,
      now: ms('16:35'),
      trigger: 'timer',
      memory: fresh,
    });
    expect(plan.nextWakeAt).toBe(next(atWork, ms('16:35'), plan.memory)?.at);
  });

  it('nothing once everything is punched, on a rest day, or after "not today"', () => {
    expect(next(done, ms('18:05'))).toBeNull();
    expect(next({ ...office, restDay: true }, ms('08:00'))).toBeNull();
    expect(next(office, ms('08:00'), notToday(fresh))).toBeNull();
  });

  it('"not today" undone: the reminders come back, those already shown stay shown', () => {
    const shown = planReminders({
      settings,
      day: atWork,
      now: ms('18:10'),
      trigger: 'timer',
      memory: fresh,
    });
    expect(shown.show).toMatchObject({ kind: 'forgotOffDuty', escalation: 0 });
    const off = notToday(shown.memory);
    expect(next(atWork, ms('18:11'), off)).toBeNull();
    const back = notToday(off, false);
    expect(back).toMatchObject({ notToday: false, shown: shown.memory.shown });
    // The first escalation (18:40), not the one already shown again.
    expect(next(atWork, ms('18:11'), back)).toMatchObject({ at: ms('18:40'), snoozeEnd: false });
  });

  it('snoozed: the end of the snooze while it still has something to remind about', () => {
    const snoozed = snooze(fresh, ms('18:10'), settings);
    expect(next(atWork, ms('18:12'), snoozed)).toEqual({
      at: ms('18:20'),
      checkType: 'OffDuty',
      snoozeEnd: true,
    });
    // Clocked out meanwhile (on the phone, or here): the snooze has nothing left.
    expect(next(done, ms('18:12'), snoozed)).toBeNull();
  });

  it('memory of another work date counts for nothing', () => {
    expect(next(office, ms('08:00'), notToday(freshMemory('2026-11-27')))).toMatchObject({
      at: ms('08:55'),
    });
  });
});

describe('ui.menuBarTitle', () => {
  it('is off by default; off, countdown or nextPunch', () => {
    expect(defaultSettings().ui.menuBarTitle).toBe('off');
    for (const value of ['off', 'countdown', 'nextPunch'] as const) {
      expect(settingsSchema.parse({ ui: { menuBarTitle: value } }).ui.menuBarTitle).toBe(value);
    }
    expect(settingsSchema.safeParse({ ui: { menuBarTitle: 'sometimes' } }).success).toBe(false);
  });

  it('reads the boolean stored before: true showed the next punch', () => {
    expect(repairSettings({ ui: { menuBarTitle: true } }).settings.ui.menuBarTitle).toBe(
      'nextPunch',
    );
    expect(repairSettings({ ui: { menuBarTitle: false } }).settings.ui.menuBarTitle).toBe('off');
    expect(repairSettings({ ui: { menuBarTitle: 'nope', theme: 'dark' } })).toMatchObject({
      settings: { ui: { menuBarTitle: 'off', theme: 'dark' } },
      reset: ['ui.menuBarTitle'],
    });
  });
});
