import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIp, parsePermission } from '../../main/dingtalk';
import {
  APP_SECRET,
  TOKEN_ROUTE,
  oapiError,
  rejection,
  startFixture,
  testClient,
  type Fixture,
  type FixtureReply,
} from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

const GROUP = '/topapi/attendance/getusergroup';

/** Calls getusergroup once (no retries) against the given reply and returns the AppError. */
async function readFailure(reply: FixtureReply) {
  fixture = await startFixture({ '/gettoken': TOKEN_ROUTE, [GROUP]: reply });
  const { client } = testClient(fixture, { config: { maxAttempts: 1, timeoutMs: 300 } });
  return rejection(client.getUserGroup('user123'));
}

describe('legacy errcode replies', () => {
  it.each([
    [60121, 'userNotFound'],
    [40104, 'userNotFound'],
    [33012, 'userNotFound'],
    [50002, 'userOutOfRange'],
    [90020, 'quotaExhausted'],
    [90018, 'rateLimited'],
    [90002, 'rateLimited'],
    [-1, 'dingtalkBusy'],
    ['-1', 'dingtalkBusy'],
    [40035, 'badRequest'],
    [400002, 'badRequest'],
    [43001, 'badRequest'],
    [43004, 'badRequest'],
    [40089, 'wrongCredentials'],
  ])(
    'errcode %s → %s, with the DingTalk code, message and API in detail',
    async (errcode, code) => {
      const error = await readFailure(oapiError(errcode, `message for ${errcode}`));
      expect(error.code).toBe(code);
      expect(error.detail).toMatchObject({
        dingtalkCode: String(errcode),
        dingtalkMessage: `message for ${errcode}`,
        api: `oapi:${GROUP}`,
      });
    },
  );

  it('tells how long to wait when throttled', async () => {
    expect((await readFailure(oapiError(90018, 'qps'))).detail.retryAfter).toBe(1);
    await fixture.close();
    expect((await readFailure(oapiError(90002, 'global'))).detail.retryAfter).toBeGreaterThan(0);
  });

  it('60011 names the scope DingTalk puts in brackets', async () => {
    const error = await readFailure(
      oapiError(
        60011,
        '应用尚未开通所需的权限：[qyapi_attendance_group_read]，点击链接申请并开通即可：' +
          'https://open-dev.dingtalk.com/appscope/apply?content=dingappkey123%23qyapi_attendance_group_read',
      ),
    );
    expect(error.code).toBe('missingPermission');
    expect(error.detail.permission).toBe('qyapi_attendance_group_read');
  });

  it('60011 without a scope in the message names the scope the API is known to need', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/record/upload': oapiError(
        60011,
        '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission',
      ),
    });
    const { client } = testClient(fixture);
    const error = await rejection(
      client.uploadPunch({
        userId: 'u',
        deviceId: 'd',
        deviceName: 'n',
        userCheckTime: Date.now(),
      }),
    );
    expect(error.code).toBe('missingPermission');
    expect(error.detail.permission).toBe('Pro.AttendanceRecord.Write');
  });

  it('unwraps topapi auth errors wrapped as errcode 88 + sub_code', async () => {
    const error = await readFailure({
      json: {
        errcode: 88,
        sub_code: '60011',
        sub_msg: '应用尚未开通所需的权限：[qyapi_base]',
        errmsg: 'ding talk error[subcode=60011,submsg=应用尚未开通所需的权限：[qyapi_base]]',
      },
    });
    expect(error.code).toBe('missingPermission');
    expect(error.detail.dingtalkCode).toBe('60011');
    expect(error.detail.permission).toBe('qyapi_base');
  });

  it('60020 carries the IP DingTalk saw', async () => {
    const error = await readFailure(
      oapiError(
        60020,
        '访问ip不在白名单之中，请参考FAQ：https://open.dingtalk.com/document/org-faq/app-faq,request ip=203.0.113.7 appKey(dingappkey123)',
      ),
    );
    expect(error.code).toBe('ipNotWhitelisted');
    expect(error.detail.ip).toBe('203.0.113.7');
  });

  it('60020 carries an IPv6 address too', async () => {
    const error = await readFailure(
      oapiError(60020, '访问ip不在白名单之中, request ip=2001:db8::8a2e:370:7334.'),
    );
    expect(error.detail.ip).toBe('2001:db8::8a2e:370:7334');
  });

  it('never puts the AppSecret or a token in an error', async () => {
    const error = await readFailure(
      oapiError(40035, `bad parameter appsecret=${APP_SECRET} access_token=app-token-1`),
    );
    expect(error.code).toBe('badRequest');
    const serialised = JSON.stringify({ ...error, message: error.message });
    expect(serialised).not.toContain(APP_SECRET);
    expect(serialised).not.toContain('app-token-1');
  });
});

