import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { PATHS } from '../../../shared/server-api';
import { as, fakeApp, type Fakes, PUBLIC_URL } from './fakes';

let app: FastifyInstance;
let fakes: Fakes;
beforeEach(async () => {
  ({ app, fakes } = await fakeApp());
});
afterEach(async () => {
  await app.close();
});

/** Every /v1 route that acts for a signed-in employee, as [method, url, path, body]. */
const DATA_ROUTES = (): [string, string, string, object | undefined][] => {
  const intent = randomUUID();
  return [
    ['GET', PATHS.me, PATHS.me, undefined],
    ['GET', `${PATHS.schedule}?date=2026-11-24`, PATHS.schedule, undefined],
    ['GET', `${PATHS.records}?from=0&to=1`, PATHS.records, undefined],
    [
      'POST',
      PATHS.punches,
      PATHS.punches,
      { intentId: intent, clickedAt: 1, checkType: null, queuedOffline: false },
    ],
    ['GET', `${PATHS.punches}/${intent}`, `${PATHS.punches}/${intent}`, undefined],
    ['GET', PATHS.sessions, PATHS.sessions, undefined],
    ['DELETE', `${PATHS.sessions}/sess-A`, `${PATHS.sessions}/sess-A`, undefined],
    ['GET', PATHS.health, PATHS.health, undefined],
    ['GET', PATHS.events, PATHS.events, undefined],
    ['POST', PATHS.authLogout, PATHS.authLogout, undefined],
  ];
};

const send = (method: string, url: string, headers: Record<string, string>, body?: object) =>
  app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(body ? { payload: body } : {}),
  });

describe('authentication', () => {
  it('refuses every data route without a token (401 notSignedIn, WWW-Authenticate: DPoP)', async () => {
    for (const [method, url, , body] of DATA_ROUTES()) {
      const res = await send(method, url, {}, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('notSignedIn');
      expect(res.headers['www-authenticate']).toMatch(/^DPoP/);
    }
  });

  it('refuses a proof made for another URL or method (401 proofInvalid)', async () => {
    for (const [method, url, path, body] of DATA_ROUTES()) {
      const wrongMethod = method === 'GET' ? 'POST' : 'GET';
      const res = await send(method, url, as('A', path, wrongMethod), body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('proofInvalid');
    }
  });

  it('gives the configured public URL plus the path (no query) as the DPoP htu, whatever the Host', async () => {
    const res = await app.inject({
      url: `${PATHS.schedule}?date=2026-11-24`,
      headers: { ...as('A', PATHS.schedule), host: 'evil.example.net', 'x-forwarded-host': 'x' },
    });
    expect(res.statusCode).toBe(200);
    expect(fakes.metas.at(-1)).toEqual({
      method: 'GET',
      url: `${PUBLIC_URL}${PATHS.schedule}`,
      ip: '127.0.0.1',
    });
  });

  it('refuses two DPoP headers', async () => {
    const res = await app.inject({
      url: PATHS.me,
      headers: { authorization: 'DPoP token-A', dpop: ['a', 'b'] } as never,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('proofInvalid');
  });

  it('says sessionRevoked (401) after a revocation', async () => {
    fakes.revoked.add('sess-A');
    const res = await send('GET', PATHS.me, as('A', PATHS.me));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('sessionRevoked');
  });

  it('answers /v1/me from the session and the current policies', async () => {
    const res = await send('GET', PATHS.me, as('B', PATHS.me));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      user: { userId: 'chenjing', name: '陈静' },
      policies: fakes.policies,
      timeZone: 'Asia/Shanghai',
      server: { version: '0.1.0-test', apiVersion: 1, mode: 'live' },
      session: { id: 'sess-B', deviceName: 'Daka · B', createdAt: 2 },
    });
  });
});

describe("one employee cannot reach another one's things", () => {
  it("refuses A on B's punch and B's session", async () => {
    const intentId = randomUUID();
    const body = { intentId, clickedAt: 5, checkType: 'OnDuty', queuedOffline: false };
    const made = await send('POST', PATHS.punches, as('B', PATHS.punches, 'POST'), body);
    expect(made.statusCode).toBe(202);
    expect(made.json().punch.state).toBe('accepted');

    const path = `${PATHS.punches}/${intentId}`;
    const read = await send('GET', path, as('A', path));
    expect(read.statusCode).toBe(404);
    expect(read.json().error.code).toBe('outboxEntryNotFound');
    const replay = await send('POST', PATHS.punches, as('A', PATHS.punches, 'POST'), body);
    expect(replay.statusCode).toBe(403);
    expect(replay.json().error.code).toBe('forbidden');

    const sessionPath = `${PATHS.sessions}/sess-B`;
    const revoke = await send('DELETE', sessionPath, as('A', sessionPath, 'DELETE'));
    expect(revoke.statusCode).toBe(403);
    expect(revoke.json().error.code).toBe('forbidden');
    expect(fakes.revoked.has('sess-B')).toBe(false);

    const own = await send('GET', path, as('B', path));
    expect(own.statusCode).toBe(200);
  });

  it('answers 200 for an intent already settled, 202 while accepted', async () => {
    const intentId = randomUUID();
    const body = { intentId, clickedAt: 5, checkType: null, queuedOffline: true };
    const first = await send('POST', PATHS.punches, as('A', PATHS.punches, 'POST'), body);
    expect(first.statusCode).toBe(202);
    const stored = fakes.punches.get(intentId);
    if (stored) stored.view = { ...stored.view, state: 'punched' };
    const again = await send('POST', PATHS.punches, as('A', PATHS.punches, 'POST'), body);
    expect(again.statusCode).toBe(200);
    expect(again.json().punch).toMatchObject({ intentId, state: 'punched', offline: true });
  });
});

describe('error mapping', () => {
  const cases: [ErrorCode, number][] = [
    ['punchTooOld', 422],
    ['punchInFuture', 422],
    ['punchingDisabled', 422],
    ['outboxEntryNotFound', 404],
    ['forbidden', 403],
    ['badRequest', 400],
    ['networkDown', 503],
    ['timeout', 503],
    ['dingtalkBusy', 503],
    ['quotaExhausted', 503],
    ['ipNotWhitelisted', 502],
    ['missingPermission', 502],
    ['wrongCredentials', 502],
  ];
  it.each(cases)('%s → %i with the code and detail', async (code, status) => {
    fakes.failNext = { error: new AppError(code, `because ${code}`, { ip: '203.0.113.9' }) };
    const res = await send('GET', `${PATHS.schedule}?date=2026-11-24`, as('A', PATHS.schedule));
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({
      error: { code, message: `because ${code}`, detail: { ip: '203.0.113.9' } },
    });
  });

  it('rateLimited from DingTalk → 429 with Retry-After', async () => {
    fakes.failNext = { error: new AppError('rateLimited', 'slow down', { retryAfter: 3 }) };
    const res = await send('GET', PATHS.sessions, as('A', PATHS.sessions));
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
  });

  it('an unknown failure → 500 internal, no message, no stack', async () => {
    fakes.failNext = { error: new TypeError('secret-ish detail at /srv/x.ts:12') };
    const res = await send('GET', PATHS.health, as('A', PATHS.health));
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(res.body).not.toContain('x.ts');
  });

  it('serves /v1/health with the checks and quota', async () => {
    const res = await send('GET', PATHS.health, as('A', PATHS.health));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: '0.1.0-test',
      checks: [{ id: 'ipWhitelist', status: 'fail', facts: { ip: '203.0.113.9' } }],
      quota: { counted: 3, cap: 5000, budgetMode: false },
    });
  });
});

