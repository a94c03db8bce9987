/**
 * How a punch of ours that has not reached DingTalk shows on its check point (review of
 * issue #10 item 16): main says how it stands, so the popup's timeline has one condition to
 * render and agrees with the panel above it. 'waiting' goes by itself once online (待上传);
 * 'held' will NOT be sent until the employee decides (已暂存). Against the simulator over
 * real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from '../helpers/engine-fixture';

const UPLOAD = '/topapi/attendance/record/upload';
const FRIDAY = '2026-11-27';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('a punch of ours not in DingTalk yet, on its check point', () => {
  it('queued offline: waiting to send (it goes by itself)', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 08:55:00` }));
    await f.engine.open();
    f.net.setOffline(true);
    expect((await f.engine.punch()).outcome).toBe('queued');
    const [onDuty] = f.engine.snapshot().today?.checkPoints ?? [];
    expect(onDuty).toMatchObject({
      state: 'pending',
      queued: { at: `${FRIDAY}T08:55:00+08:00`, state: 'waiting' },
    });
  });

  it('held (the IP whitelist): held, not "waiting to send", since it will not go by itself', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 08:55:00` }));
    await f.engine.open();
    f.sim.fault(UPLOAD, { errcode: 60020, errmsg: '访问ip不在白名单之中,request ip=203.0.113.7' });
    expect((await f.engine.punch()).outcome).toBe('held');
    const snap = f.engine.snapshot();
    expect(snap.outbox[0]).toMatchObject({ state: 'held', held: 'network' });
    const [onDuty, offDuty] = snap.today?.checkPoints ?? [];
    expect(onDuty).toMatchObject({
      state: 'pending',
      punchedAt: null,
      queued: { at: `${FRIDAY}T08:55:00+08:00`, state: 'held' },
    });
    expect(offDuty).not.toHaveProperty('queued');
  });
});
