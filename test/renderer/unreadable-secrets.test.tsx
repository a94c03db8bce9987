// @vitest-environment happy-dom
/**
 * Saved credentials the keychain could not give this run: setup (and Settings → Advanced)
 * says so, that nothing was deleted and what to do, and "try again" asks main to read
 * them again (refresh), in both languages.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { fixtures, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

const withUnreadable = (
  snapshot: Snapshot,
  reason: 'locked' | 'failed',
  names = ['appSecret', 'userRefreshToken'],
): Snapshot => ({
  ...snapshot,
  secretStorage: {
    ...snapshot.secretStorage,
    ...(reason === 'locked' ? { kind: 'unavailable', memoryOnly: true } : {}),
    unreadable: { names, reason },
  },
});

describe('saved credentials that could not be read', () => {
  it('setup says the keyring is locked, nothing was deleted, and tries again on request', async () => {
    const { mock, user } = renderApp(withUnreadable(fixtures.unconfigured, 'locked'));
    expect(await screen.findByRole('heading', { level: 1, name: '连接钉钉' })).toBeInTheDocument();
    const note = await screen.findByText('有已保存的凭据这次读不出来');
    expect(note).toBeInTheDocument();
    expect(
      screen.getByText(
        '系统的密钥环还没有解锁，Daka 读不出已保存的AppSecret和钉钉登录。它们仍在这台电脑上，什么都没有删除。解锁密钥环（或钥匙串）后点“重试”，或重新启动 Daka。',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('重新输入凭据会替换这些读不出来的旧凭据。')).toBeInTheDocument();

    // Unlocked meanwhile: main read them, setup moves on to its last step (the check).
    mock.reply('refresh', ok(fixtures.beforeWork));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(mock.requests('refresh')).toHaveLength(1);
    await waitFor(() =>
      expect(screen.queryByText('有已保存的凭据这次读不出来')).not.toBeInTheDocument(),
    );
    expect(screen.queryByRole('heading', { level: 1, name: '连接钉钉' })).not.toBeInTheDocument();
  });

  it('in English, a refused or changed key says what to do', async () => {
    renderApp(
      withUnreadable(withUi(fixtures.unconfigured, { language: 'en' }), 'failed', ['appSecret']),
    );
    expect(await screen.findByText('Some saved credentials could not be read')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The system’s secure storage could not decrypt the saved AppSecret: the Keychain request was refused, the system key changed, or the file is damaged. They are still on this computer: nothing was deleted. Unlock the Keychain and choose Try again, or restart Daka; if that does not help, enter the credentials again.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Entering the credentials again replaces the ones that cannot be read.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('Settings → Advanced says it when only some were unreadable', async () => {
    const { mock, user } = renderApp(withUnreadable(fixtures.beforeWork, 'failed', ['robotToken']));
    await screen.findByRole('button', { name: '更多' });
    act(() => mock.emit('navigate', { view: 'settings' }));
    await screen.findByRole('heading', { level: 1, name: '设置' });
    await user.click(screen.getByRole('tab', { name: '高级' }));
    expect(screen.getByText(/已保存的机器人 Webhook 令牌/)).toBeInTheDocument();
  });

  it('nothing is said when every saved secret was read', async () => {
    renderApp(fixtures.unconfigured);
    await screen.findByRole('heading', { level: 1, name: '连接钉钉' });
    expect(screen.queryByText('有已保存的凭据这次读不出来')).not.toBeInTheDocument();
  });
});
