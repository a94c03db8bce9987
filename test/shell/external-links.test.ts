import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppUrl } from '../../main/shell/app-url';
import { createExternalOpener, isAllowedExternalUrl } from '../../main/shell/external-links';
import { createFakeElectron } from '../fakes/electron';

const allow = {
  loginBase: 'https://login.dingtalk.com',
  docsUrl: 'https://daka.example.org/docs/',
};

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://login.dingtalk.com/oauth2/auth?client_id=x&state=y', true],
    ['https://daka.example.org/docs/', true],
    ['https://daka.example.org/docs/#reminders', true],
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
    expect(isAllowedExternalUrl('http://127.0.0.1:48123/login/oauth2/auth?state=1', sim)).toBe(
      true,
    );
    expect(isAllowedExternalUrl('http://127.0.0.1:48124/login/oauth2/auth', sim)).toBe(false);
    const plainHttp = { ...allow, loginBase: 'http://login.example.com' };
    expect(isAllowedExternalUrl('http://login.example.com/oauth2/auth', plainHttp)).toBe(false);
  });
});

describe('createExternalOpener', () => {
  it('opens allowed URLs and refuses the rest as invalidInput', async () => {
    const { shell } = createFakeElectron();
    const open = createExternalOpener({ shell, allow: () => allow });
    await open('https://login.dingtalk.com/oauth2/auth?state=1');
    await expect(open('https://evil.example/')).rejects.toMatchObject({
      code: 'invalidInput',
      detail: { field: 'url' },
    });
    expect(shell.opened).toEqual(['https://login.dingtalk.com/oauth2/auth?state=1']);
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
