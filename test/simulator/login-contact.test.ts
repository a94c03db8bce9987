import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  DEMO_USERS,
} from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { MONDAY, appToken, call, get, post, startAt } from './helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startAt(`${MONDAY} 08:30:00`);
  token = await appToken(sim);
});
afterEach(async () => {
  await sim.close();
});

const CALLBACK = 'http://127.0.0.1:53682/callback';

function authorizePath(params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    redirect_uri: CALLBACK,
    response_type: 'code',
    client_id: DEMO_APP_KEY,
    scope: 'openid',
    state: 'st-8d1f',
    prompt: 'consent',
    ...params,
  });
  return `/oauth2/auth?${query}`;
}

async function codeFromRedirect(path: string): Promise<URL> {
  const res = await get(sim, path);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

/** The href of the consent page's link with that id. */
const link = (html: string, id: string): string =>
  new RegExp(`id="${id}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';

const exchange = (code: string, extra: Record<string, string> = {}) =>
  post(sim, '/v1.0/oauth2/userAccessToken', {
    clientId: DEMO_APP_KEY,
    clientSecret: DEMO_APP_SECRET,
    code,
    grantType: 'authorization_code',
    ...extra,
  });

describe('browser login', () => {
  it('goes from authorize to userid: code, user token, users/me, getbyunionid', async () => {
    sim.setLoginUser(DEMO_USERS.colleague);
    const back = await codeFromRedirect(authorizePath());
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('st-8d1f');
    const code = back.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expect(back.searchParams.get('authCode')).toBe(code);

    const tokens = await exchange(code);
    expect(tokens.status).toBe(200);
    expect(Object.keys(tokens.json).sort()).toEqual([
      'accessToken',
      'corpId',
      'expireIn',
      'refreshToken',
    ]);
    expect(tokens.json).toMatchObject({ expireIn: 7200, corpId: DEMO_CORP_ID });

    const me = await get(sim, '/v1.0/contact/users/me', {
      'x-acs-dingtalk-access-token': tokens.json.accessToken,
    });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ nick: '陈静', mobile: '13800000006' });
    expect(me.json).toHaveProperty('openId');

    const who = await call(sim, token, '/topapi/user/getbyunionid', { unionid: me.json.unionId });
    expect(who.json).toMatchObject({
      errcode: '0',
      errmsg: 'ok',
      result: { contact_type: '0', userid: DEMO_USERS.colleague },
    });
    expect(typeof who.json.request_id).toBe('string');
  });

  it('uses a code once, and only within 5 minutes', async () => {
    const code = (await codeFromRedirect(authorizePath())).searchParams.get('code') ?? '';
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.json.code).toBe('invalidAuthCode');

    const late = (await codeFromRedirect(authorizePath())).searchParams.get('code') ?? '';
    sim.clock.advance(5 * 60_000 + 1);
    expect((await exchange(late)).json.code).toBe('invalidAuthCode');
  });

  it('refuses a wrong client secret and refreshes user tokens', async () => {
    const code = (await codeFromRedirect(authorizePath())).searchParams.get('code') ?? '';
    const wrong = await exchange(code, { clientSecret: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('invalidClientIdOrSecret');
    const first = await exchange(code);
    const refreshed = await post(sim, '/v1.0/oauth2/userAccessToken', {
      clientId: DEMO_APP_KEY,
      clientSecret: DEMO_APP_SECRET,
      refreshToken: first.json.refreshToken,
      grantType: 'refresh_token',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.accessToken).not.toBe(first.json.accessToken);
    const old = await get(sim, '/v1.0/contact/users/me', {
      'x-acs-dingtalk-access-token': first.json.accessToken,
    });
    expect(old.status).toBe(401);
  });

  it('refuses unknown apps and non-loopback redirects with an error page', async () => {
    const unknown = await get(sim, authorizePath({ client_id: 'dingnobody' }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    for (const redirect of [
      'https://evil.example/callback',
      'http://localhost:53682/callback',
      'http://127.0.0.1/callback',
    ]) {
      const res = await get(sim, authorizePath({ redirect_uri: redirect }));
      expect(res.status).toBe(400);
    }
    const notCode = await get(sim, authorizePath({ response_type: 'token' }));
    expect(notCode.status).toBe(400);
  });

  it("serves a consent page in 'page' mode and redirects on approve or deny", async () => {
    sim.setLoginMode('page');
    const page = await get(sim, authorizePath());
    expect(page.status).toBe(200);
    expect(page.text).toContain('张伟');
    const approved = await codeFromRedirect(link(page.text, 'approve'));
    expect(approved.searchParams.get('state')).toBe('st-8d1f');
    expect((await exchange(approved.searchParams.get('code') ?? '')).status).toBe(200);
    // A consent page is good for one answer.
    expect((await get(sim, link(page.text, 'approve'))).status).toBe(400);

    const second = await get(sim, authorizePath({ state: 'again' }));
    const denied = await codeFromRedirect(link(second.text, 'deny'));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('again');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it("redirects with an error in 'deny' mode", async () => {
    sim.setLoginMode('deny');
    const back = await codeFromRedirect(authorizePath());
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-8d1f');
  });

  it('needs a valid user token and Contact.User.Read for users/me', async () => {
    const bad = await get(sim, '/v1.0/contact/users/me', { 'x-acs-dingtalk-access-token': 'x' });
    expect(bad.status).toBe(401);
    expect(bad.json.code).toBe('InvalidAuthentication');
    const code = (await codeFromRedirect(authorizePath())).searchParams.get('code') ?? '';
    const user = (await exchange(code)).json.accessToken;
    sim.revoke(DEMO_APP_KEY, 'Contact.User.Read');
    const denied = await get(sim, '/v1.0/contact/users/me', {
      'x-acs-dingtalk-access-token': user,
    });
    expect(denied.status).toBe(403);
    expect(denied.json.accessdenieddetail.requiredScopes).toEqual(['Contact.User.Read']);
    sim.clock.advance(7200_000);
    sim.grant(DEMO_APP_KEY, 'Contact.User.Read');
    const expired = await get(sim, '/v1.0/contact/users/me', {
      'x-acs-dingtalk-access-token': user,
    });
    expect(expired.status).toBe(401);
  });
});

describe('contacts', () => {
  it('finds a userid by mobile, with or without +86', async () => {
    for (const mobile of ['13800000001', '+86 138-0000-0001', '8613800000001']) {
      const res = await call(sim, token, '/topapi/v2/user/getbymobile', { mobile });
      expect(res.json).toMatchObject({ errcode: 0, result: { userid: DEMO_USERS.fixed } });
    }
  });

  it('answers 60121 for an unknown mobile, 40104 for a malformed one, 50002 out of range', async () => {
    const unknown = await call(sim, token, '/topapi/v2/user/getbymobile', {
      mobile: '13900000000',
    });
    expect(unknown.json.errcode).toBe(60121);
    const bad = await call(sim, token, '/topapi/v2/user/getbymobile', { mobile: 'call me' });
    expect(bad.json.errcode).toBe(40104);
    sim.setVisibleRange(DEMO_APP_KEY, [DEMO_USERS.admin]);
    const hidden = await call(sim, token, '/topapi/v2/user/getbymobile', { mobile: '13800000001' });
    expect(hidden.json.errcode).toBe(50002);
    const byUnion = await call(sim, token, '/topapi/user/getbyunionid', {
      unionid: sim.org.users[0]?.unionId,
    });
    expect(byUnion.json.errcode).toBe(50002);
    sim.setVisibleRange(DEMO_APP_KEY, null);
    const none = await call(sim, token, '/topapi/user/getbyunionid', { unionid: 'nope' });
    expect(none.json.errcode).toBe(60121);
  });
});
