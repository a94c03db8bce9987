/**
 * Review of #10/#11: the tray judges by DingTalk's clock, as the punch is corrected. At 17:55
 * here with DingTalk 7 minutes ahead (snapshot.clockOffsetMs), DingTalk records a click as
 * 18:02, a normal clock-out: the item says 下班打卡, not 早退打卡…, and the countdown says
 * 可以下班了; the minute boundary is DingTalk's minute.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { defaultSettings } from '../../shared/settings';
import { createTrayController } from '../../main/shell/tray';
import { createFakeElectron, type FakeTray } from '../fakes/electron';
import { checkPoint, day, recordingLogger, snapshot, zh } from './fixtures';

const time = (hhmm: string, seconds = '00') => Date.parse(`2026-11-27T${hhmm}:${seconds}+08:00`);
const MINUTE = 60_000;

const atWork = (clockOffsetMs: number): Snapshot => {
  const settings = defaultSettings();
  settings.ui.menuBarTitle = 'countdown';
  return snapshot({
    trayState: 'onDuty',
    settings,
    clockOffsetMs,
    today: day({
      checkPoints: [checkPoint('OnDuty', '09:00', 'done', '08:58'), checkPoint('OffDuty', '18:00')],
      next: 'OffDuty',
    }),
    work: {
      closedMinutes: 0,
      since: '2026-11-27T08:58:00+08:00',
      leaveAt: '2026-11-27T18:00:00+08:00',
    },
  });
};

function start(initial: Snapshot) {
  const electron = createFakeElectron({ platform: 'darwin' });
  const nothing = () => undefined;
  const controller = createTrayController({
    electron,
    platform: 'darwin',
    iconFor: (state, p) => `/icons/${p}/${state}.png`,
    t: zh,
    actions: {
      punch: nothing,
      openPopup: nothing,
      togglePopup: nothing,
      refresh: nothing,
      snooze: nothing,
      notToday: nothing,
      toggleStartAtLogin: nothing,
      quit: nothing,
    },
    snapshot: initial,
    logger: recordingLogger(),
  });
  return { controller, tray: electron.Tray.instances[0] as FakeTray };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the tray on DingTalk's clock", () => {
  it('17:55 here, DingTalk 7 minutes ahead: a normal clock-out, time to go', () => {
    vi.useFakeTimers({ now: time('17:55') });
    const { tray, controller } = start(atWork(7 * MINUTE));
    tray.rightClick();
    expect(tray.poppedUp[0]?.labels()[0]).toBe('下班打卡 18:00');
    expect(tray.title).toBe('可以下班了');
    expect(tray.tooltip).toContain('可以下班了');
    controller.destroy();
  });

  it('DingTalk 7 minutes behind: still early, 12 minutes to go', () => {
    vi.useFakeTimers({ now: time('17:55') });
    const { tray, controller } = start(atWork(-7 * MINUTE));
    tray.rightClick();
    expect(tray.poppedUp[0]?.labels()[0]).toBe('早退打卡… 18:00');
    expect(tray.title).toBe('距下班 12分钟');
    controller.destroy();
  });

  it("ticks on DingTalk's minute boundary", () => {
    // 17:58:20 here, DingTalk 30 s ahead (17:58:50): its minute turns 10 s from now.
    vi.useFakeTimers({ now: time('17:58', '20') });
    const { tray, controller } = start(atWork(30_000));
    expect(tray.title).toBe('距下班 2分钟');
    vi.advanceTimersByTime(9_999);
    expect(tray.title).toBe('距下班 2分钟');
    vi.advanceTimersByTime(1);
    expect(tray.title).toBe('距下班 1分钟');
    controller.destroy();
  });
});
