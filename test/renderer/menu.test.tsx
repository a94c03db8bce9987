// @vitest-environment happy-dom
/** The header's "…" menu (WAI-ARIA menu button), About and the in-app user guide. */
import '@testing-library/jest-dom/vitest';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { guideHtml } from '../../renderer/src/views/guide/GuideView';
import { fixtures, serverSnapshot, settings, snapshot } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

async function openMenu(s: Snapshot = fixtures.beforeWork) {
  const app = renderApp(s);
  const button = await screen.findByRole('button', { name: '更多' });
  expect(button).toHaveAttribute('aria-haspopup', 'menu');
  expect(button).toHaveAttribute('aria-expanded', 'false');
  await app.user.click(button);
  await screen.findByRole('menu');
  return { ...app, button };
}

const items = () => screen.getAllByRole('menuitem').map((item) => item.textContent);

describe('the header menu', () => {
  it('lists settings, the doctor, history, about, help and quit, focus on the first', async () => {
    const { button } = await openMenu();
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('menu')).toHaveAccessibleName('更多');
    expect(items()).toEqual(['设置', '诊断', '考勤记录', '关于 Daka', '使用帮助', '退出 Daka']);
    expect(screen.getByRole('menuitem', { name: '设置' })).toHaveFocus();
  });

  it('moves with the arrow keys, wraps, and Escape gives focus back without hiding the popup', async () => {
    const { user, button, mock } = await openMenu();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('menuitem', { name: '退出 Daka' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: '设置' })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('menuitem', { name: '退出 Daka' })).toHaveFocus();
    await user.keyboard('{Home}{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: '诊断' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
    expect(mock.requests('hidePopup')).toHaveLength(0);
  });

  it('opens with Enter on its first item, and closes on a click elsewhere', async () => {
    const app = renderApp(fixtures.beforeWork);
    const button = await screen.findByRole('button', { name: '更多' });
    button.focus();
    await app.user.keyboard('{Enter}');
    expect(await screen.findByRole('menuitem', { name: '设置' })).toHaveFocus();
    await app.user.click(screen.getByRole('heading', { level: 2, name: '今日打卡' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('opens the view it names, and Quit asks main to quit', async () => {
    const { user, mock } = await openMenu();
    await user.click(screen.getByRole('menuitem', { name: '诊断' }));
    expect(await screen.findByRole('heading', { level: 1, name: '诊断' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: '返回' }));
    await user.click(await screen.findByRole('button', { name: '更多' }));
    await user.click(await screen.findByRole('menuitem', { name: '退出 Daka' }));
    expect(mock.requests('quit')).toHaveLength(1);
  });
});

describe('About', () => {
  async function openAbout(s: Snapshot) {
    const app = await openMenu(s);
    await app.user.click(screen.getByRole('menuitem', { name: '关于 Daka' }));
    await screen.findByRole('heading', { level: 1, name: '关于 Daka' });
    return app;
  }

  it('shows the version, the update feed and state, and this month’s calls', async () => {
    await openAbout(fixtures.beforeWork);
    expect(screen.getByText('Daka 0.1.0')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('已是最新版本');
    expect(screen.getByText('https://updates.example.com/daka/')).toBeVisible();
    expect(screen.getByText('这个地址是安装包自带的。')).toBeVisible();
    expect(screen.getByText('2026-11 本机已用 37 次计数调用，上限 120 次')).toBeVisible();
    expect(screen.getByText('全部请求 58 次，其中获取令牌 6 次（不计数）')).toBeVisible();
  });

  it('checks for updates on request and shows the state main reports', async () => {
    const found = snapshot({
      updates: {
        feed: 'https://updates.example.com/daka/',
        source: 'provisioning',
        reason: null,
        state: 'downloaded',
        version: '0.2.0',
      },
    });
    const { user, mock } = await openAbout(fixtures.beforeWork);
    mock.reply('checkForUpdates', ok(found));
    await user.click(screen.getByRole('button', { name: '检查更新' }));
    expect(mock.requests('checkForUpdates')).toHaveLength(1);
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        '新版本 0.2.0 已下载，退出 Daka 时自动安装',
      ),
    );
    expect(screen.getByText('这个地址来自公司的配置文件。')).toBeVisible();
  });

  it('says why updates are off, without a check button to press', async () => {
    await openAbout(
      snapshot({
        updates: { feed: null, source: 'none', reason: 'development', state: 'off', version: null },
      }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('自动更新已关闭');
    expect(screen.getByText('这是开发版本，不会自动更新。')).toBeVisible();
    expect(screen.getByRole('button', { name: '检查更新' })).toBeDisabled();
  });

  it('in company server mode says the server makes the calls, with no count of its own', async () => {
    await openAbout(serverSnapshot());
    expect(screen.getByText(/由公司服务器调用钉钉并统计次数/)).toBeVisible();
    expect(screen.queryByText(/本机已用/)).toBeNull();
  });

  it('in English', async () => {
    const app = renderApp(snapshot({ settings: settings({ ui: { language: 'en' } }) }));
    await app.user.click(await screen.findByRole('button', { name: 'More' }));
    await app.user.click(await screen.findByRole('menuitem', { name: 'About Daka' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'About Daka' })).toBeVisible();
    expect(screen.getByText('2026-11: 37 counted calls by this computer, cap 120')).toBeVisible();
  });
});

describe('the user guide', () => {
  it('opens from the menu in the chosen language', async () => {
    const { user } = await openMenu(snapshot({ settings: settings({ ui: { language: 'en' } }) }));
    await user.click(screen.getByRole('menuitem', { name: 'User guide' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'User guide' })).toHaveFocus();
    expect(await screen.findByRole('heading', { level: 2, name: 'Daka user guide' })).toBeVisible();
  });

  it('shows the other language’s guide in place when its link is followed', async () => {
    const { user } = await openMenu();
    await user.click(screen.getByRole('menuitem', { name: '使用帮助' }));
    await user.click(await screen.findByRole('link', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Daka user guide' })).toBeVisible();
  });

  it('renders the markdown one heading level below the view’s own title, with no inline style', () => {
    const html = guideHtml('# Title\n\n## Part\n\nText with `code`.\n');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<h3>Part</h3>');
    expect(html).not.toMatch(/style=|<script/);
  });
});

describe('setup', () => {
  it('names its steps on screen, not only by number, and marks the current one', async () => {
    renderApp(fixtures.unconfigured);
    const steps = await screen.findByRole('list', { name: '设置步骤' });
    const items = [...steps.querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).toEqual(['1连接', '2身份', '3检测']);
    expect(screen.getByText('连接')).toBeVisible();
    expect(screen.getByText('连接').closest('li')).toHaveAttribute('aria-current', 'step');
  });
});
