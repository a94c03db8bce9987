/** Opening Settings on a group, and a mock main that saves settings patches as the engine does. */
import { act, screen } from '@testing-library/react';
import type { Snapshot } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import { fixtures } from './fixtures';
import { ok, type MockBridge } from './mock-bridge';
import { renderApp } from './render';

export const GROUP = {
  'zh-CN': { general: '通用', reminders: '提醒', hours: '作息', advanced: '高级' },
  en: { general: 'General', reminders: 'Reminders', hours: 'Working hours', advanced: 'Advanced' },
} as const;

export type GroupName = keyof (typeof GROUP)['zh-CN'];

/** updateSettings merges the patch one level deep into the current snapshot and answers with it. */
export function saveLikeMain(mock: MockBridge): void {
  mock.reply('updateSettings', (patch) => {
    const current = mock.current as Snapshot;
    const settings: Record<string, unknown> = { ...current.settings };
    for (const [key, value] of Object.entries(patch ?? {})) {
      const before = settings[key];
      settings[key] =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? { ...(before as object), ...value }
          : value;
    }
    mock.current = { ...current, settings: settings as Settings };
    return ok(mock.current);
  });
}

export async function openSettings(
  snapshot: Snapshot = fixtures.beforeWork,
  group: GroupName = 'general',
  options: { saveLikeMain?: boolean } = {},
) {
  const rendered = renderApp(snapshot);
  if (options.saveLikeMain ?? true) saveLikeMain(rendered.mock);
  // The view is chosen at once; it shows when the first snapshot arrives.
  act(() => rendered.mock.emit('navigate', { view: 'settings' }));
  await screen.findByRole('heading', { level: 1, name: /^(设置|Settings)$/ });
  const lang = snapshot.settings.ui.language === 'en' ? 'en' : 'zh-CN';
  if (group !== 'general') {
    await rendered.user.click(screen.getByRole('tab', { name: GROUP[lang][group] }));
  }
  return rendered;
}
