/**
 * Play the day and the Now line never contradict each other (review of issue #11, demo):
 * the demo panel's reminder steps ("快进到 08:55 上班打卡提醒", "下班后忘了打卡") go to the
 * time the reminder planner says is next, the one the Now line shows ("08:55 提醒你打上班
 *卡"), and a reminder the planner will not show (punched already, 今天不再提醒) is not
 * offered. Against the in-process simulator over loopback HTTP, as the app runs it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoMoments, startDemoBackend } from '../../main/demo';
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { at } from '../helpers/engine-fixture';

const FRIDAY = at('2026-11-27 15:20:00');

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.stop();
  engine = null;
});

async function demo(): Promise<Engine> {
  const host = { now: () => FRIDAY };
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
  await engine.startDemo();
  await engine.open();
  return engine;
}

/** The demo panel's next step and the Now line's next reminder, as the popup shows them. */
function panelAndNow(e: Engine) {
  const s = e.snapshot();
  return { step: s.demo?.next, reminder: s.nextReminder };
}

describe('play the day follows the reminder planner', () => {
  it('at the start: the clock-in reminder step is the Now line’s 08:55, and it shows there', async () => {
    const e = await demo();
    expect(panelAndNow(e)).toEqual({
      step: { moment: 'clockIn', at: '2026-11-27T08:55:00+08:00' },
      reminder: { at: '2026-11-27T08:55:00+08:00', checkType: 'OnDuty' },
    });
    await e.playDemo();
    expect(e.now()).toBe(at('2026-11-27 08:55:00'));
    expect((await e.planReminder('statusChanged')).show).toMatchObject({
      kind: 'beforeOnDuty',
      checkType: 'OnDuty',
    });
  });

  it('with the reminder 15 minutes before: 08:45 on both', async () => {
    const e = await demo();
    e.updateSettings({ reminders: { beforeOnDutyMinutes: 15 } });
    const { step, reminder } = panelAndNow(e);
    expect(step).toEqual({ moment: 'clockIn', at: '2026-11-27T08:45:00+08:00' });
    expect(reminder?.at).toBe(step?.at);
  });

  it('snoozed: the step goes to the snooze’s end, where the planner reminds again', async () => {
    const e = await demo();
    await e.playDemo(); // 08:55, the reminder shows
    await e.planReminder('statusChanged');
    e.snooze();
    const { step, reminder } = panelAndNow(e);
    expect(reminder).toEqual({ at: '2026-11-27T09:05:00+08:00', checkType: 'OnDuty' });
    expect(step).toEqual({ moment: 'clockIn', at: '2026-11-27T09:05:00+08:00' });
  });

  it('clocked in before the reminder: no clock-in reminder is offered (none will show)', async () => {
    const e = await demo();
    expect((await e.punch()).outcome).toBe('punched');
    expect(panelAndNow(e).reminder?.checkType).toBe('OffDuty');
    expect(panelAndNow(e).step?.moment).toBe('lunch');
  });

  it('before clock-out, not clocked out: the forgot-to-clock-out step is the planner’s 18:10', async () => {
    const e = await demo();
    await e.playDemo(); // 08:55
    expect((await e.punch()).outcome).toBe('punched');
    await e.playDemo(); // lunch
    await e.playDemo(); // just before clock-out
    expect(e.now()).toBe(at('2026-11-27 17:55:00'));
    expect(panelAndNow(e)).toEqual({
      step: { moment: 'afterWork', at: '2026-11-27T18:10:00+08:00' },
      reminder: { at: '2026-11-27T18:10:00+08:00', checkType: 'OffDuty' },
    });
    await e.playDemo();
    expect((await e.planReminder('statusChanged')).show).toMatchObject({
      kind: 'forgotOffDuty',
      checkType: 'OffDuty',
    });
  });

  it('今天不再提醒: no reminder step at all, the day goes on without them', async () => {
    const e = await demo();
    e.notToday();
    expect(panelAndNow(e)).toEqual({
      step: { moment: 'lunch', at: '2026-11-27T12:30:00+08:00' },
      reminder: null,
    });
    await e.playDemo(); // lunch
    await e.playDemo(); // just before clock-out
    expect(e.snapshot().demo?.next.moment).toBe('nextDay');
  });
});

describe('the demo day’s moments', () => {
  it('without a day yet, the reminders at the settings’ times, as the planner would', () => {
    const moments = demoMoments(at('2026-11-27 09:00:00'), at('2026-11-27 18:00:00'), {
      beforeOnDutyMinutes: 5,
      afterOffDutyMinutes: 10,
    });
    expect(moments.map((m) => [m.moment, m.at])).toEqual([
      ['beforeWork', at('2026-11-27 08:40:00')],
      ['clockIn', at('2026-11-27 08:55:00')],
      ['lunch', at('2026-11-27 12:30:00')],
      ['beforeClockOut', at('2026-11-27 17:55:00')],
      ['afterWork', at('2026-11-27 18:10:00')],
    ]);
  });

  it('no clock-in reminder set: no clock-in reminder step', () => {
    const moments = demoMoments(at('2026-11-27 09:00:00'), at('2026-11-27 18:00:00'), {
      beforeOnDutyMinutes: 0,
      afterOffDutyMinutes: 10,
    });
    expect(moments.map((m) => m.moment)).not.toContain('clockIn');
  });
});
