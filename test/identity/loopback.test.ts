import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startLoopbackLogin } from '../../main/identity/loopback';

const authorizeUrl = (redirectUri: string, state: string) =>
  `https://login.example/oauth2/auth?redirect_uri=${encodeURIComponent(redirectUri)}&state=${state}`;

function parts(url: string) {
  const u = new URL(url);
  return {
    redirect: u.searchParams.get('redirect_uri') ?? '',
    state: u.searchParams.get('state') ?? '',
  };
}

describe('loopback login receiver', () => {
  it('listens on 127.0.0.1 with a random port and hands back the code once', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 5000 });
    const { redirect, state } = parts(login.url);
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    const page = await fetch(`${redirect}?code=abc&authCode=abc&state=${state}`);
    expect(page.status).toBe(200);
    await expect(login.code).resolves.toBe('abc');
    // Single use: the server is gone.
    await expect(fetch(`${redirect}?code=again&state=${state}`)).rejects.toThrow();
  });

  it('ignores other paths and stray replies with the wrong state: the login goes on', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 5000 });
    const { redirect, state } = parts(login.url);
    const origin = new URL(redirect).origin;
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${redirect}?code=abc&state=forged`)).status).toBe(400);
    expect((await fetch(`${redirect}?error=access_denied&state=forged`)).status).toBe(400);
    expect((await fetch(`${redirect}?code=abc`)).status).toBe(400);
    // The genuine reply still lands.
    expect((await fetch(`${redirect}?code=real&state=${state}`)).status).toBe(200);
    await expect(login.code).resolves.toBe('real');
  });

  it('ignores a request whose Host is not the loopback address (DNS rebinding)', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 5000 });
    const { redirect, state } = parts(login.url);
    const target = new URL(redirect);
    const status = await new Promise<number>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port: target.port,
          path: `/callback?code=evil&state=${state}`,
          headers: { host: `rebind.example:${target.port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(400);
    expect((await fetch(`${redirect}?code=real&state=${state}`)).status).toBe(200);
    await expect(login.code).resolves.toBe('real');
  });

  it('surfaces the company server’s error code from error_description', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 5000 });
    const { redirect, state } = parts(login.url);
    await fetch(`${redirect}?error=server_error&error_description=forbidden&state=${state}`);
    await expect(login.code).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('an unknown error_description is a plain denial', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 5000 });
    const { redirect, state } = parts(login.url);
    await fetch(`${redirect}?error=server_error&error_description=toString&state=${state}`);
    await expect(login.code).rejects.toMatchObject({ code: 'loginDenied' });
  });

  it('gives up after the timeout', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 50 });
    await expect(login.code).rejects.toMatchObject({ code: 'loginTimeout' });
  });

  it('reports a denial from DingTalk', async () => {
    const login = await startLoopbackLogin({ authorizeUrl, timeoutMs: 5000 });
    const { redirect, state } = parts(login.url);
    await fetch(`${redirect}?error=access_denied&state=${state}`);
    await expect(login.code).rejects.toMatchObject({ code: 'loginDenied' });
  });
});
