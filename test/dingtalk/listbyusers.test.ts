import { afterEach, describe, expect, it } from 'vitest';
import { parseDingTalk } from '../../shared/time';
import {
  TOKEN_ROUTE,
  oapiError,
  rejection,
  sample,
  startFixture,
  testClient,
  type Fixture,
  type RecordedRequest,
} from './fixture-server';

const PATH = '/topapi/attendance/schedule/listbyusers';
const SH = 'Asia/Shanghai';
const sh = (text: string) => parseDingTalk(text, SH);

let fixture: Fixture;
afterEach(async () => {
  await fixture?.close();
});

type Body = { op_user_id: string; userids: string; from_date_time: number; to_date_time: number };
const bodyOf = (req: RecordedRequest | undefined) => req?.body as Body;

describe('schedule/listbyusers', () => {
  it('posts op_user_id, comma-separated userids and org-zone midnights, and maps the sample', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [PATH]: { json: sample('oapi_topapi_attendance_schedule_listbyusers') },
    });
    const { client, events } = testClient(fixture);

    const rows = await client.schedulesByUsers(
      ['user456', 'user123'],
      sh('2021-01-14 00:00:00'),
      sh('2021-01-14 23:59:59'),
      'admin1',
    );

    const [req] = fixture.hits(PATH);
    expect(req?.method).toBe('POST');
    expect(req?.query).toEqual({ access_token: 'app-token-1' });
    expect(req?.body).toEqual({
      op_user_id: 'admin1',
      userids: 'user456,user123',
      from_date_time: sh('2021-01-14 00:00:00'),
      to_date_time: sh('2021-01-14 00:00:00'),
    });
    expect(rows).toEqual([
      {
        userId: 'user456',
        workDate: sh('2021-01-14 00:00:00'),
        checkType: 'OnDuty',
        planCheckTime: sh('2021-01-14 09:00:00'),
        isRest: false,
        shiftId: 709595172,
        groupId: 394775001,
        id: '56676915454',
        approveId: null,
      },
      {
        userId: 'user456',
        workDate: sh('2021-01-14 00:00:00'),
        checkType: 'OffDuty',
        planCheckTime: sh('2021-01-14 18:00:00'),
        isRest: false,
        shiftId: 709595172,
        groupId: 394775001,
        id: '56676915454',
        approveId: null,
      },
    ]);
    const counted = events.filter((e) => e.api === `oapi:${PATH}`);
    expect(counted).toHaveLength(1);
    expect(counted[0]?.quotaCounted).toBe(true);
  });

  it('reads leniently: numbers as strings, ms times, absent fields, shift_id 0 as rest', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [PATH]: {
        json: {
          errcode: '0',
          result: [
            {
              userid: 'u1',
              work_date: sh('2026-11-28 00:00:00'),
              shift_id: '0',
              group_id: '2001',
            },
            {
              userid: 'u2',
              work_date: '2026-11-28 00:00:00',
              check_type: 'OnDuty',
              plan_check_time: String(sh('2026-11-28 09:00:00')),
              is_rest: 'N',
              shift_id: 1001,
              id: 77,
              approve_id: '123',
            },
          ],
        },
      },
    });
    const { client } = testClient(fixture);

    const rows = await client.schedulesByUsers(
      ['u1', 'u2'],
      sh('2026-11-28 00:00:00'),
      sh('2026-11-28 00:00:00'),
      'u1',
    );

    expect(rows[0]).toEqual({
      userId: 'u1',
      workDate: sh('2026-11-28 00:00:00'),
      checkType: null,
      planCheckTime: null,
      isRest: true,
      shiftId: 0,
      groupId: 2001,
      id: `u1:${sh('2026-11-28 00:00:00')}:rest`,
      approveId: null,
    });
    expect(rows[1]).toEqual({
      userId: 'u2',
      workDate: sh('2026-11-28 00:00:00'),
      checkType: 'OnDuty',
      planCheckTime: sh('2026-11-28 09:00:00'),
      isRest: false,
      shiftId: 1001,
      groupId: null,
      id: '77',
      approveId: 123,
    });
  });

  it('splits more than 50 users and more than 7 dates into separate calls', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [PATH]: (req) => {
        const body = req.body as Body;
        return {
          json: {
            errcode: 0,
            result: body.userids.split(',').map((userid) => ({
              userid,
              work_date: body.from_date_time,
              is_rest: 'Y',
              shift_id: 0,
              id: `${userid}-${body.from_date_time}`,
            })),
          },
        };
      },
    });
    const { client } = testClient(fixture);
    const users = Array.from({ length: 120 }, (_, i) => `u${i}`);

    const rows = await client.schedulesByUsers(
      users,
      sh('2026-11-23 10:00:00'),
      sh('2026-12-02 08:00:00'),
      'admin',
    );

    const hits = fixture.hits(PATH).map(bodyOf);
    // 3 chunks of users (50, 50, 20) × 2 spans of dates (7 + 3).
    expect(hits).toHaveLength(6);
    expect(hits.map((b) => b.userids.split(',').length)).toEqual([50, 50, 50, 50, 20, 20]);
    const spans = [...new Set(hits.map((b) => `${b.from_date_time}-${b.to_date_time}`))];
    expect(spans).toEqual([
      `${sh('2026-11-23 00:00:00')}-${sh('2026-11-29 00:00:00')}`,
      `${sh('2026-11-30 00:00:00')}-${sh('2026-12-02 00:00:00')}`,
    ]);
    for (const b of hits)
      expect(b.to_date_time - b.from_date_time).toBeLessThanOrEqual(7 * 86_400_000);
    expect(rows).toHaveLength(240);
  });

  it('makes no call for no users and refuses an empty range or a missing operator', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture);
    expect(await client.schedulesByUsers([], 0, 1_000_000, 'op')).toEqual([]);
    expect((await rejection(client.schedulesByUsers(['u'], 2, 1, 'op'))).code).toBe('invalidInput');
    expect((await rejection(client.schedulesByUsers(['u'], 1, 2, ''))).code).toBe('invalidInput');
    expect(fixture.hits(PATH)).toHaveLength(0);
  });

  it('turns 60011 into missingPermission naming the schedule scope', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [PATH]: oapiError(60011, '管理员权限不足，（user/department/agent）无权限'),
    });
    const { client } = testClient(fixture);
    const error = await rejection(
      client.schedulesByUsers(['u'], sh('2026-11-28 00:00:00'), sh('2026-11-28 00:00:00'), 'u'),
    );
    expect(error.code).toBe('missingPermission');
    expect(error.detail.permission).toBe('qyapi_attendance_group_read');
  });
});
