import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_USERS, OP_USER_NOT_ADMIN } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { addDays, formatDingTalk, startOfDate } from '../../shared/time';
import type { Json } from './helpers';
import { MONDAY, SATURDAY, SH, TUESDAY, appToken, call, listByDay, startAt } from './helpers';

const PATH = '/topapi/attendance/schedule/listbyusers';
const DAY = 86_400_000;
const { fixed, admin, turn, night, free, colleague } = DEMO_USERS;

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startAt(`${TUESDAY} 08:00:00`);
  token = await appToken(sim);
});
afterEach(async () => {
  await sim.close();
});

function byUsers(userids: string[] | string, from: number, to = from, op: string = fixed) {
  return call(sim, token, PATH, {
    op_user_id: op,
    userids: Array.isArray(userids) ? userids.join(',') : userids,
    from_date_time: from,
    to_date_time: to,
  });
}

const midnight = (date: string) => startOfDate(date, SH);

describe('schedule/listbyusers', () => {
  it('answers rows shaped like the sample: one id per user and day, no status or window', async () => {
    const res = await byUsers([fixed], midnight(TUESDAY));
    expect(res.json).toMatchObject({ errcode: 0, success: true });
    const rows: Json[] = res.json.result;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual([
        'check_type',
        'group_id',
        'id',
        'is_rest',
        'plan_check_time',
        'shift_id',
        'shift_version',
        'userid',
        'work_date',
      ]);
    }
    expect(rows.map((r) => [r.check_type, r.plan_check_time, r.work_date, r.is_rest])).toEqual([
      ['OnDuty', `${TUESDAY} 09:00:00`, `${TUESDAY} 00:00:00`, 'N'],
      ['OffDuty', `${TUESDAY} 18:00:00`, `${TUESDAY} 00:00:00`, 'N'],
    ]);
    expect(rows[0].id).toBe(rows[1].id);
    expect(rows[0].shift_id).toBe(1001);
  });

  it('agrees with listbyday on workdays, rest days, night shifts and rosters', async () => {
    const users = [fixed, admin, turn, night, free, colleague];
    const res = await byUsers(users, midnight(MONDAY), midnight(addDays(MONDAY, 6)));
    expect(res.json.errcode).toBe(0);
    const rows: Json[] = res.json.result;
    for (const user of users) {
      for (let i = 0; i < 7; i++) {
        const date = addDays(MONDAY, i);
        const mine = rows.filter((r) => r.userid === user && r.work_date.startsWith(date));
        sim.clock.advance(60_000); // stay under 20 calls a second
        const day = (await listByDay(sim, token, user, midnight(date))).json.result as Json[];
        if (day.length === 0) {
          expect(mine, `${user} ${date}`).toEqual([]);
        } else if (day[0].is_rest === 'Y') {
          expect(mine, `${user} ${date}`).toMatchObject([{ is_rest: 'Y', shift_id: 0 }]);
        } else {
          expect(
            mine.map((r) => [r.check_type, r.plan_check_time, r.shift_id, r.group_id]),
            `${user} ${date}`,
          ).toEqual(day.map((r) => [r.check_type, r.check_date_time, r.class_id, r.group_id]));
        }
      }
    }
    // The night shift's clock-out is on the next calendar day, under the same work date.
    const nightOff = rows.find(
      (r) => r.userid === night && r.work_date.startsWith(MONDAY) && r.check_type === 'OffDuty',
    );
    expect(nightOff.plan_check_time).toBe(`${TUESDAY} 06:00:00`);
    // The free-schedule employee has no rows at all.
    expect(rows.filter((r) => r.userid === free)).toEqual([]);
  });

  it('shows a rest day as one row with is_rest Y and shift_id 0', async () => {
    const res = await byUsers([fixed], midnight(SATURDAY));
    expect(res.json.result).toEqual([
      {
        group_id: 2001,
        id: expect.any(Number),
        is_rest: 'Y',
        shift_id: 0,
        userid: fixed,
        work_date: `${SATURDAY} 00:00:00`,
      },
    ]);
  });

  it('carries approve_id on check points covered by leave', async () => {
    const leave = sim.addLeave({
      userid: fixed,
      from: `${TUESDAY} 08:00:00`,
      to: `${TUESDAY} 19:00:00`,
    });
    const rows: Json[] = (await byUsers([fixed], midnight(TUESDAY))).json.result;
    expect(rows.map((r) => r.approve_id)).toEqual([leave.approveId, leave.approveId]);
  });

  it('accepts a JSON array of userids too and leaves out unknown and invisible users', async () => {
    const res = await call(sim, token, PATH, {
      op_user_id: fixed,
      userids: [fixed, 'nobody', colleague],
      from_date_time: midnight(TUESDAY),
      to_date_time: midnight(TUESDAY),
    });
    expect(new Set(res.json.result.map((r: Json) => r.userid))).toEqual(
      new Set([fixed, colleague]),
    );
    sim.setVisibleRange(DEMO_APP_KEY, [fixed]);
    const visible = await byUsers([fixed, colleague], midnight(TUESDAY));
    expect(new Set(visible.json.result.map((r: Json) => r.userid))).toEqual(new Set([fixed]));
  });

  it.each(['op_user_id', 'userids', 'from_date_time', 'to_date_time'])(
    'refuses a missing %s with 40035 naming it',
    async (field) => {
      const full: Record<string, unknown> = {
        op_user_id: fixed,
        userids: fixed,
        from_date_time: midnight(TUESDAY),
        to_date_time: midnight(TUESDAY),
      };
      const body = Object.fromEntries(Object.entries(full).filter(([k]) => k !== field));
      const res = await call(sim, token, PATH, body);
      expect(res.json.errcode).toBe(40035);
      expect(res.json.errmsg).toContain(field);
    },
  );

  it('refuses more than 50 users and more than 7 days with 400002 naming the limit', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `u${i}`);
    const tooMany = await byUsers(many, midnight(TUESDAY));
    expect(tooMany.json.errcode).toBe(400002);
    expect(tooMany.json.errmsg).toContain('50');

    const from = midnight(MONDAY);
    const ok = await byUsers([fixed], from, from + 7 * DAY);
    expect(ok.json.errcode).toBe(0);
    const tooLong = await byUsers([fixed], from, from + 7 * DAY + 1000);
    expect(tooLong.json.errcode).toBe(400002);
    expect(tooLong.json.errmsg).toContain('7');

    const backwards = await byUsers([fixed], from + DAY, from);
    expect(backwards.json.errcode).toBe(400002);
    const notMs = await byUsers([fixed], formatDingTalk(from, SH) as unknown as number);
    expect(notMs.json.errcode).toBe(400002);
    const far = await byUsers([fixed], from - 200 * DAY);
    expect(far.json.errcode).toBe(400002);
  });

  it('needs the schedule scope, counts against the quota, and honours the op_user_id policy', async () => {
    const before = sim.quota.used;
    await byUsers([fixed], midnight(TUESDAY));
    expect(sim.quota.used).toBe(before + 1);
    expect(sim.quota.byApi[PATH]).toBe(1);

    sim.setOpUserPolicy('adminOnly');
    const refused = await byUsers([fixed], midnight(TUESDAY), midnight(TUESDAY), fixed);
    expect(refused.json).toMatchObject({
      errcode: OP_USER_NOT_ADMIN.errcode,
      errmsg: OP_USER_NOT_ADMIN.errmsg,
    });
    const asAdmin = await byUsers([fixed], midnight(TUESDAY), midnight(TUESDAY), admin);
    expect(asAdmin.json.errcode).toBe(0);

    sim.revoke(DEMO_APP_KEY, 'qyapi_attendance_group_read');
    const noScope = await byUsers([fixed], midnight(TUESDAY), midnight(TUESDAY), admin);
    expect(noScope.json.errcode).toBe(60011);
    expect(noScope.json.errmsg).toContain('[qyapi_attendance_group_read]');
  });

  it('is throttled at 20 calls a second like its siblings', async () => {
    const replies = await Promise.all(
      Array.from({ length: 21 }, () => byUsers([fixed], midnight(TUESDAY))),
    );
    const codes = replies.map((r) => r.json.errcode);
    expect(codes.filter((c) => c === 0)).toHaveLength(20);
    expect(codes.filter((c) => c === 90018)).toHaveLength(1);
  });
});
