// @vitest-environment happy-dom
/**
 * Company server mode, a punch the server refused as ahead of its clock (punchInFuture):
 * main names the cause 'clock'. The popup says this computer's clock is fast and to turn on
 * automatic time, not that DingTalk refuses Daka; the server's reason and fix follow. zh-CN, en.
 */
import '@testing-library/jest-dom/vitest';
import { waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { outboxEntry, serverSnapshot, withUi } from './fixtures';
import { renderApp } from './render';

const primary = () => document.querySelector('section.primary') as HTMLElement;
const ahead = serverSnapshot({
  outbox: [
    outboxEntry({
      state: 'held',
      held: 'clock',
      attempts: 1,
      lastError: { code: 'punchInFuture', message: 'ahead', detail: { limit: 10 } },
    }),
  ],
});

describe('held by the server because this computer’s clock is ahead', () => {
  it('zh-CN: says the clock is fast, not that DingTalk refuses Daka', async () => {
    renderApp(ahead);
    await waitFor(() => expect(primary()).not.toBeNull());
    await within(primary()).findByText(/你的电脑时间比服务器快，请打开自动对时/);
    await within(primary()).findByText(/这台电脑的时间比公司服务器快太多/);
    expect(primary()).not.toHaveTextContent('钉钉现在不接受 Daka 的打卡');
  });

  it('en: the same in English', async () => {
    renderApp(withUi(ahead, { language: 'en' }));
    await waitFor(() => expect(primary()).not.toBeNull());
    await within(primary()).findByText(
      /this computer’s clock is ahead of the server’s; turn on automatic time/,
    );
    expect(primary()).not.toHaveTextContent('DingTalk does not take punches from Daka');
  });
});