describe('credentials', () => {
  it.each([40089, 40001, 40096])(
    'gettoken errcode %s → wrongCredentials, not retried',
    async (errcode) => {
      fixture = await startFixture({
        '/gettoken': oapiError(errcode, '不合法的corpid或corpsecret'),
      });
      const { client } = testClient(fixture);
      const error = await rejection(client.getAccessToken());
      expect(error.code).toBe('wrongCredentials');
      expect(fixture.hits('/gettoken')).toHaveLength(1);
    },
  );

  it('v1.0 HTTP 400 invalidClientIdOrSecret → wrongCredentials', async () => {
    fixture = await startFixture({
      '/v1.0/oauth2/accessToken': {
        status: 400,
        json: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' },
      },
    });
    const { client } = testClient(fixture);
    const error = await rejection(client.fetchV1AccessToken());
    expect(error.code).toBe('wrongCredentials');
    expect(error.detail).toMatchObject({
      dingtalkCode: 'invalidClientIdOrSecret',
      api: 'api:/v1.0/oauth2/accessToken',
    });
  });
});

describe('new-API (v1.0) error replies', () => {
  async function meFailure(status: number, json: unknown) {
    fixture = await startFixture({ '/v1.0/contact/users/me': { status, json } });
    const { client } = testClient(fixture, { config: { maxAttempts: 1 } });
    return rejection(client.me('user-token'));
  }

  it('403 AccessTokenPermissionDenied → missingPermission with the required scope', async () => {
    const error = await meFailure(403, {
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      requestid: 'r1',
      message:
        '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission',
      accessdenieddetail: { requiredScopes: ['Contact.User.Read'] },
    });
    expect(error.code).toBe('missingPermission');
    expect(error.detail.permission).toBe('Contact.User.Read');
  });

  it('403 IpNotInWhiteList → ipNotWhitelisted with the IP', async () => {
    const error = await meFailure(403, {
      code: 'Forbidden.AccessDenied.IpNotInWhiteList',
      message: '访问ip不在白名单之中,request ip=198.51.100.23 appKey(x)',
    });
    expect(error.code).toBe('ipNotWhitelisted');
    expect(error.detail.ip).toBe('198.51.100.23');
  });

  it('403 QpsLimitForAppkeyAndApi → rateLimited', async () => {
    const error = await meFailure(403, {
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      message: 'qps',
    });
    expect(error.code).toBe('rateLimited');
  });

  it('an unknown 400 → badRequest; a 500 → dingtalkBusy', async () => {
    expect((await meFailure(400, { code: 'paramError', message: 'x' })).code).toBe('badRequest');
    await fixture.close();
    expect((await meFailure(500, { code: 'unknownError', message: '未知错误' })).code).toBe(
      'dingtalkBusy',
    );
  });
});

