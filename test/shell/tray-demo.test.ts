/**
 * The tray in demo mode (issue #11): "play the day" and "Leave demo" from the menu, in the
 * popup's own words and the real translations; they call the engine's playDemo / leaveDemo.
 * Out of demo mode the menu has neither.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import type { TrayState } from '../../shared/model';
import { type AnyMessageKey, translate, type UiLanguage } from '../../shared/i18n';
import {
  buildTrayMenuTemplate,
  createTrayController,
  type TrayMenuItem,
} from '../../main/shell/tray';
import { createFakeElectron, type FakeMenu, type FakeTray } from '../fakes/electron';
import { recordingLogger, snapshot } from './fixtures';

const MORNING = Date.parse('2026-11-27T08:40:00+08:00');
const real = (language: UiLanguage) => (key: string, vars?: Record<string, string | number>) =>
  translate(language, key as AnyMessageKey, vars);

const demo = (): Snapshot =>
  snapshot({
    mode: 'demo',
    trayState: 'demo',
    demo: {
      now: '2026-11-27T08:40:00+08:00',
      next: { moment: 'clockIn', at: '2026-11-27T08:55:00+08:00' },
    },
  });

const labels = (items: TrayMenuItem[]) =>
  items.flatMap((i) => (i.kind === 'action' ? [[i.action, i.label]] : []));

describe('tray in demo mode', () => {
  it.each([
    ['zh-CN', '快进到 08:55 上班打卡提醒', '退出演示'],
    ['en', 'Skip to 08:55: the clock-in reminder', 'Leave demo'],
  ] as const)('%s: play the day (named by its next moment) and leave demo', (lang, play, leave) => {
    const items = labels(buildTrayMenuTemplate(demo(), real(lang), MORNING));
    expect(items).toContainEqual(['demoPlay', play]);
    expect(items).toContainEqual(['leaveDemo', leave]);
  });

  it('not out of demo mode', () => {
    const actions = labels(buildTrayMenuTemplate(snapshot(), real('zh-CN'), MORNING)).map(
      ([a]) => a,
    );
    expect(actions).not.toContain('demoPlay');
    expect(actions).not.toContain('leaveDemo');
  });

  it('the items call playDemo and leaveDemo', async () => {
    const electron = createFakeElectron({ platform: 'linux' });
    const calls: string[] = [];
    createTrayController({
      electron,
      platform: 'linux',
      iconFor: (state: TrayState, p) => `/icons/${p}/${state}.png`,
      t: real('zh-CN'),
      actions: {
        punch: () => undefined,
        openPopup: () => undefined,
        togglePopup: () => undefined,
        refresh: () => undefined,
        snooze: () => undefined,
        notToday: () => undefined,
        toggleStartAtLogin: () => undefined,
        playDemo: () => calls.push('playDemo'),
        leaveDemo: () => calls.push('leaveDemo'),
        quit: () => undefined,
      },
      snapshot: demo(),
      logger: recordingLogger(),
      now: () => MORNING,
    });
    const menu = (electron.Tray.instances[0] as FakeTray).contextMenu as FakeMenu;
    menu.click('快进到 08:55 上班打卡提醒');
    menu.click('退出演示');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['playDemo', 'leaveDemo']);
  });
});
