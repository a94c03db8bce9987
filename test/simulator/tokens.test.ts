import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API_PERMISSIONS,
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
} from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { MONDAY, appToken, call, get, listByDay, post, sh, startAt } from './helpers';

let sim: Simulator;
beforeEach(async () => {
  sim = await startAt(`${MONDAY} 08:00:00`);
});
afterEach(async () => {
  await sim.close();
});

const HOUR = 3_600_000;

describe('app access token', () => {
  it('serves one port for oapi, api and login', () => {
    expect(sim.urls.oapiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.urls.apiBase).toBe(sim.urls.oapiBase);
    expect(sim.urls.loginBase).toBe(sim.urls.oapiBase);
  });

  it('answers gettoken like the sample', async () => {
    const res = await get(sim, `/gettoken?appkey=${DEMO_APP_KEY}&appsecret=${DEMO_APP_SECRET}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(
      ['access_token', 'errcode', 'errmsg', 'expires_in'].sort(),
    );
    expect(res.json).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(res.json.access_token).toMatch(/^[0-9a-f]{32}$/);
  });

  it('returns the same token while valid and extends it', async () => {
    const first = await appToken(sim);
    sim.clock.advance(2 * HOUR - 60_000);
    const second = await appToken(sim);
    expect(second).toBe(first);
    // Valid past the first expiry because asking again extended it.
    sim.clock.advance(HOUR);
    expect((await listByDay(sim, first, DEMO_USERS.fixed, sim.clock.now())).json.errcode).toBe(0);
    sim.clock.advance(HOUR + 1000);
    const expired = await listByDay(sim, first, DEMO_USERS.fixed, sim.clock.now());
    expect(expired.json.errcode).toBe(42001);
    const third = await appToken(sim);
    expect(third).not.toBe(first);
  });

  it('shares the token between gettoken and v1.0 oauth2/accessToken', async () => {
    const legacy = await appToken(sim);
    const res = await post(sim, '/v1.0/oauth2/accessToken', {
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accessToken: legacy, expireIn: 7200 });
  });

  it('rejects a wrong key or secret with 40089 / HTTP 400 invalidClientIdOrSecret', async () => {
    const wrongSecret = await get(sim, `/gettoken?appkey=${DEMO_APP_KEY}&appsecret=nope`);
    expect(wrongSecret.json).toMatchObject({
      errcode: 40089,
      errmsg: '不合法的corpid或corpsecret',
    });
    const unknownKey = await get(sim, '/gettoken?appkey=dingnobody&appsecret=x');
    expect(unknownKey.json.errcode).toBe(40089);
    const v1 = await post(sim, '/v1.0/oauth2/accessToken', {
      appKey: DEMO_APP_KEY,
      appSecret: 'x',
    });
    expect(v1.status).toBe(400);
    expect(v1.json.code).toBe('invalidClientIdOrSecret');
    expect(typeof v1.json.message).toBe('string');
  });

  it('tells unknown (40014), expired (42001) and revoked (40001) tokens apart', async () => {
    const unknown = await listByDay(sim, 'not-a-token', DEMO_USERS.fixed, sim.clock.now());
    expect(unknown.json).toMatchObject({ errcode: 40014, errmsg: '不合法的access_token' });
    expect(typeof unknown.json.request_id).toBe('string');
    const missing = await post(sim, '/topapi/attendance/getusergroup', { userid: 'zhangwei' });
    expect(missing.json.errcode).toBe(40014);

    const token = await appToken(sim);
    sim.revokeTokens(DEMO_APP_KEY);
    const revoked = await listByDay(sim, token, DEMO_USERS.fixed, sim.clock.now());
    expect(revoked.json.errcode).toBe(40001);
    const fresh = await appToken(sim);
    expect(fresh).not.toBe(token);
    expect((await listByDay(sim, fresh, DEMO_USERS.fixed, sim.clock.now())).json.errcode).toBe(0);
  });
});

describe('permissions', () => {
  const oapiPaths = Object.entries(API_PERMISSIONS).filter(([path]) => !path.startsWith('/v1.0/'));

  it.each(oapiPaths)('%s without %s fails with 60011 naming the scope', async (path, scope) => {
    sim.revoke(DEMO_APP_KEY, scope);
    const token = await appToken(sim);
    const res = await call(sim, token, path, {});
    expect(res.json.errcode).toBe(60011);
    expect(res.json.errmsg).toContain(`[${scope}]`);
    sim.grant(DEMO_APP_KEY, scope);
    const again = await call(sim, token, path, {});
    expect(again.json.errcode).not.toBe(60011);
  });

  it('adds apps with their own permissions', async () => {
    sim.addApp({ appKey: 'dingreadonly', appSecret: 's3', permissions: ['qyapi_base'] });
    const token = await appToken(sim, 'dingreadonly', 's3');
    const group = await call(sim, token, '/topapi/attendance/getusergroup', { userid: 'zhangwei' });
    expect(group.json.errcode).toBe(0);
    const upload = await call(sim, token, '/topapi/attendance/record/upload', {});
    expect(upload.json.errmsg).toContain('[Pro.AttendanceRecord.Write]');
  });
});

describe('IP whitelist', () => {
  it('refuses other IPs with 60020 naming the IP DingTalk saw', async () => {
    const token = await appToken(sim);
    sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.10']);
    const res = await listByDay(sim, token, 'zhangwei', sim.clock.now());
    expect(res.json.errcode).toBe(60020);
    expect(res.json.errmsg).toContain('访问ip不在白名单之中');
    expect(res.json.errmsg).toContain('request ip=127.0.0.1');

    const spoofed = await call(
      sim,
      token,
      '/topapi/attendance/getusergroup',
      { userid: 'zhangwei' },
      { 'x-sim-client-ip': '203.0.113.7' },
    );
    expect(spoofed.json.errmsg).toContain('request ip=203.0.113.7');

    sim.setClientIp('198.51.100.10');
    expect((await listByDay(sim, token, 'zhangwei', sim.clock.now())).json.errcode).toBe(0);
  });

  it('applies to fetching the token too', async () => {
    sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.10']);
    sim.setClientIp('203.0.113.7');
    const legacy = await get(sim, `/gettoken?appkey=${DEMO_APP_KEY}&appsecret=${DEMO_APP_SECRET}`);
    expect(legacy.json.errcode).toBe(60020);
    expect(legacy.json.errmsg).toContain('request ip=203.0.113.7');
    const v1 = await post(sim, '/v1.0/oauth2/accessToken', {
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
    });
    expect(v1.status).toBe(403);
    expect(v1.json.message).toContain('request ip=203.0.113.7');
  });
});

describe('Date header', () => {
  it('shows the simulated clock, plus any configured skew', async () => {
    const res = await get(sim, '/gettoken?appkey=x&appsecret=y');
    expect(Date.parse(res.headers.get('date') ?? '')).toBe(sh(`${MONDAY} 08:00:00`));
    sim.setDateSkew(90_000);
    sim.clock.advance(5000);
    const skewed = await get(sim, '/gettoken?appkey=x&appsecret=y');
    expect(Date.parse(skewed.headers.get('date') ?? '')).toBe(sh(`${MONDAY} 08:01:35`));
  });
});
