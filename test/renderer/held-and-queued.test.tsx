// @vitest-environment happy-dom
/**
 * Issue #10 items 14-16 in the popup, zh-CN and en: a held punch names its real cause
 * and what the employee can do now, with a way to the doctor; a Send now that did not
 * send says so and why; offline before today loaded still offers the punch and says
 * the error once; a queued punch shows in the timeline as 待上传 / waiting to send.
 */
import '@testing-library/jest-dom/vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { fixtures, outcomes, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const primary = () => document.querySelector('section.primary') as HTMLElement;
/** The popup has rendered Today (its strings load asynchronously). */
const shown = () => waitFor(() => expect(primary()).not.toBeNull());
const en = (s: Snapshot) => withUi(s, { language: 'en' });

const heldAgain = {
  outcome: 'held',
  type: 'OnDuty',
  at: '2026-11-27T08:57:00+08:00',
  intentId: 'intent-0001',
  reason: {
    code: 'ipNotWhitelisted',
    message: 'ip not in whitelist',
    detail: { ip: '203.0.113.7' },
  },
} as const;

describe('a held punch names its cause (item 14)', () => {
  it('zh-CN: the IP whitelist, the office network or VPN, the DingTalk app, the doctor', async () => {
    const { user } = renderApp(fixtures.heldNetwork);
    await shown();
    const panel = await within(primary()).findByText(/已暂存：连上公司网络或 VPN/);
    expect(panel).toHaveTextContent('或在钉钉 App 里打卡');
    // The error's text is a lazy chunk: the notice fills in once it is there.
    await within(primary()).findByText('公司的 IP 白名单不包含出口 IP 203.0.113.7');
    expect(primary()).toHaveTextContent('公司的 IP 白名单不包含出口 IP 203.0.113.7');
    expect(primary()).toHaveTextContent(
      '请管理员在钉钉开发者后台把 203.0.113.7 加入应用的 IP 白名单',
    );
    expect(primary()).not.toHaveTextContent('离线时间太长');
    await user.click(within(primary()).getByRole('button', { name: '打开诊断' }));
    expect(await screen.findByRole('heading', { level: 1, name: /诊断/ })).toBeInTheDocument();
  });

  it('en: quota used up, punch in the DingTalk app', async () => {
    renderApp(en(fixtures.heldDingTalk));
    await shown();
    expect(
      await within(primary()).findByText(/Held: DingTalk does not take punches from Daka now/),
    ).toBeInTheDocument();
    expect(primary()).not.toHaveTextContent('Offline for too long');
    expect(
      await within(primary()).findByRole('button', { name: 'Open the doctor' }),
    ).toBeInTheDocument();
  });

  it('zh-CN: a Send now that did not send says so, and why', async () => {
    const { mock, user } = renderApp(fixtures.heldNetwork);
    await shown();
    mock.reply('outboxSend', ok(heldAgain));
    await user.click(await within(primary()).findByRole('button', { name: '立即发送' }));
    const alert = await within(primary()).findByRole('alert');
    expect(alert).toHaveTextContent('没有发出');
    await within(primary()).findByText('公司的 IP 白名单不包含出口 IP 203.0.113.7');
  });

  it('en: a Send now that did not send says so; one that did, does not', async () => {
    const { mock, user } = renderApp(en(fixtures.held));
    await shown();
    mock.reply('outboxSend', ok({ ...outcomes.queued, intentId: 'intent-0001' }));
    await user.click(await within(primary()).findByRole('button', { name: 'Send now' }));
    expect(await within(primary()).findByRole('alert')).toHaveTextContent('Not sent');
    expect(await within(primary()).findByText('Cannot reach DingTalk')).toBeInTheDocument();

    mock.reply('outboxSend', ok({ ...outcomes.punchedOnDuty, intentId: 'intent-0001' }));
    await user.click(within(primary()).getByRole('button', { name: 'Send now' }));
    // The snapshot has not caught up yet: the entry still waits, but nothing says "not sent".
    await expect.poll(() => mock.requests('outboxSend').length).toBe(2);
    expect(within(primary()).queryByRole('alert')).toBeNull();
  });
});

describe('offline before today loaded (item 15)', () => {
  it('zh-CN: offers the punch, and says the error once', async () => {
    const { mock, user } = renderApp(fixtures.offlineNoDay);
    await shown();
    const button = await within(primary()).findByRole('button', { name: '上班打卡' });
    expect(await screen.findAllByText('连不上钉钉')).toHaveLength(1);
    mock.reply('punch', ok(outcomes.queued));
    await user.click(button);
    expect(mock.requests('punch')).toEqual([{ confirm: false }]);
    expect(await screen.findByText('还没发到钉钉，联网后会自动补发')).toBeInTheDocument();
  });

  it('en: offers the punch', async () => {
    renderApp(en(fixtures.offlineNoDay));
    await shown();
    expect(await within(primary()).findByRole('button', { name: 'Clock in' })).toBeEnabled();
    expect(await screen.findAllByText('Cannot reach DingTalk')).toHaveLength(1);
  });

  it('a queued punch and the background error say "offline" once, not twice', async () => {
    renderApp({
      ...fixtures.queuedInTimeline,
      lastError: { code: 'networkDown', message: 'fetch failed' },
    });
    await shown();
    await within(primary()).findByText('还没发到钉钉，联网后会自动补发');
    expect(await screen.findAllByText('连不上钉钉')).toHaveLength(1);
  });
});

describe('a queued punch in the timeline (item 16)', () => {
  it('zh-CN: 待上传 with its time', async () => {
    renderApp(fixtures.queuedInTimeline);
    await shown();
    const row = (
      await within(await screen.findByRole('list', { name: '今日打卡' })).findAllByRole('listitem')
    )[0] as HTMLElement;
    expect(row).toHaveTextContent('08:57');
    expect(within(row).getByText('待上传')).toHaveClass('badge');
    expect(row).not.toHaveTextContent('未打卡');
  });

  it('en: waiting to send', async () => {
    renderApp(en(fixtures.queuedInTimeline));
    await shown();
    const list = await screen.findByRole('list', { name: 'Today’s punches' });
    expect(within(list).getByText('Waiting to send')).toHaveClass('badge');
  });
});
