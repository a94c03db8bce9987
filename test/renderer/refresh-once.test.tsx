// @vitest-environment happy-dom
/**
 * Issue #10 item 15: offline before today loaded, a refresh that fails for the same reason
 * does not say it a second time under the day's heading: the panel already says it (with
 * the punch still offered). A refresh refused for another reason is still said.
 */
import '@testing-library/jest-dom/vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtures, withUi } from './fixtures';
import { fail } from './mock-bridge';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const primary = () => document.querySelector('section.primary') as HTMLElement;

async function refreshOffline(lang: 'zh-CN' | 'en', refreshLabel: string) {
  const { mock, user } = renderApp(withUi(fixtures.offlineNoDay, { language: lang }));
  await waitFor(() => expect(primary()).not.toBeNull());
  mock.reply('refresh', fail('networkDown'));
  await user.click(await screen.findByRole('button', { name: refreshLabel }));
  await expect.poll(() => mock.requests('refresh').length).toBe(1);
  // The reply has been handled once the button is enabled again.
  await waitFor(() => expect(screen.getByRole('button', { name: refreshLabel })).toBeEnabled());
  return mock;
}

describe('an offline refresh before today loaded says "offline" once', () => {
  it('zh-CN', async () => {
    await refreshOffline('zh-CN', '刷新');
    expect(await within(primary()).findByText('连不上钉钉')).toBeInTheDocument();
    expect(screen.getAllByText('连不上钉钉')).toHaveLength(1);
    expect(within(primary()).getByRole('button', { name: '上班打卡' })).toBeEnabled();
  });

  it('en', async () => {
    await refreshOffline('en', 'Refresh');
    expect(await within(primary()).findByText('Cannot reach DingTalk')).toBeInTheDocument();
    expect(screen.getAllByText('Cannot reach DingTalk')).toHaveLength(1);
  });

  it('a refresh refused for another reason is still said', async () => {
    const { mock, user } = renderApp(fixtures.offlineNoDay);
    await waitFor(() => expect(primary()).not.toBeNull());
    mock.reply('refresh', fail('budgetExceeded'));
    await user.click(await screen.findByRole('button', { name: '刷新' }));
    expect(await screen.findAllByText('连不上钉钉')).toHaveLength(1);
    await waitFor(() =>
      expect(
        document.querySelector('section.day [role="status"], section.day [role="alert"]'),
      ).not.toBeNull(),
    );
  });
});
