import { describe, expect, it } from 'vitest';
import { startServerLogin } from '../../main/company/login';
import { challengeOf } from '../../main/company/pkce';
import type { ServerSession } from '../../main/company/session';
import type { TokenReply } from '../../shared/server-api';

describe('sign-in through the company server', () => {
  it('uses PKCE (S256): the loopback code is traded with the verifier whose hash the browser saw', async () => {
    let opened = '';
    const sent: Record<string, unknown>[] = [];
    const session = {
      requestTokens: (request: Record<string, unknown>) => {
        sent.push(request);
        return Promise.resolve({} as TokenReply);
      },
    } as unknown as ServerSession;
    const flow = await startServerLogin({
      server: 'https://daka.example',
      session,
      device: { name: 'test', platform: 'linux', version: 'dev' } as never,
      openUrl: (url) => {
        opened = url;
        return Promise.resolve();
      },
      timeoutMs: 5000,
    });
    const login = new URL(opened);
    expect(login.searchParams.get('code_challenge_method')).toBe('S256');
    const redirect = login.searchParams.get('redirect_uri') ?? '';
    const state = login.searchParams.get('state') ?? '';
    await fetch(`${redirect}?code=one-time&state=${state}`);
    await flow.tokens;
    expect(sent[0]).toMatchObject({ grant_type: 'authorization_code', code: 'one-time' });
    expect(challengeOf(String(sent[0]?.code_verifier))).toBe(
      login.searchParams.get('code_challenge'),
    );
  });
});