describe('sign-in routes', () => {
  const login = {
    redirect_uri: 'http://127.0.0.1:53682/callback',
    state: 's'.repeat(20),
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  };

  it('redirects a login to DingTalk, and the callback to the loopback', async () => {
    const res = await app.inject({ url: `${PATHS.authLogin}?${new URLSearchParams(login)}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^https:\/\/login\.example\.com\/oauth2\/auth\?state=s+$/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const back = await app.inject({ url: `${PATHS.authCallback}?code=abc&state=xyz` });
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe('http://127.0.0.1:5000/callback?code=one-time&state=xyz');
  });

  it('refuses a non-loopback redirect_uri with a bilingual HTML page', async () => {
    const query = new URLSearchParams({ ...login, redirect_uri: 'https://evil.example.net/cb' });
    const res = await app.inject({ url: `${PATHS.authLogin}?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('登录失败');
    expect(res.body).toContain('Sign-in failed');
  });

  it('shows a DingTalk refusal as a translated, escaped page', async () => {
    const res = await app.inject({ url: `${PATHS.authCallback}?error=%3Cscript%3E` });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('钉钉登录没有得到授权');
    expect(res.body).toContain('DingTalk sign-in was not authorised');
    expect(res.body).toContain('loginDenied');
    expect(res.body).not.toContain('<script>');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('exchanges at the token endpoint with no-store, and refuses one without a proof', async () => {
    const body = { grant_type: 'refresh_token', refresh_token: 'r'.repeat(32) };
    const res = await app.inject({
      method: 'POST',
      url: PATHS.authToken,
      headers: { dpop: 'proof' },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ token_type: 'DPoP', session_id: 'sess-A' });
    const bare = await app.inject({ method: 'POST', url: PATHS.authToken, payload: body });
    expect(bare.statusCode).toBe(401);
    expect(bare.json().error.code).toBe('proofInvalid');
  });
});
