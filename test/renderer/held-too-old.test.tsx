// @vitest-environment happy-dom
/**
 * Company server mode, a punch that waited offline past the administrator's max age: the
 * server refused it (punchTooOld) and main names it offline too long. The popup says so and
 * shows the server's reason with its fix (punch again now, or 补卡): Send now would only be
 * refused again. zh-CN and en.
 */
import '@testing-library/jest-dom/vitest';
import { waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { outboxEntry, serverSnapshot, withUi } from './fixtures';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const primary = () => document.querySelector('section.primary') as HTMLElement;
const tooOld = serverSnapshot({
  outbox: [
    outboxEntry({
      state: 'held',
      held: 'offline',
      attempts: 2,
      lastError: { code: 'punchTooOld', message: 'too old', detail: { limit: 15 } },
    }),
  ],
});

describe('held by the server as too old', () => {
  it('zh-CN: offline too long, and the server’s reason with its fix', async () => {
    renderApp(tooOld);
    await waitFor(() => expect(primary()).not.toBeNull());
    await within(primary()).findByText(/离线时间太长/);
    await within(primary()).findByText(/公司服务器不再接受当时的时间/);
    expect(primary()).toHaveTextContent('请现在重新打卡，或在钉钉里提交补卡申请');
  });

  it('en: offline too long, and the server’s reason with its fix', async () => {
    renderApp(withUi(tooOld, { language: 'en' }));
    await waitFor(() => expect(primary()).not.toBeNull());
    await within(primary()).findByText(/Offline for too long/);
    await within(primary()).findByText(/waited offline too long for the company server/);
    expect(primary()).toHaveTextContent('Punch again now, or ask for a make-up punch');
  });
});
