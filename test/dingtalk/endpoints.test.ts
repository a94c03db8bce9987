import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_KEY,
  APP_SECRET,
  TOKEN_ROUTE,
  oapiOk,
  rejection,
  sample,
  startFixture,
  testClient,
  type Fixture,
} from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

describe('app access token', () => {
  it('fetches the legacy token with GET /gettoken?appkey=&appsecret=', async () => {
    fixture = await startFixture({ '/gettoken': { json: sample('oapi_gettoken') } });
    const { client } = testClient(fixture);

    expect(await client.getAccessToken()).toBe('96fc7a7axxx');

    const [req] = fixture.hits('/gettoken');
    expect(req?.method).toBe('GET');
    expect(req?.query).toEqual({ appkey: APP_KEY, appsecret: APP_SECRET });
  });

  it('fetches the v1.0 token with POST /v1.0/oauth2/accessToken {appKey, appSecret}', async () => {
    fixture = await startFixture({
      '/v1.0/oauth2/accessToken': { json: sample('api_v1.0_oauth2_accessToken') },
    });
    const now = Date.UTC(2026, 10, 28, 1, 0, 0);
    const { client } = testClient(fixture, { clock: { now: () => now } });

    const token = await client.fetchV1AccessToken();

    expect(token).toEqual({ token: 'fw8ef8we8f76e6f7s8dxxxx', expiresAt: now + 7200_000 });
    const [req] = fixture.hits('/v1.0/oauth2/accessToken');
    expect(req?.method).toBe('POST');
    expect(req?.headers['content-type']).toContain('application/json');
    expect(req?.body).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET });
  });

  it('accepts expires_in and errcode sent as strings', async () => {
    fixture = await startFixture({
      '/gettoken': {
        json: { errcode: '0', errmsg: 'ok', access_token: 'tok', expires_in: '7200' },
      },
    });
    const now = 1_800_000_000_000;
    const { client } = testClient(fixture, { clock: { now: () => now } });
    expect(await client.getAccessToken()).toBe('tok');
  });
});

describe('attendance/listRecord', () => {
  it('posts userIds and the range in the org zone, with the token in the query', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/attendance/listRecord': { json: sample('oapi_attendance_listRecord') },
    });
    const { client } = testClient(fixture);
    // 2020-09-07 00:00 to 23:59:59 in Shanghai.
    const from = Date.UTC(2020, 8, 6, 16, 0, 0);
    const to = Date.UTC(2020, 8, 7, 15, 59, 59);

    const records = await client.listRecords(['manager4220'], from, to);

    const [req] = fixture.hits('/attendance/listRecord');
    expect(req?.method).toBe('POST');
    expect(req?.query).toEqual({ access_token: 'app-token-1' });
    expect(req?.body).toEqual({
      userIds: ['manager4220'],
      checkDateFrom: '2020-09-07 00:00:00',
      checkDateTo: '2020-09-07 23:59:59',
      isI18n: false,
    });
    expect(records).toHaveLength(2);
    const [outside, invalid] = records;
    // An approved outside punch: isLegal N, but no invalidRecordType, so it counts.
    expect(outside).toMatchObject({
      id: '43047156750',
      userId: 'manager4220',
      checkType: 'OnDuty',
      userCheckTime: 1599441505000,
      planCheckTime: 1599442200000,
      workDate: 1599408000000,
      timeResult: 'Normal',
      locationResult: 'Outside',
      sourceType: 'USER',
      deviceId: '67da0fxxxx',
      isLegal: 'N',
      valid: true,
      invalidRecordType: null,
      groupId: 685935028,
      planId: 144872188720,
      approveId: 2376620852,
      procInstId: '59f77e82-xxxx',
    });
    // A punch DingTalk flagged: shown, never counted.
    expect(invalid).toMatchObject({
      id: '43055377426',
      checkType: null,
      timeResult: null,
      valid: false,
      invalidRecordType: 'Other',
      invalidRecordMsg: '需要二次确认',
      isLegal: null,
      planCheckTime: null,
    });
  });

  it('makes no call for an empty user list', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture);
    expect(await client.listRecords([], 0, 1_000_000)).toEqual([]);
    expect(fixture.requests).toHaveLength(0);
  });
});

