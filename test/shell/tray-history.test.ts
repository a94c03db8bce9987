/**
 * The tray's 考勤记录… / History… item: there whenever Daka is set up (history reads
 * nothing when a month is cached), it opens the popup on the history view. Read in the
 * real translations, so both languages must name it.
 */
import { describe, expect, it } from 'vitest';
import type { TrayState } from '../../shared/model';
import { type AnyMessageKey, translate, type UiLanguage } from '../../shared/i18n';
import {
  buildTrayMenuTemplate,
  createTrayController,
  type TrayMenuItem,
} from '../../main/shell/tray';
import { createFakeElectron, type FakeMenu, type FakeTray } from '../fakes/electron';
import { recordingLogger, snapshot } from './fixtures';

const MORNING = Date.parse('2026-11-27T08:30:00+08:00');
const real = (language: UiLanguage) => (key: string, vars?: Record<string, string | number>) =>
  translate(language, key as AnyMessageKey, vars);
const history = (items: TrayMenuItem[]) =>
  items.find((i) => i.kind === 'action' && i.action === 'history');

describe('tray History item', () => {
  it('is in the menu once set up, named in both languages, right after today', () => {
    for (const [language, label] of [
      ['zh-CN', '考勤记录…'],
      ['en', 'History…'],
    ] as const) {
      const items = buildTrayMenuTemplate(snapshot(), real(language), MORNING);
      expect(history(items)).toEqual({ kind: 'action', action: 'history', label, enabled: true });
      const actions = items.map((i) => (i.kind === 'separator' ? '---' : i.action));
      expect(actions.indexOf('history')).toBe(actions.indexOf('today') + 1);
    }
  });

  it('is not offered before setup (there is no one to show)', () => {
    const items = buildTrayMenuTemplate(snapshot({ mode: 'unconfigured' }), real('en'), MORNING);
    expect(history(items)).toBeUndefined();
  });

  it('opens the popup on the history view', async () => {
    const electron = createFakeElectron({ platform: 'linux' });
    const opened: unknown[] = [];
    createTrayController({
      electron,
      platform: 'linux',
      iconFor: (state: TrayState, p) => `/icons/${p}/${state}.png`,
      t: real('zh-CN'),
      actions: {
        punch: () => undefined,
        openPopup: (view) => opened.push(view),
        togglePopup: () => undefined,
        refresh: () => undefined,
        snooze: () => undefined,
        notToday: () => undefined,
        toggleStartAtLogin: () => undefined,
        quit: () => undefined,
      },
      snapshot: snapshot(),
      logger: recordingLogger(),
      now: () => MORNING,
    });
    const tray = electron.Tray.instances[0] as FakeTray;
    (tray.contextMenu as FakeMenu).click('考勤记录…');
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual(['history']);
  });
});
