import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_USERS } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { TUESDAY, appToken, call, listByDay, sh, startAt } from './helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startAt(`${TUESDAY} 08:00:00`);
  token = await appToken(sim);
});
afterEach(async () => {
  await sim.close();
});

const { fixed } = DEMO_USERS;
const burst = (n: number) =>
  Promise.all(Array.from({ length: n }, () => listByDay(sim, token, fixed, sim.clock.now())));

describe('20 calls per second per app per API', () => {
  it('answers 90018 beyond 20 calls in a second, until a second has passed', async () => {
    const replies = await burst(21);
    const codes = replies.map((r) => r.json.errcode);
    expect(codes.filter((c) => c === 0)).toHaveLength(20);
    expect(codes.filter((c) => c === 90018)).toHaveLength(1);
    // Other APIs have their own budget.
    const group = await call(sim, token, '/topapi/attendance/getusergroup', { userid: fixed });
    expect(group.json.errcode).toBe(0);
    sim.clock.advance(1000);
    expect((await listByDay(sim, token, fixed, sim.clock.now())).json.errcode).toBe(0);
  });

  it('can be lifted or tightened', async () => {
    sim.setQpsLimit(null);
    expect((await burst(30)).every((r) => r.json.errcode === 0)).toBe(true);
    sim.setQpsLimit(2);
    sim.clock.advance(1000);
    expect((await burst(3)).map((r) => r.json.errcode).sort()).toEqual([0, 0, 90018]);
  });
});

describe('monthly quota', () => {
  it('counts attendance calls only and answers 90020 once used up', async () => {
    sim.setQuotaCap(3);
    for (let i = 0; i < 3; i++) {
      expect((await listByDay(sim, token, fixed, sim.clock.now())).json.errcode).toBe(0);
    }
    expect((await listByDay(sim, token, fixed, sim.clock.now())).json.errcode).toBe(90020);
    const upload = await call(sim, token, '/topapi/attendance/record/upload', {
      userid: fixed,
      device_name: 'd',
      device_id: 'x',
      user_check_time: sim.clock.now(),
    });
    expect(upload.json.errcode).toBe(90020);
    expect(sim.records).toHaveLength(0);
    // Token and contact calls are exempt.
    expect(await appToken(sim, DEMO_APP_KEY, DEMO_APP_SECRET)).toBe(token);
    const mobile = await call(sim, token, '/topapi/v2/user/getbymobile', { mobile: '13800000001' });
    expect(mobile.json.errcode).toBe(0);
    expect(sim.quota).toEqual({
      month: '2026-11',
      used: 3,
      cap: 3,
      remaining: 0,
      byApi: { '/topapi/attendance/schedule/listbyday': 3 },
    });
  });

  it('starts again with the next month in the org time zone', async () => {
    sim.useQuota(5000);
    expect((await listByDay(sim, token, fixed, sim.clock.now())).json.errcode).toBe(90020);
    // 2026-12-01 00:00 in Shanghai is still November in UTC.
    sim.clock.set(sh('2026-12-01 00:00:00'));
    const fresh = await appToken(sim);
    expect((await listByDay(sim, fresh, fixed, sim.clock.now())).json.errcode).toBe(0);
    expect(sim.quota).toMatchObject({ month: '2026-12', used: 1, remaining: 4999 });
  });

  it('does not count calls refused before they reach the API', async () => {
    sim.revoke(DEMO_APP_KEY, 'qyapi_attendance_group_read');
    expect((await listByDay(sim, token, fixed, sim.clock.now())).json.errcode).toBe(60011);
    expect((await listByDay(sim, 'bad-token', fixed, sim.clock.now())).json.errcode).toBe(40014);
    expect(sim.quota.used).toBe(0);
  });
});