describe('attendance/list', () => {
  it('posts work dates as org-zone midnights with offset, limit and isI18n', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/attendance/list': { json: sample('oapi_attendance_list') },
    });
    const { client } = testClient(fixture);

    const results = await client.listResults(['manager4220'], '2020-09-06', '2020-09-06');

    const [req] = fixture.hits('/attendance/list');
    expect(req?.method).toBe('POST');
    expect(req?.query).toEqual({ access_token: 'app-token-1' });
    expect(req?.body).toEqual({
      workDateFrom: '2020-09-06 00:00:00',
      workDateTo: '2020-09-06 00:00:00',
      userIdList: ['manager4220'],
      offset: 0,
      limit: 50,
      isI18n: false,
    });
    expect(results).toEqual([
      {
        id: '100068640553',
        userId: 'manager4220',
        checkType: 'OnDuty',
        timeResult: 'Normal',
        locationResult: 'Normal',
        sourceType: 'APPROVE',
        baseCheckTime: 1599372300000,
        userCheckTime: 1599372300000,
        workDate: 1599321600000,
        recordId: '42833709096',
        planId: 145583519353,
        groupId: 685935028,
        approveId: null,
        procInstId: null,
      },
      {
        id: '100375228689',
        userId: 'manager4220',
        checkType: 'OffDuty',
        timeResult: 'Normal',
        locationResult: 'Normal',
        sourceType: 'USER',
        baseCheckTime: 1599373560000,
        userCheckTime: 1599373608000,
        workDate: 1599321600000,
        recordId: '43003136655',
        planId: 144623724178,
        groupId: 685935028,
        approveId: null,
        procInstId: null,
      },
    ]);
  });

  it('rejects malformed work dates before calling', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture);
    const error = await rejection(client.listResults(['u'], '2020-9-6', '2020-09-07'));
    expect(error.code).toBe('invalidInput');
    expect(fixture.requests).toHaveLength(0);
  });
});

describe('topapi/attendance/record/upload', () => {
  it('posts userid, device_name, device_id and user_check_time in ms as a number', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/record/upload': { json: sample('oapi_topapi_attendance_record_upload') },
    });
    const { client } = testClient(fixture);
    const at = Date.UTC(2026, 10, 28, 0, 58, 0);

    await client.uploadPunch({
      userId: 'user123',
      deviceId: 'daka-7f3a',
      deviceName: 'Daka (laptop)',
      userCheckTime: at,
    });

    const [req] = fixture.hits('/topapi/attendance/record/upload');
    expect(req?.method).toBe('POST');
    expect(req?.query).toEqual({ access_token: 'app-token-1' });
    expect(req?.body).toEqual({
      userid: 'user123',
      device_name: 'Daka (laptop)',
      device_id: 'daka-7f3a',
      user_check_time: at,
    });
    expect(req?.rawBody).toContain(`"user_check_time":${at}`);
  });

  it('refuses a seconds timestamp (DingTalk would accept it and show nothing)', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture);
    const error = await rejection(
      client.uploadPunch({
        userId: 'u',
        deviceId: 'd',
        deviceName: 'n',
        userCheckTime: 1_764_291_480,
      }),
    );
    expect(error.code).toBe('invalidInput');
    expect(error.detail.field).toBe('userCheckTime');
    expect(fixture.requests).toHaveLength(0);
  });

  it('treats errcode 0 with success:false as an unexplained reply', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/record/upload': { json: { errcode: 0, success: false } },
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
    expect(error.code).toBe('outcomeUnknown');
  });
});

