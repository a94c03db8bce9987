// @vitest-environment happy-dom
/** Review of #11: the recorder says why Shift alone is refused, and saves nothing. */
import '@testing-library/jest-dom/vitest';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtures, withUi } from './fixtures';
import { openSettings } from './settings-harness';

describe('settings: the shortcut recorder refuses Shift alone', () => {
  it('zh-CN: explains it under the field and saves nothing', async () => {
    const { mock, user } = await openSettings(
      withUi({ ...fixtures.beforeWork, platform: 'win32' }, { globalShortcut: null }),
    );
    await user.click(screen.getByRole('button', { name: /^全局快捷键/ }));
    await user.keyboard('{Shift>}d{/Shift}');
    expect(screen.getByRole('alert')).toHaveTextContent(
      '只按 Shift 会占用所有程序里的这个字符，请再加上 Ctrl、Alt 或 ⌘',
    );
    expect(mock.requests('updateSettings')).toEqual([]);
  });

  it('en: the same in English', async () => {
    const { mock, user } = await openSettings(
      withUi(
        { ...fixtures.beforeWork, platform: 'linux' },
        { globalShortcut: null, language: 'en' },
      ),
    );
    await user.click(screen.getByRole('button', { name: /^Global shortcut/ }));
    await user.keyboard('{Shift>}1{/Shift}');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Shift alone would take this key from every app; add Ctrl, Alt or ⌘',
    );
    expect(mock.requests('updateSettings')).toEqual([]);
  });
});
