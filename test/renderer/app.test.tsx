// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { currentView } from '../../renderer/src/App';
import { fixtures, outcomes, withUi } from './fixtures';
import { ok, type Held } from './mock-bridge';
import { renderApp } from './render';

const h1 = (name: string) => screen.findByRole('heading', { level: 1, name });

describe('the popup shell', () => {
  it('follows pushed snapshots', async () => {
    const { mock } = renderApp(fixtures.beforeWork);
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
    act(() => mock.emit('snapshot', fixtures.atWork));
    // Still 08:30 on the popup's clock: the clock-out now is an early one.
    expect(await screen.findByRole('button', { name: '早退打卡' })).toBeInTheDocument();
  });

  it('lets a pushed snapshot win over a slower getSnapshot reply', async () => {
    let held!: Held<'getSnapshot'>;
    const { mock } = renderApp(null, { setup: (m) => (held = m.hold('getSnapshot')) });
    await held.called;
    act(() => mock.emit('snapshot', fixtures.atWork));
    await act(async () => held.release(ok(fixtures.beforeWork)));
    expect(await screen.findByRole('button', { name: '早退打卡' })).toBeInTheDocument();
  });

  it('switches views when main asks (tray menu)', async () => {
    const { mock } = renderApp(fixtures.beforeWork);
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('navigate', { view: 'settings' }));
    expect(await h1('设置')).toBeInTheDocument();
    act(() => mock.emit('navigate', { view: 'doctor' }));
    expect(await h1('诊断')).toBeInTheDocument();
    act(() => mock.emit('navigate', { view: 'today' }));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
  });

  it('moves focus to the heading of a view that opens', async () => {
    const { mock } = renderApp(fixtures.beforeWork);
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('navigate', { view: 'settings' }));
    const heading = await h1('设置');
    // Focus moves in an effect after the lazy view mounts: wait for it, not for a fixed tick.
    await waitFor(() => expect(heading).toHaveFocus());
  });

  it('closes the popup on Escape from the home view', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    await screen.findByRole('button', { name: '上班打卡' });
    await user.keyboard('{Escape}');
    expect(mock.requests('hidePopup')).toHaveLength(1);
  });

  it('goes back on Escape from a sub-view instead of closing', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    await user.click(await screen.findByRole('button', { name: '更多' }));
    await user.click(await screen.findByRole('menuitem', { name: '设置' }));
    await h1('设置');
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
    expect(mock.requests('hidePopup')).toHaveLength(0);
  });

  it('lets Escape cancel an open confirmation without leaving the view', async () => {
    const { mock, user } = renderApp(fixtures.held);
    await user.click(await screen.findByRole('button', { name: '丢弃' }));
    expect(screen.getByRole('button', { name: '取消' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: '丢弃' })).toBeInTheDocument();
    expect(mock.requests('hidePopup')).toHaveLength(0);
  });

  it('starts in setup when nothing is configured, and stays there', async () => {
    const { mock } = renderApp(fixtures.unconfigured);
    expect(await h1('连接钉钉')).toBeInTheDocument();
    act(() => mock.emit('navigate', { view: 'settings' }));
    expect(await h1('连接钉钉')).toBeInTheDocument();
  });

  it('goes to setup when the credentials are forgotten elsewhere', async () => {
    const { mock } = renderApp(fixtures.beforeWork);
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('snapshot', fixtures.unconfigured));
    expect(await h1('连接钉钉')).toBeInTheDocument();
  });

  it('keeps a dropped file from navigating the popup away', async () => {
    renderApp(fixtures.beforeWork);
    await screen.findByRole('button', { name: '上班打卡' });
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    window.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
  });

  it('decides views from the snapshot: sub-views need one, setup comes first', () => {
    expect(currentView('settings', null)).toBe('today');
    expect(currentView('doctor', null)).toBe('doctor');
    expect(currentView('today', fixtures.unconfigured)).toBe('onboarding');
    expect(currentView('doctor', fixtures.needsIdentity)).toBe('doctor');
    expect(currentView('settings', fixtures.beforeWork)).toBe('settings');
  });
});

describe('language and theme', () => {
  it('speaks English when the settings say so', async () => {
    renderApp(withUi(fixtures.beforeWork, { language: 'en' }));
    expect(await screen.findByRole('button', { name: 'Clock in' })).toBeInTheDocument();
    expect(screen.getByText('Planned 09:00')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });

  it('follows the system language: any Chinese locale is zh-CN, anything else English', async () => {
    const { unmount } = renderApp(withUi(fixtures.beforeWork, { language: 'system' }), {
      systemLocale: 'zh-TW',
    });
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
    unmount();
    renderApp(withUi(fixtures.beforeWork, { language: 'system' }), { systemLocale: 'de-DE' });
    expect(await screen.findByRole('button', { name: 'Clock in' })).toBeInTheDocument();
  });

  it('switches language live when the setting changes', async () => {
    const { mock } = renderApp(fixtures.beforeWork);
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('snapshot', withUi(fixtures.beforeWork, { language: 'en' })));
    expect(await screen.findByRole('button', { name: 'Clock in' })).toBeInTheDocument();
  });

  it('applies the theme setting to the document', async () => {
    const { mock } = renderApp(withUi(fixtures.beforeWork, { theme: 'dark' }));
    await screen.findByRole('button', { name: '上班打卡' });
    expect(document.documentElement.dataset.theme).toBe('dark');
    act(() => mock.emit('snapshot', withUi(fixtures.beforeWork, { theme: 'system' })));
    expect(document.documentElement.dataset.theme).toBe('system');
  });

  it('keeps the keyboard in charge: the punch button is reachable with Tab and Enter', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', ok(outcomes.punchedOnDuty));
    const button = await screen.findByRole('button', { name: '上班打卡' });
    // The header's "…" menu comes first, in reading order.
    await user.tab();
    expect(screen.getByRole('button', { name: '更多' })).toHaveFocus();
    await user.tab();
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(mock.requests('punch')).toEqual([{ confirm: false }]);
  });
});
