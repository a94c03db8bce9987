import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../shared/model';
import { createNotifier } from '../../main/shell/notifier';
import { createFakeElectron, type FakeNotification } from '../fakes/electron';
import { recordingLogger, zh } from './fixtures';

const reminder = (overrides: Partial<Reminder> = {}): Reminder => ({
  kind: 'beforeOnDuty',
  checkType: 'OnDuty',
  planned: '2026-11-27T09:00:00+08:00',
  escalation: 0,
  ...overrides,
});

function setup(platform: NodeJS.Platform = 'darwin') {
  const electron = createFakeElectron({ platform });
  const calls: unknown[][] = [];
  const logger = recordingLogger();
  const notifier = createNotifier({
    electron,
    platform,
    t: zh,
    logger,
    actions: {
      punch: () => calls.push(['punch']),
      snooze: () => calls.push(['snooze']),
      openPopup: (view) => calls.push(['openPopup', view]),
    },
  });
  const shown = () => electron.Notification.instances.filter((n) => n.shown);
  return { electron, notifier, calls, logger, shown };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('reminder notifications', () => {
  it('say what is due and when, with Clock in and Snooze buttons on macOS', () => {
    const { notifier, shown } = setup('darwin');
    notifier.remind(reminder());
    expect(shown()).toHaveLength(1);
    expect(shown()[0]?.options).toEqual({
      title: '该上班打卡了 · 09:00',
      body: '快到上班时间了',
      actions: [
        { type: 'button', text: '上班打卡' },
        { type: 'button', text: '稍后提醒' },
      ],
    });
  });

  it('offer the buttons on Windows too, but not on Linux', () => {
    const win = setup('win32');
    win.notifier.remind(reminder());
    expect(win.shown()[0]?.options.actions).toHaveLength(2);
    const linux = setup('linux');
    linux.notifier.remind(
      reminder({
        kind: 'forgotOffDuty',
        checkType: 'OffDuty',
        planned: '2026-11-27T18:00:00+08:00',
      }),
    );
    expect(linux.shown()[0]?.options).toEqual({
      title: '该下班打卡了 · 18:00',
      body: '下班了，别忘了打卡',
    });
  });

  it('Clock in punches, Snooze snoozes, a click opens the popup', async () => {
    const { notifier, shown, calls } = setup();
    notifier.remind(reminder());
    const n = shown()[0] as FakeNotification;
    n.pressAction(0);
    n.pressAction(1);
    n.clickBody();
    await settle();
    expect(calls).toEqual([['punch'], ['snooze'], ['openPopup', 'today']]);
  });

  it('understands the action index given the pre-45 way too', async () => {
    const { notifier, shown, calls } = setup();
    notifier.remind(reminder());
    shown()[0]?.emit('action', undefined, 1);
    await settle();
    expect(calls).toEqual([['snooze']]);
  });

  it('a new reminder replaces the one still showing', () => {
    const { notifier, shown } = setup();
    notifier.remind(reminder());
    notifier.remind(
      reminder({
        kind: 'forgotOffDuty',
        checkType: 'OffDuty',
        planned: '2026-11-27T18:00:00+08:00',
        escalation: 1,
      }),
    );
    expect(shown().map((n) => n.closed)).toEqual([true, false]);
  });

  it('dismissReminder takes it down', () => {
    const { notifier, shown } = setup();
    notifier.remind(reminder());
    notifier.dismissReminder();
    expect(shown()[0]?.closed).toBe(true);
  });

  it('shows nothing where notifications are unsupported', () => {
    const { notifier, electron, logger } = setup();
    electron.Notification.supported = false;
    notifier.remind(reminder());
    expect(electron.Notification.instances).toHaveLength(0);
    expect(logger.entries.map((e) => e.level)).toEqual(['info']);
  });
});

describe('punch notifications', () => {
  it('confirm a punch with its time and result, and take the reminder down', () => {
    const { notifier, shown } = setup();
    notifier.remind(reminder());
    notifier.punchResult(
      { outcome: 'punched', type: 'OnDuty', at: '2026-11-27T08:58:00+08:00', intentId: 'i1' },
      'Normal',
    );
    expect(shown()[0]?.closed).toBe(true);
    expect(shown()[1]?.options).toEqual({ title: '已上班打卡 08:58', body: '正常', silent: true });
  });

  it('say when a punch was queued, and why', () => {
    const { notifier, shown } = setup();
    notifier.punchResult({
      outcome: 'queued',
      type: 'OffDuty',
      at: '2026-11-27T18:05:00+08:00',
      intentId: 'i2',
      reason: { code: 'networkDown', message: 'offline' },
    });
    expect(shown()[0]?.options).toEqual({
      title: '18:05 的下班打卡已记下，联网后发送',
      body: '连不上网络',
    });
  });

  it('leave confirmations and refusals to the popup', () => {
    const { notifier, electron } = setup();
    notifier.punchResult({
      outcome: 'needs-confirmation',
      type: 'OnDuty',
      at: '2026-11-27T09:01:00+08:00',
      previousAt: '2026-11-27T08:58:00+08:00',
    });
    notifier.punchResult({
      outcome: 'unavailable',
      type: null,
      at: '2026-11-27T09:01:00+08:00',
      reason: { code: 'notSignedIn', message: 'x' },
    });
    expect(electron.Notification.instances).toHaveLength(0);
  });
});
