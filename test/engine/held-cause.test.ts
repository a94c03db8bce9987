/**
 * A held punch names its real cause (issue #10 item 14): main reads what holds it
 * (offline too long, DingTalk refusing this network's IP, DingTalk refusing the app:
 * quota used up, credentials changed) into the snapshot's outbox entry, so the popup
 * says what the employee can do now. Against the simulator over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { heldCause } from '../../main/attendance/outbox';
import { type Fixture, startFixture } from '../helpers/engine-fixture';

const UPLOAD = '/topapi/attendance/record/upload';
const FRIDAY = '2026-11-27';
const MINUTE = 60_000;

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function heldBy(errcode: number, errmsg?: string) {
  fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
  await fx.engine.open();
  fx.sim.fault(UPLOAD, { errcode, ...(errmsg ? { errmsg } : {}) }, { times: 5 });
  const outcome = await fx.engine.punch();
  expect(outcome.outcome).toBe('held');
  return fx.engine.snapshot().outbox;
}

describe('what holds a punch', () => {
  it('the IP whitelist: the network (the office network or VPN may pass)', async () => {
    const outbox = await heldBy(60020, '访问ip不在白名单之中,request ip=203.0.113.7');
    expect(outbox).toEqual([
      expect.objectContaining({
        state: 'held',
        held: 'network',
        lastError: expect.objectContaining({ code: 'ipNotWhitelisted' }),
      }),
    ]);
  });

  it('the monthly quota used up: DingTalk refuses the app (punch in the DingTalk app)', async () => {
    const outbox = await heldBy(90020);
    expect(outbox).toEqual([
      expect.objectContaining({
        held: 'dingtalk',
        lastError: expect.objectContaining({ code: 'quotaExhausted' }),
      }),
    ]);
  });

  it('credentials changed: DingTalk refuses the app', async () => {
    const outbox = await heldBy(40089);
    expect(outbox).toEqual([
      expect.objectContaining({
        held: 'dingtalk',
        lastError: expect.objectContaining({ code: 'wrongCredentials' }),
      }),
    ]);
  });

  it('offline past the max age: offline (its time is checked, then it is sent)', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00`, policies: { maxOfflineMinutes: 15 } });
    await fx.engine.open();
    fx.net.setOffline(true);
    expect((await fx.engine.punch()).outcome).toBe('queued');
    expect(fx.engine.snapshot().outbox[0]).not.toHaveProperty('held');
    fx.sim.clock.advance(20 * MINUTE);
    fx.net.setOffline(false);
    await fx.engine.flushOutbox();
    expect(fx.engine.snapshot().outbox).toEqual([
      expect.objectContaining({ state: 'held', held: 'offline' }),
    ]);
  });

  it('reads the cause from the error alone', () => {
    expect(heldCause(null)).toBe('offline');
    expect(heldCause({ code: 'timeout', message: '' })).toBe('offline');
    expect(heldCause({ code: 'outcomeUnknown', message: '' })).toBe('offline');
    expect(heldCause({ code: 'ipNotWhitelisted', message: '' })).toBe('network');
    expect(heldCause({ code: 'missingPermission', message: '' })).toBe('dingtalk');
    // Server mode: the server applies the max age (punchTooOld), and the IP it names is its own.
    expect(heldCause({ code: 'punchTooOld', message: '' }, true)).toBe('offline');
    expect(heldCause({ code: 'ipNotWhitelisted', message: '' }, true)).toBe('dingtalk');
    expect(heldCause({ code: 'quotaExhausted', message: '' }, true)).toBe('dingtalk');
  });
});
