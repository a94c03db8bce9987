// @vitest-environment happy-dom
/**
 * Demo mode in the popup (issue #11): the DEMO mark opens a panel with the simulated time,
 * "play the day" named by its next moment, and a plain "Leave demo" that speaks of no
 * credential; the popup's clock follows the simulated one.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { at, fixtures, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

/** Demo mode at 08:40, real time 15:20: the popup must judge by 08:40. */
const demo = (lang: 'zh-CN' | 'en', now = '08:40', next = { moment: 'clockIn', at: '08:55' }) =>
  withUi(
    {
      ...fixtures.demo,
      demo: {
        now: at(now),
        next: { moment: next.moment as 'clockIn', at: at(next.at) },
      },
    } satisfies Snapshot,
    { language: lang },
  );

describe('demo mode', () => {
  it.each([
    ['zh-CN', '演示', '演示时间 08:40', '快进到 08:55 上班打卡提醒', '退出演示'],
    ['en', 'DEMO', 'Demo time 08:40', 'Skip to 08:55: the clock-in reminder', 'Leave demo'],
  ] as const)(
    '%s: the panel plays the day and leaves demo',
    async (lang, mark, now, play, leave) => {
      const { mock, user } = renderApp(demo(lang), { now: at('15:20') });
      await user.click(await screen.findByRole('button', { name: mark }));
      expect(await screen.findByText(now)).toBeInTheDocument();
      mock.reply('demoPlay', ok(demo(lang, '08:55', { moment: 'lunch', at: '12:30' })));
      await user.click(screen.getByRole('button', { name: play }));
      expect(mock.requests('demoPlay')).toHaveLength(1);
      // Leaving demo deletes nothing and does not say it would.
      const leaveButton = screen.getByRole('button', { name: leave });
      expect(screen.getByRole('region')).not.toHaveTextContent(/凭据|credential/i);
      mock.reply('leaveDemo', ok(fixtures.unconfigured));
      await user.click(leaveButton);
      expect(mock.requests('leaveDemo')).toHaveLength(1);
      expect(mock.requests('forgetCredentials')).toHaveLength(0);
    },
  );

  it('follows the simulated clock: 08:40 is before work, not a late clock-in at 15:20', async () => {
    const { mock } = renderApp(demo('zh-CN'), { now: at('15:20') });
    await waitFor(() => expect(Math.abs(Date.now() - Date.parse(at('08:40')))).toBeLessThan(5000));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeEnabled();
    expect(screen.queryByText(/迟到打卡/)).toBeNull();
    // Out of demo mode the popup's clock is its own again.
    act(() => mock.emit('snapshot', withUi(fixtures.beforeWork, { language: 'zh-CN' })));
    await waitFor(() => expect(Math.abs(Date.now() - Date.parse(at('15:20')))).toBeLessThan(5000));
  });
});
