/**
 * Issue #11, "Now", in the tray: the macOS menu-bar title by ui.menuBarTitle
 * (off / countdown / nextPunch), the tooltip's countdown on every OS, both
 * following the clock on the minute boundary without rebuilding an unchanged
 * menu, and "not today" taken back from the menu.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { defaultSettings, type Settings } from '../../shared/settings';
import {
  buildTrayMenuTemplate,
  createTrayController,
  traySummary,
  trayTitle,
} from '../../main/shell/tray';
import { createFakeElectron, type FakeMenu, type FakeTray } from '../fakes/electron';
import { checkPoint, day, recordingLogger, snapshot, zh } from './fixtures';

const time = (hhmm: string, seconds = '00') => Date.parse(`2026-11-27T${hhmm}:${seconds}+08:00`);

function titled(mode: Settings['ui']['menuBarTitle']): Settings {
  const settings = defaultSettings();
  settings.ui.menuBarTitle = mode;
  return settings;
}

/** Clocked in at 08:58; main's anchors for it (main/engine/snapshot.ts). */
const atWork = (overrides: Partial<Snapshot> = {}): Snapshot =>
  snapshot({
    trayState: 'onDuty',
    today: day({
      checkPoints: [checkPoint('OnDuty', '09:00', 'done', '08:58'), checkPoint('OffDuty', '18:00')],
      next: 'OffDuty',
    }),
    work: {
      closedMinutes: 0,
      since: '2026-11-27T08:58:00+08:00',
      leaveAt: '2026-11-27T18:00:00+08:00',
    },
    ...overrides,
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('the menu-bar title', () => {
  it('off: nothing', () => {
    expect(trayTitle(atWork({ settings: titled('off') }), zh, time('16:35'))).toBe('');
  });

  it('nextPunch: the next check point', () => {
    expect(trayTitle(atWork({ settings: titled('nextPunch') }), zh, time('16:35'))).toBe(
      '下班 18:00',
    );
  });

  it('countdown: the time left, then time to go', () => {
    const s = atWork({ settings: titled('countdown') });
    expect(trayTitle(s, zh, time('16:35', '30'))).toBe('距下班 1小时25分');
    expect(trayTitle(s, zh, time('17:18'))).toBe('距下班 42分钟');
    expect(trayTitle(s, zh, time('17:00'))).toBe('距下班 1小时');
    expect(trayTitle(s, zh, time('18:00'))).toBe('可以下班了');
  });

  it('countdown before clocking in: the next punch instead', () => {
    expect(trayTitle(snapshot({ settings: titled('countdown') }), zh, time('08:30'))).toBe(
      '上班 09:00',
    );
  });
});

describe('the tooltip says the same on every OS', () => {
  it('the day and, while clocked in, the countdown', () => {
    expect(traySummary(atWork(), zh, time('16:35'))).toBe(
      'Daka · 已上班 08:58 · 下班 18:00 · 距下班 1小时25分',
    );
    expect(traySummary(atWork(), zh, time('16:00'))).toBe(
      'Daka · 已上班 08:58 · 下班 18:00 · 距下班 2小时',
    );
    expect(traySummary(atWork(), zh, time('18:01'))).toBe(
      'Daka · 已上班 08:58 · 下班 18:00 · 可以下班了',
    );
  });

  it('no countdown before clocking in or after clocking out', () => {
    expect(traySummary(snapshot(), zh, time('08:30'))).toBe('Daka · 上班 09:00 · 下班 18:00');
    const out = snapshot({
      trayState: 'done',
      today: day({
        checkPoints: [
          checkPoint('OnDuty', '09:00', 'done', '08:58'),
          checkPoint('OffDuty', '18:00', 'done', '18:05'),
        ],
        next: null,
      }),
      work: { closedMinutes: 547, since: null, leaveAt: null },
    });
    expect(traySummary(out, zh, time('18:30'))).toBe('Daka · 已上班 08:58 · 已下班 18:05');
  });
});

describe('the tray on the minute', () => {
  function start(platform: NodeJS.Platform, initial: Snapshot) {
    const electron = createFakeElectron({ platform });
    const calls: unknown[][] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) => {
        calls.push([name, ...args]);
      };
    const controller = createTrayController({
      electron,
      platform,
      iconFor: (state, p) => `/icons/${p}/${state}.png`,
      t: zh,
      actions: {
        punch: record('punch'),
        openPopup: record('openPopup'),
        togglePopup: record('togglePopup'),
        refresh: record('refresh'),
        snooze: record('snooze'),
        notToday: record('notToday'),
        toggleStartAtLogin: record('toggleStartAtLogin'),
        quit: record('quit'),
      },
      snapshot: initial,
      logger: recordingLogger(),
    });
    const tray = electron.Tray.instances[0] as FakeTray;
    return { controller, tray, calls, electron };
  }

  it('moves the countdown at each minute boundary, one timer, the menu not rebuilt', () => {
    vi.useFakeTimers({ now: time('16:35', '30') });
    const { tray, controller } = start('darwin', atWork({ settings: titled('countdown') }));
    tray.rightClick();
    const menu = tray.poppedUp[0];
    expect(tray.title).toBe('距下班 1小时25分');
    expect(tray.tooltip).toContain('距下班 1小时25分');
    vi.advanceTimersByTime(29_999);
    expect(tray.title).toBe('距下班 1小时25分');
    vi.advanceTimersByTime(1);
    expect(tray.title).toBe('距下班 1小时24分');
    expect(tray.tooltip).toContain('距下班 1小时24分');
    expect(vi.getTimerCount()).toBe(1);
    // 18:00: time to go; the clock-out item turned from 早退打卡… into 下班打卡 with it.
    vi.advanceTimersByTime(84 * 60_000);
    expect(tray.title).toBe('可以下班了');
    tray.rightClick();
    expect(tray.poppedUp[1]).not.toBe(menu);
    expect(tray.poppedUp[1]?.labels()[0]).toBe('下班打卡 18:00');
    // Another hour: the same menu (nothing in it changed), the title still says so.
    vi.advanceTimersByTime(60 * 60_000);
    tray.rightClick();
    expect(tray.poppedUp[2]).toBe(tray.poppedUp[1]);
    expect(vi.getTimerCount()).toBe(1);
    controller.destroy();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the tooltip counts down on Windows and Linux too (no title there)', () => {
    vi.useFakeTimers({ now: time('17:58') });
    const { tray } = start('win32', atWork({ settings: titled('countdown') }));
    expect(tray.tooltip).toBe('Daka · 已上班 08:58 · 下班 18:00 · 距下班 2分钟');
    vi.advanceTimersByTime(2 * 60_000);
    expect(tray.tooltip).toBe('Daka · 已上班 08:58 · 下班 18:00 · 可以下班了');
    expect(tray.title).toBe('');
  });

  it('"not today" is taken back from the menu', async () => {
    vi.useFakeTimers({ now: time('16:35'), toFake: ['Date'] });
    const { tray, calls } = start('linux', atWork({ notToday: true }));
    const menu = tray.contextMenu as FakeMenu;
    expect(menu.labels()).not.toContain('今天不再提醒');
    menu.click('恢复今天的提醒');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([['notToday', false]]);
  });

  it('"not today" from the menu sends on', async () => {
    const reminder = {
      kind: 'forgotOffDuty' as const,
      checkType: 'OffDuty' as const,
      planned: '2026-11-27T18:00:00+08:00',
      escalation: 0,
    };
    const items = buildTrayMenuTemplate(atWork({ reminder }), zh, time('18:10'));
    expect(items.some((i) => i.kind === 'action' && i.action === 'resumeReminders')).toBe(false);
    const { tray, calls } = start('linux', atWork({ reminder }));
    (tray.contextMenu as FakeMenu).click('今天不再提醒');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([['notToday', true]]);
  });
});
