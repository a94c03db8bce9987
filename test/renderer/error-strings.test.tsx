// @vitest-environment happy-dom
/**
 * Error strings are a part of their own (zh-CN.errors / en.errors), loaded the
 * first time an error is on screen, or with the sub-views. Until they are
 * there a notice is an empty, busy live region: never a raw key, never a
 * blank flash of another language.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UiLanguage } from '../../shared/i18n/core';
import type { MessagePart } from '../../shared/i18n/types';
import type { LoadMessages } from '../../renderer/src/i18n';
import { fixtures, withUi } from './fixtures';
import { fail } from './mock-bridge';
import { loadMessages, renderApp } from './render';

const ZH = {
  message: '公司的 IP 白名单不包含出口 IP 203.0.113.7',
  fix: '请管理员在钉钉开发者后台把 203.0.113.7 加入应用的 IP 白名单',
};
const EN = {
  message: 'The company’s IP whitelist does not include the public IP 203.0.113.7',
  fix: 'Ask your administrator to add 203.0.113.7 to the app’s IP whitelist in the DingTalk developer console',
};

/** A loader whose error strings wait until `open(language)`; it records every request. */
function gatedErrors() {
  const requests: string[] = [];
  const gates = new Map<UiLanguage, { promise: Promise<void>; open: () => void }>();
  const gate = (language: UiLanguage) => {
    let entry = gates.get(language);
    if (!entry) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      entry = { promise, open };
      gates.set(language, entry);
    }
    return entry;
  };
  const load: LoadMessages = (language, part: MessagePart) => {
    requests.push(`${language} ${part}`);
    if (part !== 'errors') return loadMessages(language, part);
    return gate(language).promise.then(() => loadMessages(language, part));
  };
  const open = (language: UiLanguage) => act(() => gate(language).open());
  return { load, open, requests };
}

const notice = () => document.querySelector('.notice') as HTMLElement | null;
const noRawKey = () => expect(document.body).not.toHaveTextContent(/\berror\.\w+\.(message|fix)/);

describe.each([
  ['zh-CN', fixtures.backgroundError, ZH, '刷新', '打开诊断'],
  ['en', withUi(fixtures.backgroundError, { language: 'en' }), EN, 'Refresh', 'Open the doctor'],
] as const)('%s: an error on Today', (language, snapshot, text, refresh, doctor) => {
  it('is a busy, empty notice until the error strings load, then the message and the fix', async () => {
    const strings = gatedErrors();
    renderApp(snapshot, { loadMessages: strings.load });
    expect(await screen.findByRole('button', { name: refresh })).toBeInTheDocument();
    await waitFor(() => expect(strings.requests).toContain(`${language} errors`));
    const busy = screen.getByRole('alert');
    expect(busy).toHaveAttribute('aria-busy', 'true');
    expect(busy).toBeEmptyDOMElement();
    noRawKey();

    strings.open(language);
    const alert = await screen.findByRole('alert', { busy: false });
    expect(within(alert).getByText(text.message)).toBeInTheDocument();
    // Today's background notice is brief (the fix stays in the doctor); a failed punch shows it.
    expect(within(alert).getByRole('button', { name: doctor })).toBeInTheDocument();
    noRawKey();
  });

  it('shows the fix of a failed punch once the strings are there', async () => {
    const strings = gatedErrors();
    const ready = withUi(fixtures.beforeWork, { language });
    const { mock, user } = renderApp(ready, { loadMessages: strings.load });
    const clockIn = language === 'zh-CN' ? '上班打卡' : 'Clock in';
    mock.reply('punch', fail('ipNotWhitelisted', { ip: '203.0.113.7' }));
    await user.click(await screen.findByRole('button', { name: clockIn }));
    expect(await screen.findByRole('alert')).toHaveAttribute('aria-busy', 'true');
    noRawKey();
    strings.open(language);
    const alert = await screen.findByRole('alert', { busy: false });
    expect(alert).toHaveTextContent(text.message);
    expect(alert).toHaveTextContent(text.fix);
    noRawKey();
  });
});

describe('loading the error strings', () => {
  it('does not load them at start when no error is shown; a failed punch does', async () => {
    const strings = gatedErrors();
    const { mock, user } = renderApp(fixtures.beforeWork, { loadMessages: strings.load });
    const button = await screen.findByRole('button', { name: '上班打卡' });
    expect(strings.requests).toEqual(['zh-CN home']);
    mock.reply('punch', fail('timeout'));
    await user.click(button);
    await waitFor(() => expect(strings.requests).toContain('zh-CN errors'));
    strings.open('zh-CN');
    expect(await screen.findByText('钉钉响应超时')).toBeInTheDocument();
  });

  it('loads them with the sub-views, which show only once both are there', async () => {
    const strings = gatedErrors();
    const { mock } = renderApp(fixtures.beforeWork, { loadMessages: strings.load });
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('navigate', { view: 'settings' }));
    await waitFor(() => expect(strings.requests).toContain('zh-CN views'));
    expect(strings.requests).toContain('zh-CN errors');
    expect(screen.queryByRole('heading', { level: 1, name: '设置' })).not.toBeInTheDocument();
    strings.open('zh-CN');
    expect(await screen.findByRole('heading', { level: 1, name: '设置' })).toBeInTheDocument();
  });

  it('switches language with an error on screen: the old text stays until the new one is there', async () => {
    const strings = gatedErrors();
    const { mock } = renderApp(fixtures.backgroundError, { loadMessages: strings.load });
    strings.open('zh-CN');
    expect(await screen.findByText(ZH.message)).toBeInTheDocument();

    act(() => mock.emit('snapshot', withUi(fixtures.backgroundError, { language: 'en' })));
    await waitFor(() => expect(strings.requests).toContain('en errors'));
    // English home strings are there, English error strings are not: nothing switches yet.
    expect(screen.getByText(ZH.message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '刷新' })).toBeInTheDocument();
    expect(notice()).not.toHaveAttribute('aria-busy');
    noRawKey();

    strings.open('en');
    expect(await screen.findByText(EN.message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeInTheDocument();
    expect(screen.queryByText(ZH.message)).not.toBeInTheDocument();
    noRawKey();
  });
});