describe('topapi/attendance/schedule/listbyday', () => {
  it('posts op_user_id, user_id and the org-zone midnight in ms, and parses the day', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/schedule/listbyday': {
        json: sample('oapi_topapi_attendance_schedule_listbyday'),
      },
    });
    const { client } = testClient(fixture);

    const entries = await client.scheduleByDay('user123', '2020-11-10');

    const [req] = fixture.hits('/topapi/attendance/schedule/listbyday');
    expect(req?.method).toBe('POST');
    expect(req?.body).toEqual({
      op_user_id: 'user123',
      user_id: 'user123',
      date_time: Date.UTC(2020, 10, 9, 16, 0, 0),
    });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      id: '156270023005',
      checkType: 'OnDuty',
      checkDateTime: Date.UTC(2020, 10, 10, 1, 30, 0),
      realPlanTime: Date.UTC(2020, 10, 10, 1, 30, 0),
      checkBeginTime: null,
      checkEndTime: null,
      checkStatus: 'Timeout',
      isRest: false,
      className: 'A',
      classId: 677995086,
      groupId: 685935028,
      workDate: Date.UTC(2020, 10, 9, 16, 0, 0),
      features: { flexMinutes: [30, 30], overtimeSettingId: 581490201, punchId: 346266563 },
      approval: null,
    });
    expect(entries[1]?.checkDateTime).toBe(Date.UTC(2020, 10, 10, 10, 30, 0));
  });

  it('sends a separate operator when given, and reads the punch window', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/schedule/listbyday': oapiOk({
        result: [
          {
            id: 1,
            check_type: 'OnDuty',
            check_date_time: '2026-11-30 09:00:00',
            check_begin_time: '2026-11-30 06:00:00',
            check_end_time: '2026-11-30 12:00:00',
            check_status: 'Init',
            is_rest: 'N',
            work_date: '2026-11-30 00:00:00',
            features: 'not json',
            approve_id: 9001,
            approve_biz_type: 3,
            approve_tag_name: '请假',
          },
        ],
      }),
    });
    const { client } = testClient(fixture);

    const [entry] = await client.scheduleByDay('user123', '2026-11-30', 'admin1');

    expect(fixture.hits('/topapi/attendance/schedule/listbyday')[0]?.body).toMatchObject({
      op_user_id: 'admin1',
      user_id: 'user123',
    });
    expect(entry).toMatchObject({
      id: '1',
      checkStatus: 'Init',
      checkBeginTime: Date.UTC(2026, 10, 29, 22, 0, 0),
      checkEndTime: Date.UTC(2026, 10, 30, 4, 0, 0),
      realPlanTime: null,
      features: {},
      approval: { id: 9001, bizType: 3, tagName: '请假' },
    });
  });
});

describe('topapi/attendance/getusergroup', () => {
  it('posts {userid} and maps classes and times', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/getusergroup': { json: sample('oapi_topapi_attendance_getusergroup') },
    });
    const { client } = testClient(fixture);

    const group = await client.getUserGroup('user123');

    const [req] = fixture.hits('/topapi/attendance/getusergroup');
    expect(req?.method).toBe('POST');
    expect(req?.body).toEqual({ userid: 'user123' });
    expect(group).toEqual({
      groupId: 685935028,
      name: '考勤',
      type: 'FIXED',
      classes: [
        {
          classId: 677995086,
          name: 'A',
          sections: [
            {
              times: [
                { checkType: 'OnDuty', checkTime: '09:30:00', across: 0 },
                { checkType: 'OffDuty', checkTime: '18:30:00', across: 0 },
              ],
            },
          ],
          // The sample's class setting is empty: no serious-late minutes to read.
          seriousLateMinutes: null,
        },
        {
          classId: 678215070,
          name: 'B',
          sections: [
            {
              times: [
                { checkType: 'OnDuty', checkTime: '19:00:00', across: 0 },
                { checkType: 'OffDuty', checkTime: '05:00:00', across: 1 },
              ],
            },
          ],
          seriousLateMinutes: null,
        },
      ],
    });
  });
});

describe('contacts', () => {
  it('finds a userid by mobile with POST topapi/v2/user/getbymobile {mobile}', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/v2/user/getbymobile': oapiOk({ result: { userid: 'zhangsan' }, request_id: 'x' }),
    });
    const { client } = testClient(fixture);

    expect(await client.userIdByMobile('13800000000')).toBe('zhangsan');
    const [req] = fixture.hits('/topapi/v2/user/getbymobile');
    expect(req?.method).toBe('POST');
    expect(req?.query).toEqual({ access_token: 'app-token-1' });
    expect(req?.body).toEqual({ mobile: '13800000000' });
  });

  it('finds a userid by unionId (string errcode "0" in the documented sample)', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/user/getbyunionid': { json: sample('oapi_topapi_user_getbyunionid') },
    });
    const { client } = testClient(fixture);

    expect(await client.userIdByUnionId('union-abc')).toBe('zhangsan');
    const [req] = fixture.hits('/topapi/user/getbyunionid');
    expect(req?.body).toEqual({ unionid: 'union-abc' });
  });

  it('refuses an external contact (contact_type 1) as not an employee', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/user/getbyunionid': oapiOk({ result: { contact_type: 1, userid: 'ext-1' } }),
    });
    const { client } = testClient(fixture);
    const error = await rejection(client.userIdByUnionId('union-ext'));
    expect(error.code).toBe('userNotFound');
  });
});

