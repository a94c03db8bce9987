import { afterEach, describe, expect, it } from 'vitest';
import {
  TOKEN_ROUTE,
  oapiError,
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

describe('call events', () => {
  it('reports every call with its API, quota class and token flag (dingtalk-api.md §9)', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/v1.0/oauth2/accessToken': { json: sample('api_v1.0_oauth2_accessToken') },
      '/attendance/listRecord': oapiOk({ recordresult: [] }),
      '/attendance/list': oapiOk({ recordresult: [], hasMore: false }),
      '/topapi/attendance/record/upload': oapiOk({ success: true }),
      '/topapi/attendance/schedule/listbyday': oapiOk({ result: [] }),
      '/topapi/attendance/getusergroup': { json: sample('oapi_topapi_attendance_getusergroup') },
      '/topapi/v2/user/getbymobile': oapiOk({ result: { userid: 'u1' } }),
      '/topapi/user/getbyunionid': { json: sample('oapi_topapi_user_getbyunionid') },
      '/v1.0/oauth2/userAccessToken': { json: sample('api_v1.0_oauth2_userAccessToken') },
      '/v1.0/contact/users/me': { json: { unionId: 'union-1' } },
      '/robot/send': oapiOk(),
    });
    const now = 1_764_291_480_000;
    const { client, events } = testClient(fixture, { clock: { now: () => now } });

    await client.getAccessToken();
    await client.fetchV1AccessToken();
    await client.listRecords(['u1'], now - 3600_000, now);
    await client.listResults(['u1'], '2026-11-28', '2026-11-28');
    await client.uploadPunch({ userId: 'u1', deviceId: 'd', deviceName: 'n', userCheckTime: now });
    await client.scheduleByDay('u1', '2026-11-28');
    await client.getUserGroup('u1');
    await client.userIdByMobile('13800000000');
    await client.userIdByUnionId('union-1');
    await client.userAccessToken('code');
    await client.me('user-token');
    await client.robot.send(
      { accessToken: 'rt', secret: 'rs' },
      { msgtype: 'text', text: { content: 'x' } },
    );

    expect(events.map((e) => [e.api, e.quotaCounted, e.token, e.ok])).toEqual([
      ['oapi:/gettoken', false, true, true],
      ['api:/v1.0/oauth2/accessToken', false, true, true],
      ['oapi:/attendance/listRecord', true, false, true],
      ['oapi:/attendance/list', true, false, true],
      ['oapi:/topapi/attendance/record/upload', true, false, true],
      ['oapi:/topapi/attendance/schedule/listbyday', true, false, true],
      ['oapi:/topapi/attendance/getusergroup', true, false, true],
      ['oapi:/topapi/v2/user/getbymobile', false, false, true],
      ['oapi:/topapi/user/getbyunionid', false, false, true],
      ['api:/v1.0/oauth2/userAccessToken', false, false, true],
      ['api:/v1.0/contact/users/me', false, false, true],
      ['robot', false, false, true],
    ]);
    for (const e of events) {
      expect(e.at).toBe(now);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.errorCode).toBeUndefined();
    }
  });

  it('reports a failed call with its error code', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      '/topapi/attendance/getusergroup': oapiError(90020, 'quota'),
    });
    const { client, events } = testClient(fixture);
    await rejection(client.getUserGroup('u1'));
    expect(events.at(-1)).toMatchObject({
      api: 'oapi:/topapi/attendance/getusergroup',
      ok: false,
      errorCode: 'quotaExhausted',
      quotaCounted: true,
    });
  });

  it('a throwing listener does not fail the call', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture, {
      onCall: () => {
        throw new Error('meter broken');
      },
    });
    expect(await client.getAccessToken()).toBe('app-token-1');
  });
});
