// @vitest-environment happy-dom
/**
 * The timeline says how a punch of ours not in DingTalk yet stands, as main marks it
 * (CheckPoint.queued.state), in agreement with the panel above it (review of issue #10
 * items 13, 16), zh-CN and en: 待上传 only for one that goes by itself; a held one (it will
 * NOT be sent until the employee decides) 已暂存; in server mode one the company server has
 * and DingTalk has not confirmed 等待钉钉确认, as the panel says (not 未打卡).
 */
import '@testing-library/jest-dom/vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { fixtures, withUi } from './fixtures';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const en = (s: Snapshot) => withUi(s, { language: 'en' });

/** The first check point's row, once Today has rendered. */
async function firstRow(name: string): Promise<HTMLElement> {
  await waitFor(() => expect(document.querySelector('section.primary')).not.toBeNull());
  const list = await screen.findByRole('list', { name });
  return (await within(list).findAllByRole('listitem'))[0] as HTMLElement;
}

describe('a held punch in the timeline', () => {
  it('zh-CN: 已暂存 with its time, not 待上传', async () => {
    renderApp(fixtures.heldNetwork);
    const row = await firstRow('今日打卡');
    expect(row).toHaveTextContent('08:57');
    expect(within(row).getByText('已暂存')).toHaveClass('badge');
    expect(row).not.toHaveTextContent('待上传');
  });

  it('en: Held — not sent, not Waiting to send', async () => {
    renderApp(en(fixtures.heldDingTalk));
    const row = await firstRow('Today’s punches');
    expect(within(row).getByText('Held — not sent')).toHaveClass('badge');
    expect(row).not.toHaveTextContent('Waiting to send');
  });
});

describe('a punch that goes by itself', () => {
  it('zh-CN: 待上传', async () => {
    renderApp(fixtures.queuedInTimeline);
    expect(within(await firstRow('今日打卡')).getByText('待上传')).toHaveClass('badge');
  });

  it('en: Waiting to send', async () => {
    renderApp(en(fixtures.queuedInTimeline));
    expect(within(await firstRow('Today’s punches')).getByText('Waiting to send')).toHaveClass(
      'badge',
    );
  });
});

describe('server mode: accepted by the company server, not yet by DingTalk', () => {
  it('zh-CN: 等待钉钉确认 at the click time, as the panel says', async () => {
    renderApp(fixtures.serverAccepted);
    const row = await firstRow('今日打卡');
    expect(row).toHaveTextContent('08:58');
    expect(within(row).getByText('等待钉钉确认')).toHaveClass('badge');
    expect(row).not.toHaveTextContent('未打卡');
    expect(row).not.toHaveTextContent('待上传');
    expect(await screen.findByText('公司服务器已收到，等待钉钉确认…')).toBeInTheDocument();
  });

  it('en: Waiting for DingTalk', async () => {
    renderApp(en(fixtures.serverAccepted));
    const row = await firstRow('Today’s punches');
    expect(within(row).getByText('Waiting for DingTalk')).toHaveClass('badge');
    expect(row).not.toHaveTextContent('Not yet');
  });
});
