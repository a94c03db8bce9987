// @vitest-environment happy-dom
/** Review of #11: the recorder says why AltGr is refused, and saves nothing. */
import '@testing-library/jest-dom/vitest';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtures, withUi } from './fixtures';
import { openSettings } from './settings-harness';

describe('settings: the shortcut recorder refuses AltGr', () => {
  it('zh-CN (Windows): AltGr+Q, reported as Ctrl+Alt+Q, is explained under the field, not saved', async () => {
    const { mock, user } = await openSettings(
      withUi({ ...fixtures.beforeWork, platform: 'win32' }, { globalShortcut: null }),
    );
    await user.click(screen.getByRole('button', { name: /^全局快捷键/ }));
    await user.keyboard('{Control>}{Alt>}{AltGraph>}q{/AltGraph}{/Alt}{/Control}');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'AltGr 组合键用来输入字符（如 @、€），设为快捷键后所有程序都打不出这个字符，请换用 Ctrl+Shift 等组合',
    );
    expect(mock.requests('updateSettings')).toEqual([]);
  });

  it('en (Linux): the same in English', async () => {
    const { mock, user } = await openSettings(
      withUi(
        { ...fixtures.beforeWork, platform: 'linux' },
        { globalShortcut: null, language: 'en' },
      ),
    );
    await user.click(screen.getByRole('button', { name: /^Global shortcut/ }));
    await user.keyboard('{AltGraph>}e{/AltGraph}');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'AltGr types characters (such as @ or €): as a shortcut, no app could type this one; use e.g. Ctrl+Shift instead',
    );
    expect(mock.requests('updateSettings')).toEqual([]);
  });
});
