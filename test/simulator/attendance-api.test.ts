import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_USERS, OP_USER_NOT_ADMIN } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import type { Json } from './helpers';
import { MONDAY, TUESDAY, appToken, call, records, sh, startAt, upload } from './helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startAt(`${TUESDAY} 23:00:00`);
  token = await appToken(sim);
});
afterEach(async () => {
  await sim.close();
});

const { fixed, admin, colleague } = DEMO_USERS;
const DAY = 86_400_000;

describe('record/upload', () => {
  it('answers like the sample and stores an ATM record with the device id', async () => {
    const res = await upload(sim, token, fixed, sh(`${TUESDAY} 08:59:00`), 'install-42');
    expect(Object.keys(res.json).sort()).toEqual(['errcode', 'request_id', 'success']);
    expect(res.json.request_id).toMatch(/^[0-9a-z]{12}$/);
    expect(sim.records).toHaveLength(1);
    expect(sim.records[0]).toMatchObject({
      userId: fixed,
      userCheckTime: sh(`${TUESDAY} 08:59:00`),
      sourceType: 'ATM',
      deviceId: 'install-42',
      deviceName: 'Daka',
    });
  });

  it('accepts form fields, as in the doc curl example', async () => {
    const form = new URLSearchParams({
      access_token: token,
      userid: fixed,
      device_name: '东门考勤机',
      device_id: 'abc123456',
      user_check_time: String(sh(`${TUESDAY} 09:00:00`)),
    });
    const response = await fetch(`${sim.urls.oapiBase}/topapi/attendance/record/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: form,
    });
    expect(await response.json()).toMatchObject({ errcode: 0, success: true });
    expect(sim.records[0]?.deviceName).toBe('东门考勤机');
  });

  it.each(['userid', 'device_name', 'device_id', 'user_check_time'])(
    'refuses a missing %s with 40035 naming it',
    async (field) => {
      const full: Record<string, unknown> = {
        userid: fixed,
        device_name: 'Daka',
        device_id: 'x',
        user_check_time: sh(`${TUESDAY} 09:00:00`),
      };
      const body = Object.fromEntries(Object.entries(full).filter(([k]) => k !== field));
      const res = await call(sim, token, '/topapi/attendance/record/upload', body);
      expect(res.json.errcode).toBe(40035);
      expect(res.json.errmsg).toContain(field);
      expect(sim.records).toHaveLength(0);
    },
  );

  it('refuses an unknown user (60121) and one outside the visible range (50002)', async () => {
    const unknown = await upload(sim, token, 'nobody', sh(`${TUESDAY} 09:00:00`));
    expect(unknown.json).toMatchObject({ errcode: 60121, errmsg: '找不到该用户' });
    sim.setVisibleRange(DEMO_APP_KEY, [admin]);
    const hidden = await upload(sim, token, fixed, sh(`${TUESDAY} 09:00:00`));
    expect(hidden.json.errcode).toBe(50002);
    expect(sim.records).toHaveLength(0);
  });

  it('refuses times older than 180 days or in the future, but not seconds', async () => {
    const now = sim.clock.now();
    const old = await upload(sim, token, fixed, now - 181 * DAY);
    expect(old.json.errcode).toBe(400002);
    const future = await upload(sim, token, fixed, now + 10 * 60_000);
    expect(future.json.errcode).toBe(400002);
    const bad = await call(sim, token, '/topapi/attendance/record/upload', {
      userid: fixed,
      device_name: 'd',
      device_id: 'x',
      user_check_time: 'yesterday',
    });
    expect(bad.json.errcode).toBe(400002);
    expect((await upload(sim, token, fixed, now - 179 * DAY)).json.errcode).toBe(0);
    expect((await upload(sim, token, fixed, now + 60_000)).json.errcode).toBe(0);
    expect(sim.records).toHaveLength(2);
  });
});

describe('attendance/listRecord', () => {
  beforeEach(async () => {
    for (const t of ['08:55:00', '12:00:00', '18:10:00']) {
      sim.injectRecord({ userId: fixed, userCheckTime: sh(`${TUESDAY} ${t}`) });
    }
    sim.injectRecord({ userId: admin, userCheckTime: sh(`${TUESDAY} 09:05:00`) });
  });

  it('returns the sample fields', async () => {
    const res = await records(sim, token, [fixed], `${TUESDAY} 00:00:00`, `${TUESDAY} 23:59:59`);
    expect(res.json).toMatchObject({ errcode: 0, errmsg: 'ok' });
    for (const key of [
      'id',
      'userId',
      'checkType',
      'timeResult',
      'locationResult',
      'sourceType',
      'baseCheckTime',
      'planCheckTime',
      'userCheckTime',
      'workDate',
      'groupId',
      'planId',
      'classId',
      'isLegal',
      'gmtCreate',
      'gmtModified',
      'corpId',
      'bizId',
    ]) {
      expect(res.json.recordresult[0]).toHaveProperty(key);
    }
  });

  it('respects the time part of the range and the user list', async () => {
    const res = await records(sim, token, [fixed], `${TUESDAY} 09:00:00`, `${TUESDAY} 18:10:00`);
    expect(res.json.recordresult.map((r: Json) => r.userCheckTime)).toEqual([
      sh(`${TUESDAY} 12:00:00`),
      sh(`${TUESDAY} 18:10:00`),
    ]);
    const both = await records(
      sim,
      token,
      [fixed, admin],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(both.json.recordresult).toHaveLength(4);
  });

  it('allows 7 days and 50 users, refuses more with 400002', async () => {
    const seven = await records(sim, token, [fixed], `${MONDAY} 00:00:00`, '2026-11-30 00:00:00');
    expect(seven.json.errcode).toBe(0);
    const eight = await records(sim, token, [fixed], `${MONDAY} 00:00:00`, '2026-11-30 00:00:01');
    expect(eight.json.errcode).toBe(400002);
    expect(eight.json.errmsg).toContain('7');
    const fifty = Array.from({ length: 50 }, (_, i) => `u${i}`);
    const ok50 = await records(sim, token, fifty, `${TUESDAY} 00:00:00`, `${TUESDAY} 23:00:00`);
    expect(ok50.json).toMatchObject({ errcode: 0, recordresult: [] });
    const too = await records(
      sim,
      token,
      [...fifty, fixed],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:00:00`,
    );
    expect(too.json.errcode).toBe(400002);
    expect(too.json.errmsg).toContain('50');
  });

  it('refuses missing fields, bad dates and reversed ranges', async () => {
    const missing = await call(sim, token, '/attendance/listRecord', { userIds: [fixed] });
    expect(missing.json.errcode).toBe(40035);
    const bad = await records(sim, token, [fixed], '24/11/2026', `${TUESDAY} 23:00:00`);
    expect(bad.json.errcode).toBe(400002);
    const reversed = await records(
      sim,
      token,
      [fixed],
      `${TUESDAY} 23:00:00`,
      `${MONDAY} 00:00:00`,
    );
    expect(reversed.json.errcode).toBe(400002);
  });

  it('leaves users outside the visible range out', async () => {
    sim.setVisibleRange(DEMO_APP_KEY, [admin]);
    const res = await records(
      sim,
      token,
      [fixed, admin],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(res.json.recordresult.map((r: Json) => r.userId)).toEqual([admin]);
  });
});

describe('attendance/list', () => {
  const list = (body: Record<string, unknown>) =>
    call(sim, token, '/attendance/list', {
      workDateFrom: `${MONDAY} 00:00:00`,
      workDateTo: `${TUESDAY} 00:00:00`,
      userIdList: [fixed, admin, colleague],
      offset: 0,
      limit: 50,
      isI18n: false,
      ...body,
    });

  it('pages with offset, limit and hasMore', async () => {
    // Nobody punched: 3 people × 2 days × 2 check points, all NotSigned by 23:00.
    const all = await list({});
    expect(all.json).toMatchObject({ errcode: 0, errmsg: 'ok', hasMore: false });
    expect(all.json.recordresult).toHaveLength(12);
    const seen: Json[] = [];
    let offset = 0;
    let pages = 0;
    for (;;) {
      const page = await list({ offset, limit: 5 });
      pages += 1;
      seen.push(...page.json.recordresult);
      if (!page.json.hasMore) break;
      offset += 5;
    }
    expect(pages).toBe(3);
    expect(seen.map((r) => r.id)).toEqual(all.json.recordresult.map((r: Json) => r.id));
    expect(new Set(seen.map((r) => r.id)).size).toBe(12);
    const exact = await list({ offset: 6, limit: 6 });
    expect(exact.json.hasMore).toBe(false);
    expect(exact.json.recordresult).toHaveLength(6);
  });

  it('ignores the time part of the work dates', async () => {
    const res = await list({
      workDateFrom: `${TUESDAY} 19:00:00`,
      workDateTo: `${TUESDAY} 08:00:00`,
    });
    expect(res.json.recordresult).toHaveLength(6);
  });

  it('enforces limit ≤ 50, 7 days, 50 users and required fields', async () => {
    expect((await list({ limit: 51 })).json.errcode).toBe(400002);
    expect((await list({ workDateTo: '2026-11-30 00:00:00' })).json.errcode).toBe(0);
    const eight = await list({ workDateTo: '2026-12-01 00:00:00' });
    expect(eight.json.errcode).toBe(400002);
    const users = Array.from({ length: 51 }, (_, i) => `u${i}`);
    expect((await list({ userIdList: users })).json.errcode).toBe(400002);
    const missing = await call(sim, token, '/attendance/list', { userIdList: [fixed] });
    expect(missing.json.errcode).toBe(40035);
  });
});

describe('schedule/listbyday operator policy', () => {
  const byDay = (op: string) =>
    call(sim, token, '/topapi/attendance/schedule/listbyday', {
      op_user_id: op,
      user_id: fixed,
      date_time: sh(`${TUESDAY} 09:00:00`),
    });

  it('lets the employee ask for themselves by default', async () => {
    expect((await byDay(fixed)).json.errcode).toBe(0);
  });

  it("requires an admin operator under 'adminOnly'", async () => {
    sim.setOpUserPolicy('adminOnly');
    const refused = await byDay(fixed);
    expect(refused.json).toMatchObject(OP_USER_NOT_ADMIN);
    const res = await byDay(admin);
    expect(res.json.errcode).toBe(0);
    expect(res.json.result[0].user_id).toBe(fixed);
  });

  it('refuses unknown users, missing fields and users out of range', async () => {
    const unknown = await call(sim, token, '/topapi/attendance/schedule/listbyday', {
      op_user_id: fixed,
      user_id: 'nobody',
      date_time: sim.clock.now(),
    });
    expect(unknown.json.errcode).toBe(60121);
    const missing = await call(sim, token, '/topapi/attendance/schedule/listbyday', {
      user_id: fixed,
    });
    expect(missing.json.errcode).toBe(40035);
    sim.setVisibleRange(DEMO_APP_KEY, [admin]);
    expect((await byDay(fixed)).json.errcode).toBe(50002);
    const group = await call(sim, token, '/topapi/attendance/getusergroup', { userid: fixed });
    expect(group.json.errcode).toBe(50002);
  });
});

describe('protocol errors', () => {
  it('answers unknown paths and wrong methods like DingTalk', async () => {
    const missing = await call(sim, token, '/topapi/nothing/here', {});
    expect(missing.status).toBe(404);
    expect(missing.json.errcode).toBe(404);
    const wrong = await fetch(`${sim.urls.oapiBase}/attendance/list?access_token=${token}`);
    expect((await wrong.json()).errcode).toBe(43002);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${sim.urls.oapiBase}/attendance/list?access_token=${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"userIdList":',
    });
    expect((await res.json()).errcode).toBe(40035);
    const text = await fetch(`${sim.urls.oapiBase}/attendance/list?access_token=${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect((await text.json()).errcode).toBe(43004);
  });
});
