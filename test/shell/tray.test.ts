import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import type { TrayState } from '../../shared/model';
import { defaultSettings } from '../../shared/settings';
import {
  buildTrayMenuTemplate,
  createTrayController,
  traySummary,
  trayTitle,
  type TrayMenuItem,
} from '../../main/shell/tray';
import { createFakeElectron, type FakeMenu, type FakeTray } from '../fakes/electron';
import { checkPoint, day, recordingLogger, snapshot, zh } from './fixtures';

const onDuty = (): Partial<Snapshot> => ({
  trayState: 'onDuty',
  today: day({
    checkPoints: [checkPoint('OnDuty', '09:00', 'done', '08:58'), checkPoint('OffDuty', '18:00')],
    next: 'OffDuty',
  }),
});

/** Fixed clocks: the punch item follows the time (早退 / 迟到 / a window not open yet). */
const MORNING = Date.parse('2026-11-27T08:30:00+08:00');
const EVENING = Date.parse('2026-11-27T18:30:00+08:00');

const labels = (items: TrayMenuItem[]) =>
  items.map((i) => (i.kind === 'separator' ? '---' : i.label));

describe('buildTrayMenuTemplate', () => {
  it('before work: clock in with the planned time first', () => {
    expect(labels(buildTrayMenuTemplate(snapshot(), zh, MORNING))).toEqual([
      '上班打卡 09:00',
      '今日状态…',
      '考勤记录…',
      '刷新',
      '---',
      '开机启动',
      '设置…',
      '---',
      '退出',
    ]);
  });

  it('at work: clock out next', () => {
    expect(buildTrayMenuTemplate(snapshot(onDuty()), zh, EVENING)[0]).toEqual({
      kind: 'action',
      action: 'punch',
      label: '下班打卡 18:00',
      enabled: true,
    });
  });

  it('when everything is punched, on a rest day or on leave: no punch item', () => {
    const done = snapshot({
      trayState: 'done',
      today: day({
        checkPoints: [
          checkPoint('OnDuty', '09:00', 'done', '08:58'),
          checkPoint('OffDuty', '18:00', 'done', '18:05'),
        ],
        next: null,
      }),
    });
    const rest = snapshot({
      trayState: 'rest',
      today: day({ restDay: true, checkPoints: [], next: null }),
    });
    const leave = snapshot({ today: day({ onLeave: true }) });
    for (const s of [done, rest, leave]) {
      expect(
        buildTrayMenuTemplate(s, zh, MORNING).some(
          (i) => i.kind === 'action' && i.action === 'punch',
        ),
      ).toBe(false);
    }
  });

  it('when punching is unavailable: the item stays, disabled, with the reason', () => {
    const s = snapshot({
      punch: {
        available: false,
        reason: {
          code: 'missingPermission',
          message: 'x',
          detail: { permission: 'Attendance.Write' },
        },
      },
    });
    expect(buildTrayMenuTemplate(s, zh, MORNING)[0]).toEqual({
      kind: 'action',
      action: 'punch',
      label: '上班打卡 09:00（应用缺少接口权限 Attendance.Write）',
      enabled: false,
    });
  });

  it('offers snooze and "not today" while a reminder is up, only "not today" while snoozed', () => {
    const reminder = {
      kind: 'beforeOnDuty' as const,
      checkType: 'OnDuty' as const,
      planned: '2026-11-27T09:00:00+08:00',
      escalation: 0,
    };
    const showing = labels(buildTrayMenuTemplate(snapshot({ reminder }), zh, MORNING));
    expect(showing).toContain('10 分钟后提醒');
    expect(showing).toContain('今天不再提醒');

    const snoozed = labels(
      buildTrayMenuTemplate(snapshot({ snoozedUntil: '2026-11-27T09:10:00+08:00' }), zh, MORNING),
    );
    expect(snoozed).not.toContain('10 分钟后提醒');
    expect(snoozed).toContain('今天不再提醒');

    const dismissed = labels(
      buildTrayMenuTemplate(snapshot({ reminder, notToday: true }), zh, MORNING),
    );
    expect(dismissed).not.toContain('今天不再提醒');
    expect(dismissed).not.toContain('10 分钟后提醒');
    expect(dismissed).toContain('恢复今天的提醒');
  });

  it('uses the snooze length from the settings', () => {
    const settings = defaultSettings();
    settings.reminders.snoozeMinutes = 25;
    const reminder = {
      kind: 'login' as const,
      checkType: 'OnDuty' as const,
      planned: '2026-11-27T09:00:00+08:00',
      escalation: 0,
    };
    expect(labels(buildTrayMenuTemplate(snapshot({ reminder, settings }), zh, MORNING))).toContain(
      '25 分钟后提醒',
    );
  });

  it('disables refresh while refreshing', () => {
    expect(buildTrayMenuTemplate(snapshot({ refreshing: true }), zh, MORNING)).toContainEqual({
      kind: 'action',
      action: 'refresh',
      label: '正在刷新…',
      enabled: false,
    });
  });

  it('before setup: a setup entry instead of the day', () => {
    expect(
      labels(buildTrayMenuTemplate(snapshot({ mode: 'unconfigured', today: null }), zh, MORNING)),
    ).toEqual(['开始设置…', '---', '开机启动', '设置…', '---', '退出']);
  });

  it('the start-at-login checkbox reflects the real state', () => {
    const box = (s: Snapshot) =>
      buildTrayMenuTemplate(s, zh, MORNING).find((i) => i.kind === 'checkbox');
    expect(box(snapshot({ startAtLogin: true }))).toMatchObject({ checked: true });
    expect(box(snapshot({ startAtLogin: false }))).toMatchObject({ checked: false });
  });
});

