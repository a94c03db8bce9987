// @vitest-environment happy-dom
/**
 * Review of #10/#11: the popup judges by DingTalk's clock, as the punch itself is corrected
 * (snapshot.clockOffsetMs). At 17:55 on this computer with DingTalk 7 minutes ahead, DingTalk
 * records a click as 18:02, a normal clock-out: the button says 下班打卡 (not 早退打卡), the
 * time shown is 18:02 and the countdown says time to go. The minute clock ticks on DingTalk's
 * minute. zh-CN and en.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { fixtures, settings } from './fixtures';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const MINUTE = 60_000;
const clockAt = (hhmm: string, seconds = '00') => `2026-11-27T${hhmm}:${seconds}+08:00`;
const nowLine = () => document.querySelector('.primary .now') as HTMLElement;
const atWork = (clockOffsetMs: number, language: 'zh-CN' | 'en' = 'zh-CN'): Snapshot => ({
  ...fixtures.atWork,
  clockOffsetMs,
  settings: settings({ ui: { language } }),
});

function withTimers(now: string) {
  return {
    now,
    setup: () => {
      vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
      vi.setSystemTime(Date.parse(now));
    },
  };
}

async function settle() {
  for (let i = 0; i < 5; i++) await act(() => Promise.resolve());
}

describe("Today on DingTalk's clock", () => {
  it('zh-CN: 17:55 here, DingTalk 7 minutes ahead: 下班打卡 at 18:02, time to go', async () => {
    renderApp(atWork(7 * MINUTE), { now: clockAt('17:55') });
    expect(await screen.findByRole('button', { name: '下班打卡' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: '早退打卡' })).toBeNull();
    expect(nowLine()).toHaveTextContent('18:02');
    expect(nowLine()).toHaveTextContent('可以下班了');
  });

  it('en: the same in English', async () => {
    renderApp(atWork(7 * MINUTE, 'en'), { now: clockAt('17:55') });
    expect(await screen.findByRole('button', { name: 'Clock out' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Clock out early' })).toBeNull();
    expect(nowLine()).toHaveTextContent('Time to go');
  });

  it('DingTalk 7 minutes behind: still early at 18:03 here', async () => {
    renderApp(atWork(-7 * MINUTE), { now: clockAt('18:03') });
    expect(await screen.findByRole('button', { name: '早退打卡' })).toBeEnabled();
    expect(nowLine()).toHaveTextContent('17:56');
  });

  it("早退打卡 becomes 下班打卡 on DingTalk's minute, not this computer's", async () => {
    // 17:59:20 here, DingTalk 30 s ahead (17:59:50): 18:00 there in 10 s.
    renderApp(atWork(30_000), withTimers(clockAt('17:59', '20')));
    await settle();
    expect(screen.getByRole('button', { name: '早退打卡' })).toBeEnabled();
    act(() => vi.advanceTimersByTime(10_000));
    expect(screen.getByRole('button', { name: '下班打卡' })).toBeEnabled();
    expect(nowLine()).toHaveTextContent('18:00');
  });
});
