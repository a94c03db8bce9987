/**
 * Demo mode's first impression (issue #11): it starts at 08:40 of a workday,
 * "play the day" jumps the simulated clock from moment to moment (the engine
 * follows it, and the reminders the jump passed show), and "Leave demo" goes
 * back to setup step 1 without touching anything else. Against the in-process
 * simulator over loopback HTTP, as the app runs it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoMoments, demoStart, startDemoBackend } from '../../main/demo';
import { demoOrg } from '../../main/dingtalk/simulator';
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { defaultSettings } from '../../shared/settings';
import { at } from '../helpers/engine-fixture';

const FRIDAY_AFTERNOON = at('2026-11-27 15:20:00');
const SATURDAY = at('2026-11-28 10:00:00');

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.stop();
  engine = null;
});

/** An engine whose host clock is frozen at `real`, with demo mode's simulator on it. */
function demoEngine(real: number): Engine {
  const host = { now: () => real };
  engine = new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock: host,
    logger: silentLogger,
    host: { hostname: 'h', platform: 'linux', version: 't', startAtLogin: () => false },
    openUrl: async () => undefined,
    demo: () => startDemoBackend({ realNow: host.now }),
  });
  return engine;
}

describe('the demo day', () => {
  it('starts at 08:40 of today when it is a workday, of the last workday otherwise', () => {
    const org = demoOrg();
    expect(demoStart(org, FRIDAY_AFTERNOON)).toBe(at('2026-11-27 08:40:00'));
    expect(demoStart(org, SATURDAY)).toBe(at('2026-11-27 08:40:00'));
    expect(demoStart(org, at('2026-11-30 07:00:00'))).toBe(at('2026-11-30 08:40:00'));
  });

  it('has its moments on what they show: the reminders’ times, the early clock-out', () => {
    const moments = demoMoments(at('2026-11-27 09:00:00'), at('2026-11-27 18:00:00'), {
      beforeOnDutyMinutes: 5,
      afterOffDutyMinutes: 10,
    });
    expect(moments).toEqual([
      { moment: 'beforeWork', at: at('2026-11-27 08:40:00') },
      { moment: 'clockIn', at: at('2026-11-27 08:55:00') },
      { moment: 'lunch', at: at('2026-11-27 12:30:00') },
      { moment: 'beforeClockOut', at: at('2026-11-27 17:55:00') },
      { moment: 'afterWork', at: at('2026-11-27 18:10:00') },
    ]);
  });
});

describe('demo mode in the engine', () => {
  it('starts before work on the simulated clock, whatever the real time', async () => {
    const e = demoEngine(FRIDAY_AFTERNOON);
    await e.startDemo();
    expect(e.now()).toBe(at('2026-11-27 08:40:00'));
    const day = await e.open();
    expect(day?.date).toBe('2026-11-27');
    expect(day?.next).toBe('OnDuty');
    expect(day?.checkPoints.every((c) => c.state === 'pending')).toBe(true);
    const snapshot = e.snapshot();
    expect(snapshot.demo).toEqual({
      now: '2026-11-27T08:40:00+08:00',
      next: { moment: 'clockIn', at: '2026-11-27T08:55:00+08:00' },
    });
  });

  it('plays the day: each step moves the clock, reads the day and re-plans the reminders', async () => {
    const e = demoEngine(SATURDAY);
    await e.startDemo();
    await e.open();
    let replans = 0;
    e.on('replan', () => (replans += 1));
    const play = async () => {
      const before = replans;
      await e.playDemo();
      // The shell plans again on 'replan', with the trigger it uses for it.
      expect(replans).toBeGreaterThan(before);
      return { snapshot: e.snapshot(), plan: await e.planReminder('statusChanged') };
    };

    // 08:55: the clock-in reminder shows (the Now line said 08:55 too).
    let step = await play();
    expect(e.now()).toBe(at('2026-11-27 08:55:00'));
    expect(step.plan.show).toMatchObject({ kind: 'beforeOnDuty', checkType: 'OnDuty' });
    expect(step.snapshot.demo?.next.moment).toBe('lunch');
    expect((await e.punch()).outcome).toBe('punched');

    step = await play();
    expect(e.now()).toBe(at('2026-11-27 12:30:00'));
    expect(step.snapshot.today?.next).toBe('OffDuty');
    expect(step.plan.show).toBeNull();

    step = await play();
    expect(e.now()).toBe(at('2026-11-27 17:55:00'));
    expect(step.snapshot.demo?.next.moment).toBe('afterWork');

    // 18:10: not clocked out, so the forgot-to-clock-out reminder shows.
    step = await play();
    expect(e.now()).toBe(at('2026-11-27 18:10:00'));
    expect(step.plan.show).toMatchObject({ kind: 'forgotOffDuty', checkType: 'OffDuty' });
    expect(step.snapshot.demo?.next).toEqual({
      moment: 'nextDay',
      at: '2026-11-30T08:40:00+08:00',
    });

    // Then the next workday's morning (Monday), read afresh.
    step = await play();
    expect(e.now()).toBe(at('2026-11-30 08:40:00'));
    expect(step.snapshot.today?.date).toBe('2026-11-30');
    expect(step.snapshot.today?.checkPoints.every((c) => c.state === 'pending')).toBe(true);
  });

  it('leaves demo for setup step 1, back on the host’s clock, nothing else touched', async () => {
    const e = demoEngine(FRIDAY_AFTERNOON);
    e.updateSettings({ reminders: { beforeOnDutyMinutes: 15 } });
    await e.startDemo();
    await e.playDemo();
    expect(e.now()).toBe(at('2026-11-27 08:45:00'));
    e.leaveDemo();
    const snapshot = e.snapshot();
    expect(snapshot.mode).toBe('unconfigured');
    expect(snapshot.connection.kind).toBe('none');
    expect(snapshot.identity).toBeNull();
    expect(snapshot.demo).toBeUndefined();
    expect(e.now()).toBe(FRIDAY_AFTERNOON);
    // The employee's settings stay.
    expect(e.settings().reminders.beforeOnDutyMinutes).toBe(15);
    expect(e.settings().reminders.afterOffDutyMinutes).toBe(
      defaultSettings().reminders.afterOffDutyMinutes,
    );
    // And a new demo starts before work again, with a fresh day.
    await e.startDemo();
    expect(e.now()).toBe(at('2026-11-27 08:40:00'));
    expect((await e.open())?.checkPoints.every((c) => c.state === 'pending')).toBe(true);
  });

  it('refuses to play outside demo mode', async () => {
    const e = demoEngine(FRIDAY_AFTERNOON);
    await expect(e.playDemo()).rejects.toMatchObject({ code: 'invalidInput' });
  });
});
