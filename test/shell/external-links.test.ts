import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppUrl } from '../../main/shell/app-url';
import {
  createExternalOpener,
  isAllowedExternalUrl,
  isOwnLoginUrl,
} from '../../main/shell/external-links';
import { serverLoginUrl } from '../../main/company/login';
import { authorizeUrl } from '../../main/dingtalk/oauth';
import { createFakeElectron } from '../fakes/electron';

const allow = {
  loginBase: 'https://login.dingtalk.com',
  clientId: 'x',
};
const REDIRECT = encodeURIComponent('http://127.0.0.1:50123/callback');

describe('isAllowedExternalUrl', () => {
  it.each([
    [`https://login.dingtalk.com/oauth2/auth?client_id=x&state=y&redirect_uri=${REDIRECT}`, true],
    // Another app's login page, or our app's with the code sent elsewhere.
    [`https://login.dingtalk.com/oauth2/auth?client_id=other&redirect_uri=${REDIRECT}`, false],
    ['https://login.dingtalk.com/oauth2/auth?client_id=x&state=y', false],
    [
      `https://login.dingtalk.com/oauth2/auth?client_id=x&redirect_uri=${encodeURIComponent('https://evil.example/callback')}`,
      false,
    ],
    [
      `https://login.dingtalk.com/oauth2/auth?client_id=x&redirect_uri=${encodeURIComponent('http://127.0.0.1:50123/elsewhere')}`,
      false,
    ],
    // No documentation page either: Help opens the in-app guide.
    ['https://daka.example.org/docs/', false],
    ['https://daka.example.org/docs/#reminders', false],
    ['http://login.dingtalk.com/oauth2/auth?client_id=x', false],
    ['https://login.dingtalk.com/oauth2/other', false],
    ['https://login.dingtalk.com.evil.test/oauth2/auth', false],
    ['https://user:pw@login.dingtalk.com/oauth2/auth', false],
    ['https://daka.example.org/docs/../admin', false],
    ['https://daka.example.org/elsewhere', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url, allow)).toBe(expected);
  });

  it('follows a configured login base, http only on loopback (the simulator)', () => {
    const sim = { ...allow, loginBase: 'http://127.0.0.1:48123/login' };
    const q = `?client_id=x&redirect_uri=${REDIRECT}`;
    expect(isAllowedExternalUrl(`http://127.0.0.1:48123/login/oauth2/auth${q}`, sim)).toBe(true);
    expect(isAllowedExternalUrl(`http://127.0.0.1:48124/login/oauth2/auth${q}`, sim)).toBe(false);
    const plainHttp = { ...allow, loginBase: 'http://login.example.com' };
    expect(isAllowedExternalUrl(`http://login.example.com/oauth2/auth${q}`, plainHttp)).toBe(false);
  });

  it('opens no DingTalk login page while no client id is configured', () => {
    const url = `https://login.dingtalk.com/oauth2/auth?client_id=x&redirect_uri=${REDIRECT}`;
    expect(isAllowedExternalUrl(url, { ...allow, clientId: null })).toBe(false);
  });
});

describe('isOwnLoginUrl', () => {
  const redirect = 'http://127.0.0.1:50123/callback';

  it('accepts the URL the DingTalk client builds for our app', () => {
    const config = { loginBase: 'https://login.dingtalk.com', appKey: 'dingAPP' } as never;
    const url = authorizeUrl(config, redirect, 'state1');
    expect(isOwnLoginUrl(url, { ...allow, clientId: 'dingAPP' })).toBe(true);
    expect(isOwnLoginUrl(url, { ...allow, clientId: 'dingOTHER' })).toBe(false);
  });

  it('in server mode accepts only the server’s sign-in page with PKCE and our redirect', () => {
    const server = 'https://daka.example.com/corp';
    const list = { ...allow, server };
    const url = serverLoginUrl(server, { redirectUri: redirect, state: 's', challenge: 'c' });
    expect(isOwnLoginUrl(url, list)).toBe(true);
    // Once a server is configured, DingTalk's page is not the login page any more.
    expect(
      isOwnLoginUrl(
        `https://login.dingtalk.com/oauth2/auth?client_id=x&redirect_uri=${REDIRECT}`,
        list,
      ),
    ).toBe(false);
    const elsewhere = serverLoginUrl('https://evil.example', {
      redirectUri: redirect,
      state: 's',
      challenge: 'c',
    });
    expect(isOwnLoginUrl(elsewhere, list)).toBe(false);
    expect(
      isOwnLoginUrl(url.replace('code_challenge_method=S256', 'code_challenge_method=plain'), list),
    ).toBe(false);
    expect(
      isOwnLoginUrl(
        `${server}/v1/auth/login?redirect_uri=${encodeURIComponent('https://evil.example/cb')}&code_challenge_method=S256`,
        list,
      ),
    ).toBe(false);
  });
});

describe('createExternalOpener', () => {
  it('opens allowed URLs and refuses the rest as invalidInput', async () => {
    const { shell } = createFakeElectron();
    const open = createExternalOpener({ shell, allow: () => allow });
    const login = `https://login.dingtalk.com/oauth2/auth?client_id=x&redirect_uri=${REDIRECT}`;
    await open(login);
    await expect(open('https://evil.example/')).rejects.toMatchObject({
      code: 'invalidInput',
      detail: { field: 'url' },
    });
    expect(shell.opened).toEqual([login]);
  });
});

describe('app URLs', () => {
  it('uses the dev server when given, else the packaged index.html as a file URL', () => {
    expect(resolveAppUrl({ devServerUrl: 'http://localhost:5173', rendererIndexPath: '/x' })).toBe(
      'http://localhost:5173/',
    );
    expect(
      resolveAppUrl({
        devServerUrl: undefined,
        rendererIndexPath: '/opt/Daka App/out/renderer/index.html',
      }),
    ).toBe('file:///opt/Daka%20App/out/renderer/index.html');
  });

  it('matches by parsed origin and path, never by string prefix', () => {
    expect(isAppUrl('http://localhost:5173/#/today', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5173@evil.test/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('file:///a/index.html?x=1', 'file:///a/index.html')).toBe(true);
    expect(isAppUrl('file:///a/index.html.evil', 'file:///a/index.html')).toBe(false);
  });
});