describe('traySummary', () => {
  it.each<[string, Partial<Snapshot>, string]>([
    ['before work', {}, 'Daka · 上班 09:00 · 下班 18:00'],
    ['at work', onDuty(), 'Daka · 已上班 08:58 · 下班 18:00'],
    [
      'a missed clock-in',
      {
        today: day({
          checkPoints: [checkPoint('OnDuty', '09:00', 'missed'), checkPoint('OffDuty', '18:00')],
          next: 'OffDuty',
        }),
      },
      'Daka · 上班缺卡 · 下班 18:00',
    ],
    [
      'a rest day',
      { trayState: 'rest', today: day({ restDay: true, checkPoints: [], next: null }) },
      'Daka · 今天休息',
    ],
    ['on leave', { today: day({ onLeave: true }) }, 'Daka · 今天已请假'],
    ['demo mode', { mode: 'demo', trayState: 'demo' }, 'Daka · 演示 · 上班 09:00 · 下班 18:00'],
    ['offline', { trayState: 'offline' }, 'Daka · 上班 09:00 · 下班 18:00 · 离线'],
    ['a problem', { trayState: 'problem' }, 'Daka · 上班 09:00 · 下班 18:00 · 出了点问题'],
    ['not set up', { mode: 'unconfigured', today: null }, 'Daka · 未设置'],
    ['still loading', { today: null }, 'Daka · 正在加载'],
  ])('%s', (_name, overrides, expected) => {
    expect(traySummary(snapshot(overrides), zh)).toBe(expected);
  });

  it('stays within the Windows tooltip limit on a many-shift day', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      checkPoint(i % 2 === 0 ? 'OnDuty' : 'OffDuty', `${String(8 + i).padStart(2, '0')}:00`),
    );
    const text = traySummary(snapshot({ today: day({ checkPoints: many }) }), zh);
    expect(text.length).toBeLessThanOrEqual(127);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('trayTitle', () => {
  it('shows the next check point only when the setting asks for it', () => {
    const settings = defaultSettings();
    expect(trayTitle(snapshot(onDuty()), zh)).toBe('');
    settings.ui.menuBarTitle = 'nextPunch';
    expect(trayTitle(snapshot({ ...onDuty(), settings }), zh)).toBe('下班 18:00');
  });
});

function setupController(platform: NodeJS.Platform, initial: Snapshot = snapshot()) {
  const electron = createFakeElectron({ platform });
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const logger = recordingLogger();
  const controller = createTrayController({
    electron,
    platform,
    iconFor: (state: TrayState, p) => `/icons/${p}/${state}.png`,
    t: zh,
    actions: {
      punch: record('punch'),
      openPopup: record('openPopup'),
      togglePopup: record('togglePopup'),
      refresh: record('refresh'),
      snooze: record('snooze'),
      notToday: record('notToday'),
      toggleStartAtLogin: record('toggleStartAtLogin'),
      quit: () => Promise.reject(new Error('cannot quit')),
    },
    snapshot: initial,
    logger,
    now: () => MORNING,
  });
  const tray = electron.Tray.instances[0] as FakeTray;
  return { electron, controller, tray, calls, logger };
}

/** Lets the controller's (deliberately async) action calls run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createTrayController', () => {
  it('starts with the icon, tooltip and context menu of the snapshot', () => {
    const { tray } = setupController('linux');
    expect(tray.image).toBe('/icons/linux/notPunched.png');
    expect(tray.tooltip).toBe('Daka · 上班 09:00 · 下班 18:00');
    expect(tray.contextMenu?.labels()[0]).toBe('上班打卡 09:00');
  });

  it('follows state changes: icon, tooltip, and a rebuilt menu', () => {
    const { controller, tray } = setupController('win32');
    const first = tray.contextMenu;
    controller.update(snapshot(onDuty()));
    expect(tray.image).toBe('/icons/win32/onDuty.png');
    expect(tray.tooltip).toBe('Daka · 已上班 08:58 · 下班 18:00');
    expect(tray.contextMenu).not.toBe(first);
    expect(tray.contextMenu?.labels()[0]).toBe('早退打卡… 18:00');
  });

  it('leaves the menu alone when nothing it shows changed', () => {
    const { controller, tray } = setupController('linux');
    const first = tray.contextMenu;
    controller.update(
      snapshot({
        quota: {
          month: '2026-11',
          counted: 9,
          total: 9,
          tokenFetches: 2,
          cap: 120,
          budgetMode: false,
        },
      }),
    );
    expect(tray.contextMenu).toBe(first);
  });

  it('menu items run their actions', async () => {
    const { tray, calls } = setupController('linux', snapshot({ startAtLogin: true }));
    const menu = tray.contextMenu as FakeMenu;
    menu.click('上班打卡 09:00');
    menu.click('今日状态…');
    menu.click('刷新');
    menu.click('设置…');
    menu.click('开机启动');
    await settle();
    expect(calls).toEqual([
      ['punch'],
      ['openPopup', 'today'],
      ['refresh'],
      ['openPopup', 'settings'],
      ['toggleStartAtLogin', false],
    ]);
  });

  it('a failing action is logged, not left unhandled', async () => {
    const { tray, logger } = setupController('linux');
    (tray.contextMenu as FakeMenu).click('退出');
    await settle();
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        data: { action: 'quit', message: 'Error: cannot quit' },
      }),
    );
  });

  it('a left click toggles the popup next to the icon', async () => {
    const { tray, calls } = setupController('win32');
    tray.bounds = { x: 1700, y: 1048, width: 24, height: 24 };
    tray.click();
    await settle();
    expect(calls).toEqual([['togglePopup', { x: 1700, y: 1048, width: 24, height: 24 }]]);
  });

  it('on Linux, where the icon has no bounds, toggles without an anchor', async () => {
    const { tray, calls, controller } = setupController('linux');
    tray.click();
    await settle();
    expect(calls).toEqual([['togglePopup', null]]);
    expect(controller.bounds()).toBeNull();
  });

  it('on macOS the menu pops up on right click (a set menu would swallow left clicks)', () => {
    const { tray } = setupController('darwin');
    expect(tray.contextMenu).toBeNull();
    tray.rightClick();
    expect(tray.poppedUp).toHaveLength(1);
    expect(tray.poppedUp[0]?.labels()).toContain('退出');
  });

  it('shows the menu-bar title on macOS only, when enabled', () => {
    const settings = defaultSettings();
    settings.ui.menuBarTitle = 'nextPunch';
    const mac = setupController('darwin', snapshot({ ...onDuty(), settings }));
    expect(mac.tray.title).toBe('下班 18:00');
    mac.controller.update(snapshot({ ...onDuty(), settings: defaultSettings() }));
    expect(mac.tray.title).toBe('');
    const linux = setupController('linux', snapshot({ ...onDuty(), settings }));
    expect(linux.tray.title).toBe('');
  });

  it('destroy removes the icon and later updates are ignored', () => {
    const { controller, tray } = setupController('linux');
    controller.destroy();
    expect(tray.isDestroyed()).toBe(true);
    controller.update(snapshot(onDuty()));
    expect(tray.image).toBe('/icons/linux/notPunched.png');
  });
});

describe('the punch item follows the popup’s rule (issue #10 items 1, 3, 5, 6)', () => {
  const windowed = (points: ReturnType<typeof checkPoint>[]) =>
    points.map((c) =>
      c.type === 'OnDuty'
        ? { ...c, window: { from: '2026-11-27T05:00:00+08:00', to: '2026-11-27T13:30:00+08:00' } }
        : { ...c, window: { from: '2026-11-27T13:30:00+08:00', to: '2026-11-28T00:00:00+08:00' } },
    );
  const time = (hhmm: string) => Date.parse(`2026-11-27T${hhmm}:00+08:00`);
  const first = (s: Snapshot, now: number) => buildTrayMenuTemplate(s, zh, now)[0];

  it('at 12:00 after clocking in: the clock-out is disabled until its window opens, as in the popup', () => {
    const s = snapshot({
      trayState: 'onDuty',
      today: day({
        checkPoints: windowed([
          checkPoint('OnDuty', '09:00', 'done', '08:58'),
          checkPoint('OffDuty', '18:00'),
        ]),
        next: 'OffDuty',
      }),
    });
    expect(first(s, time('12:00'))).toEqual({
      kind: 'action',
      action: 'punch',
      label: '下班打卡 18:00（13:30 起可以打卡）',
      enabled: false,
    });
  });

  it('before the planned clock-out: 早退打卡…, which punches through a question (punch-confirm)', () => {
    expect(first(snapshot(onDuty()), time('17:00'))).toEqual({
      kind: 'action',
      action: 'punch',
      label: '早退打卡… 18:00',
      enabled: true,
    });
  });

  it('after the planned clock-in: 迟到打卡', () => {
    expect(first(snapshot(), time('09:05'))).toMatchObject({
      action: 'punch',
      label: '迟到打卡 09:00',
    });
  });

  it('after clocking out, while the window is open: 更新打卡', () => {
    const s = snapshot({
      trayState: 'done',
      today: day({
        checkPoints: windowed([
          checkPoint('OnDuty', '09:00', 'done', '08:58'),
          checkPoint('OffDuty', '18:00', 'done', '17:00'),
        ]),
        next: null,
      }),
    });
    expect(first(s, time('18:05'))).toEqual({
      kind: 'action',
      action: 'punch',
      label: '更新打卡',
      enabled: true,
    });
    expect(first(s, Date.parse('2026-11-28T00:30:00+08:00'))).toMatchObject({ action: 'today' });
  });
});
