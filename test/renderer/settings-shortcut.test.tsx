// @vitest-environment happy-dom
/** The global shortcut's key recorder: record, show in the platform's words, cancel, clear, refuse. */
import '@testing-library/jest-dom/vitest';
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { fixtures, withUi } from './fixtures';
import { fail } from './mock-bridge';
import { openSettings } from './settings-harness';

const on = (platform: Snapshot['platform'], globalShortcut: string | null = null) =>
  withUi({ ...fixtures.beforeWork, platform }, { globalShortcut });

describe('settings: the shortcut recorder', () => {
  it('records ⌥⇧⌘D on macOS, saves it as an accelerator and shows it in macOS words', async () => {
    const { mock, user } = await openSettings(on('darwin'));
    const recorder = screen.getByRole('button', { name: '全局快捷键 未设置' });
    await user.click(recorder);
    expect(recorder).toHaveAccessibleName('全局快捷键 请按下快捷键…');
    expect(screen.getByText('按下组合键；Esc 取消，Backspace 清除')).toBeInTheDocument();
    await user.keyboard('{Alt>}{Shift>}{Meta>}');
    expect(recorder).toHaveAccessibleName('全局快捷键 ⌥⇧⌘…');
    await user.keyboard('d{/Meta}{/Shift}{/Alt}');
    expect(mock.requests('updateSettings')).toEqual([
      { ui: { globalShortcut: 'CommandOrControl+Alt+Shift+D' } },
    ]);
    expect(await screen.findByRole('button', { name: '全局快捷键 ⌥⇧⌘D' })).toBeInTheDocument();
    expect(await screen.findByText('已保存')).toBeInTheDocument();
  });

  it('records Ctrl+Shift+K on Linux and shows it that way', async () => {
    const { mock, user } = await openSettings(on('linux'));
    await user.click(screen.getByRole('button', { name: /^全局快捷键/ }));
    await user.keyboard('{Control>}{Shift>}k{/Shift}{/Control}');
    expect(mock.requests('updateSettings')).toEqual([
      { ui: { globalShortcut: 'CommandOrControl+Shift+K' } },
    ]);
    expect(
      await screen.findByRole('button', { name: '全局快捷键 Ctrl+Shift+K' }),
    ).toBeInTheDocument();
  });

  it('shows a shortcut typed before the recorder existed in the platform’s words', async () => {
    await openSettings(on('win32', 'Alt+Shift+D'));
    expect(screen.getByRole('button', { name: '全局快捷键 Alt+Shift+D' })).toBeInTheDocument();
  });

  it('cancels with Escape without leaving Settings or saving', async () => {
    const { mock, user } = await openSettings(on('darwin', 'CommandOrControl+Shift+D'));
    const recorder = screen.getByRole('button', { name: '全局快捷键 ⇧⌘D' });
    await user.click(recorder);
    await user.keyboard('{Shift>}{Escape}{/Shift}');
    expect(recorder).toHaveAccessibleName('全局快捷键 ⇧⌘D');
    expect(screen.getByRole('heading', { level: 1, name: '设置' })).toBeInTheDocument();
    expect(mock.requests('updateSettings')).toEqual([]);
    expect(mock.requests('hidePopup')).toEqual([]);
  });

  it('clears with Backspace', async () => {
    const { mock, user } = await openSettings(on('darwin', 'CommandOrControl+Shift+D'));
    await user.click(screen.getByRole('button', { name: '全局快捷键 ⇧⌘D' }));
    await user.keyboard('{Backspace}');
    expect(mock.requests('updateSettings')).toEqual([{ ui: { globalShortcut: null } }]);
    expect(await screen.findByRole('button', { name: '全局快捷键 未设置' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '清除快捷键' })).not.toBeInTheDocument();
  });

  it('clears with its button', async () => {
    const { mock, user } = await openSettings(on('linux', 'Alt+F4'));
    await user.click(screen.getByRole('button', { name: '清除快捷键' }));
    expect(mock.requests('updateSettings')).toEqual([{ ui: { globalShortcut: null } }]);
  });

  it('asks for a modifier when a key comes alone, and keeps recording', async () => {
    const { mock, user } = await openSettings(on('darwin'));
    const recorder = screen.getByRole('button', { name: /^全局快捷键/ });
    await user.click(recorder);
    await user.keyboard('d');
    expect(screen.getByRole('alert')).toHaveTextContent(
      '还要同时按住 Ctrl、Alt、Shift 或 ⌘ 等修饰键',
    );
    expect(recorder).toHaveAttribute('aria-invalid', 'true');
    expect(mock.requests('updateSettings')).toEqual([]);
    await user.keyboard('{Control>}{ArrowUp}{/Control}');
    expect(mock.requests('updateSettings')).toEqual([{ ui: { globalShortcut: 'Control+Up' } }]);
    expect(await screen.findByRole('button', { name: '全局快捷键 ⌃↑' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows main’s refusal (taken by another app) under the field, in the current language', async () => {
    const { mock, user } = await openSettings(on('linux'), 'general', { saveLikeMain: false });
    mock.reply('updateSettings', fail('invalidInput', { field: 'ui.globalShortcut' }));
    await user.click(screen.getByRole('button', { name: /^全局快捷键/ }));
    await user.keyboard('{Control>}{Alt>}p{/Alt}{/Control}');
    expect(await screen.findByRole('alert')).toHaveTextContent('输入的内容不正确');
    expect(screen.queryByText('已保存')).not.toBeInTheDocument();
    act(() => mock.emit('snapshot', withUi(on('linux'), { language: 'en' })));
    // The previous language stays on screen until the new one's strings are loaded.
    expect(await screen.findByRole('button', { name: 'Global shortcut None' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).not.toHaveTextContent('输入的内容不正确');
  });

  it('speaks English', async () => {
    const { user } = await openSettings(withUi(on('darwin'), { language: 'en' }));
    await user.click(screen.getByRole('button', { name: 'Global shortcut None' }));
    expect(
      screen.getByText('Press a key combination; Esc cancels, Backspace clears'),
    ).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Hold a modifier too');
  });
});
