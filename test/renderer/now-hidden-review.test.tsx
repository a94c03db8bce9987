// @vitest-environment happy-dom
/**
 * Review of #11 "Now": Today's minute clock sleeps while the popup is hidden (the popup
 * is rendered hidden all day: a tick per minute re-rendered Today for nobody), and reads
 * the clock at once when it shows again, ticking on the minute from there.
 */
import '@testing-library/jest-dom/vitest';
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtures } from './fixtures';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const nowLine = () => document.querySelector('.primary .now') as HTMLElement;
const clockAt = (hhmm: string, seconds = '00') => `2026-11-27T${hhmm}:${seconds}+08:00`;

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
});

describe('Today’s minute clock while the popup is hidden', () => {
  it('stops ticking when hidden and starts again, on time, when shown', async () => {
    const now = clockAt('16:35', '30');
    renderApp(fixtures.atWork, {
      now,
      setup: () => {
        vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
        vi.setSystemTime(Date.parse(now));
      },
    });
    for (let i = 0; i < 5; i++) await act(() => Promise.resolve());
    expect(nowLine()).toHaveTextContent('16:35');
    expect(vi.getTimerCount()).toBe(1);

    act(() => setVisibility('hidden'));
    // The tick already set fires once (hidden), then none follows.
    act(() => vi.advanceTimersByTime(30_000));
    act(() => vi.advanceTimersByTime(10 * 60_000));
    expect(vi.getTimerCount()).toBe(0);

    act(() => setVisibility('visible'));
    expect(nowLine()).toHaveTextContent('16:46');
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(60_000));
    expect(nowLine()).toHaveTextContent('16:47');
  });
});
