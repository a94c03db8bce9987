// @vitest-environment happy-dom
/**
 * Demo mode (issue #11): "play the day" jumps the simulated clock with the popup open.
 * Today's own "上班打卡成功" card belongs to the moment of the punch: once the clock has
 * jumped it goes, and Today shows the day as it now is.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { at, atWorkDay, fixtures, outcomes, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

const primary = () => document.querySelector('section.primary') as HTMLElement;

const demoAt = (lang: 'zh-CN' | 'en', now: string, today: Snapshot['today']): Snapshot =>
  withUi(
    {
      ...fixtures.demo,
      today,
      demo: { now: at(now), next: { moment: 'lunch', at: at('12:30') } },
    },
    { language: lang },
  );

describe('demo: the clock jumps with the popup open', () => {
  it.each([
    ['zh-CN', '上班打卡', '上班打卡成功'],
    ['en', 'Clock in', 'Clocked in'],
  ] as const)('%s: the success card goes once the clock has jumped', async (lang, button, done) => {
    const { mock, user } = renderApp(demoAt(lang, '08:57', fixtures.demo.today), {
      now: at('15:20'),
    });
    await waitFor(() => expect(Math.abs(Date.now() - Date.parse(at('08:57')))).toBeLessThan(5000));
    mock.reply('punch', ok({ ...outcomes.punchedOnDuty, at: at('08:57') }));
    await user.click(await within(primary()).findByRole('button', { name: button }));
    expect(await within(primary()).findByText(done)).toBeInTheDocument();

    // Main pushes the snapshot of the played clock: 12:30, the clock-in done at 08:57.
    const played = demoAt(lang, '12:30', atWorkDay());
    act(() => mock.emit('snapshot', played));
    await waitFor(() => expect(Math.abs(Date.now() - Date.parse(at('12:30')))).toBeLessThan(5000));
    await waitFor(() => expect(within(primary()).queryByText(done)).toBeNull());
  });

  it('a snapshot without a jump keeps the card (the same simulated clock, a little later)', async () => {
    const { mock, user } = renderApp(demoAt('zh-CN', '08:57', fixtures.demo.today), {
      now: at('15:20'),
    });
    await waitFor(() => expect(Math.abs(Date.now() - Date.parse(at('08:57')))).toBeLessThan(5000));
    mock.reply('punch', ok({ ...outcomes.punchedOnDuty, at: at('08:57') }));
    await user.click(await within(primary()).findByRole('button', { name: '上班打卡' }));
    expect(await within(primary()).findByText('上班打卡成功')).toBeInTheDocument();
    act(() => mock.emit('snapshot', demoAt('zh-CN', '08:57', atWorkDay())));
    await waitFor(() =>
      expect(screen.getByRole('list', { name: '今日打卡' })).toHaveTextContent('08:57'),
    );
    expect(within(primary()).getByText('上班打卡成功')).toBeInTheDocument();
  });
});