describe('browser login', () => {
  it('builds the authorize URL on the configured login host', async () => {
    fixture = await startFixture();
    const { client } = testClient(fixture, {
      config: { loginBase: 'https://login.example.test/' },
    });

    const url = client.authorizeUrl('http://127.0.0.1:53682/callback', 'st@te/1');

    expect(url).toBe(
      'https://login.example.test/oauth2/auth?redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback' +
        `&response_type=code&client_id=${APP_KEY}&scope=openid&state=st%40te%2F1&prompt=consent`,
    );
  });

  it('defaults to login.dingtalk.com', async () => {
    fixture = await startFixture();
    const { client } = testClient(fixture);
    expect(client.authorizeUrl('http://127.0.0.1/cb', 's')).toMatch(
      /^https:\/\/login\.dingtalk\.com\/oauth2\/auth\?redirect_uri=/,
    );
  });

  it('exchanges the code with POST /v1.0/oauth2/userAccessToken', async () => {
    fixture = await startFixture({
      '/v1.0/oauth2/userAccessToken': { json: sample('api_v1.0_oauth2_userAccessToken') },
    });
    const { client } = testClient(fixture);

    const token = await client.userAccessToken('code-xyz');

    expect(token).toEqual({
      accessToken: 'abcd',
      refreshToken: 'abcd',
      expireIn: 7200,
      corpId: 'corpxxxx',
    });
    const [req] = fixture.hits('/v1.0/oauth2/userAccessToken');
    expect(req?.method).toBe('POST');
    expect(req?.body).toEqual({
      clientId: APP_KEY,
      clientSecret: APP_SECRET,
      code: 'code-xyz',
      grantType: 'authorization_code',
    });
    // Login calls need no app token.
    expect(fixture.hits('/gettoken')).toHaveLength(0);
  });

  it('reads the user with GET /v1.0/contact/users/me and the user token header', async () => {
    fixture = await startFixture({
      '/v1.0/contact/users/me': {
        json: {
          nick: '张三',
          unionId: 'union-abc',
          openId: 'open-1',
          mobile: '13800000000',
          stateCode: '86',
          visitor: false,
        },
      },
    });
    const { client } = testClient(fixture);

    expect(await client.me('user-token-1')).toEqual({
      nick: '张三',
      unionId: 'union-abc',
      openId: 'open-1',
      mobile: '13800000000',
    });
    const [req] = fixture.hits('/v1.0/contact/users/me');
    expect(req?.method).toBe('GET');
    expect(req?.headers['x-acs-dingtalk-access-token']).toBe('user-token-1');
    expect(req?.query).toEqual({});
  });
});

describe('configuration', () => {
  it('uses the configured bases (trailing slash tolerated)', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture, { config: { oapiBase: `${fixture.url}/` } });
    expect(await client.getAccessToken()).toBe('app-token-1');
    expect(fixture.requests[0]?.path).toBe('/gettoken');
  });

  it('refuses an unknown time zone and missing credentials', async () => {
    fixture = await startFixture();
    expect(() => testClient(fixture, { config: { timeZone: 'Mars/Olympus' } })).toThrow(
      expect.objectContaining({ code: 'invalidInput' }),
    );
    expect(() => testClient(fixture, { config: { appSecret: '' } })).toThrow(
      expect.objectContaining({ code: 'notConfigured' }),
    );
  });

  it('reads schedule times in the configured zone', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/schedule/listbyday': {
        json: sample('oapi_topapi_attendance_schedule_listbyday'),
      },
    });
    const tokyo = testClient(fixture, { config: { timeZone: 'Asia/Tokyo' } });
    const [entry] = await tokyo.client.scheduleByDay('user123', '2020-11-10');
    expect(fixture.hits('/topapi/attendance/schedule/listbyday')[0]?.body).toMatchObject({
      date_time: Date.UTC(2020, 10, 9, 15, 0, 0),
    });
    expect(entry?.checkDateTime).toBe(Date.UTC(2020, 10, 10, 0, 30, 0));
  });
});
