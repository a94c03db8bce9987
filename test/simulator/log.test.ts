import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_USERS } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { MONDAY, appToken, listByDay, post, sh, startAt } from './helpers';

let sim: Simulator;
beforeEach(async () => {
  sim = await startAt(`${MONDAY} 09:00:00`);
});
afterEach(async () => {
  await sim.close();
});

describe('request log', () => {
  it('records exactly the calls made, with app, status and errcode', async () => {
    const token = await appToken(sim);
    sim.clock.advance(1000);
    await listByDay(sim, token, DEMO_USERS.fixed, sh(`${MONDAY} 09:00:00`));
    await listByDay(sim, 'stale', DEMO_USERS.fixed, sh(`${MONDAY} 09:00:00`));
    await post(sim, '/v1.0/oauth2/accessToken', { appKey: DEMO_APP_KEY, appSecret: 'x' });

    expect(sim.requests.map((r) => [r.method, r.path, r.app, r.status, r.errcode, r.code])).toEqual(
      [
        ['GET', '/gettoken', DEMO_APP_KEY, 200, 0, null],
        ['POST', '/topapi/attendance/schedule/listbyday', DEMO_APP_KEY, 200, 0, null],
        ['POST', '/topapi/attendance/schedule/listbyday', null, 200, 40014, null],
        ['POST', '/v1.0/oauth2/accessToken', DEMO_APP_KEY, 400, null, 'invalidClientIdOrSecret'],
      ],
    );
    const [gettoken, byDay] = sim.requests;
    expect(gettoken).toMatchObject({
      query: { appkey: DEMO_APP_KEY, appsecret: DEMO_APP_SECRET },
      body: null,
      at: sh(`${MONDAY} 09:00:00`),
      fault: null,
    });
    expect(byDay).toMatchObject({
      query: { access_token: token },
      body: { op_user_id: 'zhangwei', user_id: 'zhangwei', date_time: sh(`${MONDAY} 09:00:00`) },
      at: sh(`${MONDAY} 09:00:01`),
    });
  });

  it('starts afresh after clearLog', async () => {
    await appToken(sim);
    sim.clearLog();
    expect(sim.requests).toEqual([]);
    await appToken(sim);
    expect(sim.requests).toHaveLength(1);
  });
});
