// @vitest-environment happy-dom
/**
 * Typed credentials (issue #10 item 18): main's refusal of the save (one token call,
 * wrongCredentials naming the AppSecret field) is shown under that field, translated,
 * not as a general error; and from the sign-in step a plain way back to step 1 that
 * deletes nothing (no call to main). zh-CN and en.
 */
import '@testing-library/jest-dom/vitest';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtures, withUi } from './fixtures';
import { fail } from './mock-bridge';
import { renderApp } from './render';

const h1 = (name: string | RegExp) => screen.findByRole('heading', { level: 1, name });
const WRONG = fail('wrongCredentials', { field: 'appSecret', dingtalkCode: '40089' });

describe('typed credentials refused on save', () => {
  it('zh-CN: the reason under the AppSecret field', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    mock.reply('setCredentials', WRONG);
    await user.click(await screen.findByRole('button', { name: /^直连钉钉/ }));
    await user.type(await screen.findByLabelText('AppKey'), 'dingkey');
    await user.type(screen.getByLabelText('AppSecret'), 'wrong-secret');
    await user.click(screen.getByRole('button', { name: '保存并继续' }));
    const secret = screen.getByLabelText('AppSecret');
    await expect.poll(() => secret.getAttribute('aria-invalid')).toBe('true');
    const under = document.getElementById(secret.getAttribute('aria-describedby') ?? '');
    expect(under).toHaveTextContent('AppKey 或 AppSecret 不正确');
    expect(screen.getByLabelText('AppKey')).not.toHaveAttribute('aria-invalid');
    // Said once, at the field: no second notice for the whole step.
    expect(screen.getAllByText('AppKey 或 AppSecret 不正确')).toHaveLength(1);
    expect(document.body.textContent).not.toContain('wrong-secret');

    // Typing again clears it.
    await user.type(secret, 'x');
    expect(secret).not.toHaveAttribute('aria-invalid');
  });

  it('en: the reason under the AppSecret field', async () => {
    const { mock, user } = renderApp(withUi(fixtures.unconfigured, { language: 'en' }));
    mock.reply('setCredentials', WRONG);
    await user.click(await screen.findByRole('button', { name: /^Direct/ }));
    await user.type(await screen.findByLabelText('AppKey'), 'dingkey');
    await user.type(screen.getByLabelText('AppSecret'), 'wrong-secret');
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    const secret = screen.getByLabelText('AppSecret');
    await expect.poll(() => secret.getAttribute('aria-invalid')).toBe('true');
    const under = document.getElementById(secret.getAttribute('aria-describedby') ?? '');
    expect(under).toHaveTextContent('The AppKey or AppSecret is wrong');
  });
});

describe('back to step 1 from the sign-in (direct)', () => {
  it('zh-CN: back shows the credentials screen, deletes nothing, and comes back', async () => {
    const { mock, user } = renderApp(fixtures.needsIdentityBrowserOnly);
    await h1('确认你的身份');
    await user.click(screen.getByRole('button', { name: '返回' }));
    await h1('直连钉钉');
    expect(screen.getByLabelText('AppKey')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '返回' }));
    await h1('确认你的身份');
    expect(mock.calls.map((c) => c.channel).filter((c) => c !== 'getSnapshot')).toEqual([]);
  });

  it('en: back to step 1', async () => {
    renderApp(withUi(fixtures.needsIdentityBrowserOnly, { language: 'en' }));
    await h1('Who are you?');
    screen.getByRole('button', { name: 'Back' }).click();
    await h1('Direct to DingTalk');
  });
});
