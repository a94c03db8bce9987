// @vitest-environment happy-dom
/**
 * Settings → account in demo mode (issue #11): demo mode holds no credential, so the way
 * out is 退出演示 / Leave demo (leaveDemo, back to setup, nothing deleted), not 清除凭据 or
 * signing out of a demo identity. Outside demo mode the account keeps its two ways out.
 */
import '@testing-library/jest-dom/vitest';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtures, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { openSettings } from './settings-harness';

const account = (name: string) => screen.getByRole('region', { name });

describe('Settings → account in demo mode', () => {
  it.each([
    ['zh-CN', '账号', '退出演示', '连接钉钉', /凭据|退出登录/],
    ['en', 'Account', 'Leave demo', 'Connect to DingTalk', /credential|sign out/i],
  ] as const)(
    '%s: offers Leave demo, and nothing about credentials',
    async (lang, title, leave, setup, not) => {
      const { mock, user } = await openSettings(withUi(fixtures.demo, { language: lang }));
      const section = account(title);
      expect(within(section).queryAllByRole('button', { name: not })).toHaveLength(0);
      mock.reply('leaveDemo', ok(withUi(fixtures.unconfigured, { language: lang })));
      await user.click(within(section).getByRole('button', { name: leave }));
      expect(mock.requests('leaveDemo')).toHaveLength(1);
      expect(mock.requests('forgetCredentials')).toHaveLength(0);
      expect(mock.requests('signOut')).toHaveLength(0);
      expect(await screen.findByRole('heading', { level: 1, name: setup })).toBeInTheDocument();
    },
  );

  it('configured: sign out and forget credentials, no Leave demo', async () => {
    await openSettings();
    const section = account('账号');
    expect(within(section).getByRole('button', { name: '清除凭据' })).toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: '退出演示' })).toBeNull();
  });
});
