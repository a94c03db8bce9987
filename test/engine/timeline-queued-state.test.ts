/**
 * How a punch of ours that has not reached DingTalk shows on its check point (review of
 * issue #10 items 13, 16): main says how it stands, so the popup's timeline has one condition
 * to render and agrees with the panel above it. 'waiting' goes by itself once online (待上传);
 * 'held' will NOT be sent until the employee decides (已暂存); in company server mode
 * 'accepted' means the server has it and DingTalk has not confirmed yet (等待钉钉确认), which
 * the panel already says. Against the simulator over real HTTP, and the real Daka Server in
 * front of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from '../helpers/engine-fixture';
import { startServerDesktop } from '../helpers/server-desktop';

const UPLOAD = '/topapi/attendance/record/upload';
const FRIDAY = '2026-11-27';

let fx: Fixture | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
  await closeServer?.();
  closeServer = undefined;
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

  it('server mode: accepted by the company server, not yet by DingTalk: waiting for DingTalk, at the click', async () => {
    // The server cannot reach DingTalk's upload (a pulled cable there): it keeps the punch
    // accepted and tries again later; everything else goes through.
    let uploadDown = false;
    const serverFetch: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (uploadDown && url.includes(UPLOAD)) {
        return Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }));
      }
      return fetch(input, init);
    };
    const s = await startServerDesktop({
      start: Date.parse(`${FRIDAY}T00:58:00Z`), // 08:58 in Shanghai
      fetch: serverFetch,
    });
    closeServer = s.close;
    const engine = s.engine;

    uploadDown = true;
    const outcome = await engine.punch();
    expect(outcome).toMatchObject({ outcome: 'queued', reason: { code: 'punchAccepted' } });
    const snap = engine.snapshot();
    expect(snap.outbox[0]?.acceptedAt).toBeDefined();
    const [onDuty] = snap.today?.checkPoints ?? [];
    expect(onDuty).toMatchObject({
      state: 'pending',
      punchedAt: null,
      queued: { at: `${FRIDAY}T08:58:00+08:00`, state: 'accepted' },
    });
  });
});