describe('replies that are not DingTalk JSON', () => {
  it('a gateway 5xx page → dingtalkBusy', async () => {
    const error = await readFailure({
      status: 502,
      text: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      headers: { 'content-type': 'text/html' },
    });
    expect(error.code).toBe('dingtalkBusy');
  });

  it('a 5xx with no body → dingtalkBusy', async () => {
    expect((await readFailure({ status: 503, text: '' })).code).toBe('dingtalkBusy');
  });

  it('the HTML flood-ban page → ipBanned for 5 minutes', async () => {
    const error = await readFailure({
      status: 200,
      text: '<!doctype html><html><body><h1>访问受限</h1></body></html>',
      headers: { 'content-type': 'text/html;charset=utf-8' },
    });
    expect(error.code).toBe('ipBanned');
    expect(error.detail.retryAfter).toBe(300);
  });

  it('the JSON flood ban {status:1111, wait} → ipBanned for wait minutes', async () => {
    const error = await readFailure({
      json: { status: 1111, wait: 2, source: 'x5', punish: 'deny', uuid: 'u' },
    });
    expect(error.code).toBe('ipBanned');
    expect(error.detail.retryAfter).toBe(120);
  });

  it('an HTML 404 page → badRequest (a wrong base URL, not a ban)', async () => {
    const error = await readFailure({ status: 404, text: '<html>Not Found</html>' });
    expect(error.code).toBe('badRequest');
  });

  it('malformed JSON → unexpectedReply', async () => {
    expect((await readFailure({ text: '{"errcode":0,"result":{' })).code).toBe('unexpectedReply');
  });

  it('a reply of the wrong shape → unexpectedReply', async () => {
    const error = await readFailure({ json: { errcode: 0, result: { group_id: 'not-a-number' } } });
    expect(error.code).toBe('unexpectedReply');
    expect(error.detail.api).toBe(`oapi:${GROUP}`);
  });

  it('errcode 0 as the string "0" is success', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [GROUP]: { json: { errcode: '0', result: { group_id: '7', name: 'g', type: 'NONE' } } },
    });
    const { client } = testClient(fixture);
    expect(await client.getUserGroup('u')).toEqual({
      groupId: 7,
      name: 'g',
      type: 'NONE',
      classes: [],
    });
  });
});

describe('network failures', () => {
  it('a dropped connection → networkDown', async () => {
    expect((await readFailure({ drop: true })).code).toBe('networkDown');
  });

  it('no answer in time → timeout', async () => {
    expect((await readFailure({ hang: true })).code).toBe('timeout');
  });

  it('a refused connection → networkDown', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    fixture = await startFixture();
    const { client } = testClient(fixture, {
      config: { oapiBase: `http://127.0.0.1:${closedPort}`, maxAttempts: 1 },
    });
    const error = await rejection(client.getAccessToken());
    expect(error.code).toBe('networkDown');
    expect(error.detail.dingtalkCode).toBe('ECONNREFUSED');
  });
});

describe('message parsing', () => {
  it('finds scopes in the forms DingTalk uses', () => {
    expect(parsePermission('应用尚未开通所需的权限：[qyapi_get_member_by_mobile]')).toBe(
      'qyapi_get_member_by_mobile',
    );
    expect(parsePermission('requiredScopes:["Contact.User.Read"]')).toBe('Contact.User.Read');
    expect(parsePermission('need Pro.AttendanceRecord.Write to upload')).toBe(
      'Pro.AttendanceRecord.Write',
    );
    expect(
      parsePermission(
        '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/add-api-permission',
      ),
    ).toBeUndefined();
  });

  it('finds IPv4 and IPv6 addresses and nothing else', () => {
    expect(parseIp('request ip=47.96.1.2 appKey(dingx)')).toBe('47.96.1.2');
    expect(parseIp('from ip: ::ffff:10.0.0.1, more')).toBe('::ffff:10.0.0.1');
    expect(parseIp('at 2026-11-28 09:41:07 see https://open.dingtalk.com/a.b')).toBeUndefined();
    expect(parseIp('version 1.2.3 is not an address')).toBeUndefined();
  });
});
