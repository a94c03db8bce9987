/**
 * Review of #11 "Now": the working time when the computer's clock is behind DingTalk's
 * (the punch time is DingTalk's, the popup counts on its own clock), and a day whose
 * plan has no clock-out; the legacy menuBarTitle boolean read and written back.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../main/node-ports';
import { SettingsStore } from '../../main/settings/settings-store';
import type { WorkClock } from '../../shared/contract';
import type { CheckPoint, DayStatus } from '../../shared/model';
import { workClockOf, workNow } from '../../shared/work-clock';

const iso = (hhmm: string) => `2026-11-30T${hhmm}:00+08:00`;

function onDuty(punchedAt: string | null): CheckPoint {
  return {
    type: 'OnDuty',
    planned: iso('09:00'),
    window: null,
    state: punchedAt ? 'done' : 'pending',
    result: punchedAt ? 'Normal' : null,
    punchedAt: punchedAt && iso(punchedAt),
    punch: null,
  };
}

function day(checkPoints: CheckPoint[]): DayStatus {
  return {
    userId: 'u1',
    date: '2026-11-30',
    timeZone: 'Asia/Shanghai',
    restDay: false,
    onLeave: false,
    className: 'A',
    source: { kind: 'dingtalk' },
    checkPoints,
    punches: [],
    next: null,
    nextWorkday: null,
    fetchedAt: iso('08:00'),
  };
}

describe('workNow with the computer’s clock behind DingTalk’s', () => {
  it('never counts negative minutes worked', () => {
    const work: WorkClock = { closedMinutes: 0, since: iso('08:58'), leaveAt: iso('18:00') };
    // The punch carries DingTalk's time (08:58); this computer says 08:53.
    expect(workNow(work, Date.parse(iso('08:53'))).worked).toBe(0);
    expect(workNow({ ...work, closedMinutes: 120 }, Date.parse(iso('08:53'))).worked).toBe(120);
  });
});

describe('workClockOf on a plan without a clock-out', () => {
  it('counts from the clock-in, with nothing to count down to', () => {
    const work = workClockOf(day([onDuty('08:58')]));
    expect(work).toEqual({ closedMinutes: 0, since: iso('08:58'), leaveAt: null });
    expect(workNow(work as WorkClock, Date.parse(iso('10:00')))).toEqual({
      worked: 62,
      left: null,
    });
  });

  it('nothing before that clock-in', () => {
    expect(workClockOf(day([onDuty(null)]))).toBeNull();
  });
});

describe('ui.menuBarTitle stored as a boolean', () => {
  it('is written back as its value when another setting is saved', () => {
    const store = new MemoryStore();
    store.set('settings', { ui: { menuBarTitle: true, language: 'en' } });
    const settings = new SettingsStore({ store });
    expect(settings.get().ui.menuBarTitle).toBe('nextPunch');
    settings.update({ ui: { theme: 'dark' } });
    expect(store.get('settings')).toMatchObject({
      ui: { menuBarTitle: 'nextPunch', language: 'en', theme: 'dark' },
    });
    expect(new SettingsStore({ store }).get().ui.menuBarTitle).toBe('nextPunch');
  });
});
