/**
 * Issue #10 item 12: our own upload is recognised by deviceId, deviceSN or
 * userAddress (the device name) together with the time. DingTalk documents
 * deviceId for client punches only; machine records carry deviceSN and
 * userAddress. A lost answer must stay one record whichever DingTalk shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findOwnUpload, isOwnRecord } from '../../main/attendance/own-record';
import type { UploadRecordShape } from '../../main/dingtalk/simulator';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const UPLOAD = '/topapi/attendance/record/upload';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('a lost answer, against a DingTalk that omits deviceId', () => {
  it.each<UploadRecordShape>(['machine', 'nameOnly', 'deviceId'])(
    'records shaped %s: matched, never sent twice, shown as this device',
    async (shape) => {
      fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
      fx.sim.setUploadRecordShape(shape);
      await fx.engine.open();
      fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
      fx.sim.fault(UPLOAD, { drop: 'after' }, { times: 1 });
      const outcome = await fx.engine.punch();
      expect(outcome).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
      // Well past the settle grace period: a flush would resend anything not found.
      fx.sim.clock.set(at(`${FRIDAY} 09:10:00`));
      await fx.engine.flushOutbox();
      const mine = fx.sim.records.filter((r) => r.userId === fx?.userId);
      expect(mine).toHaveLength(1);
      if (shape !== 'deviceId') expect(mine[0]?.deviceId).toBeNull();

      const day = await fx.engine.refresh();
      expect(day?.punches).toHaveLength(1);
      expect(day?.punches[0]?.fromThisDevice).toBe(true);
      expect(day?.checkPoints[0]).toMatchObject({ state: 'done' });
    },
  );

  it('a phone punch at the same second is not taken for ours', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setUploadRecordShape('nameOnly');
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    fx.sim.injectRecord({
      userId: fx.userId,
      userCheckTime: at(`${FRIDAY} 08:58:00`),
      deviceId: 'phone-1',
      userAddress: '杭州市西湖区',
    });
    fx.sim.fault(UPLOAD, { drop: 'before' }, { times: 1 });
    // The confirmation is about the phone punch in the same window; confirm.
    await fx.engine.punch(true);
    fx.sim.clock.set(at(`${FRIDAY} 09:10:00`));
    await fx.engine.flushOutbox();
    const mine = fx.sim.records.filter((r) => r.userId === fx?.userId);
    // The phone's and ours, once each.
    expect(mine).toHaveLength(2);
    const day = await fx.engine.refresh();
    expect(day?.punches.map((p) => p.fromThisDevice).sort()).toEqual([false, true]);
  });
});

describe('own-record matching (pure)', () => {
  const device = { id: 'dev-1', name: 'Daka · host' };
  const rec = (id: string, t: number, over: Record<string, string | null> = {}) => ({
    id,
    userCheckTime: t,
    deviceId: null,
    deviceSN: null,
    userAddress: null,
    ...over,
  });

  it('any of deviceId, deviceSN, userAddress names the device; the time must agree', () => {
    const up = { device, at: 1_000_000 };
    expect(isOwnRecord(rec('a', 1_000_000, { deviceId: 'dev-1' }), up)).toBe(true);
    expect(isOwnRecord(rec('a', 1_000_000, { deviceSN: 'dev-1' }), up)).toBe(true);
    expect(isOwnRecord(rec('a', 1_000_000, { userAddress: 'Daka · host' }), up)).toBe(true);
    expect(isOwnRecord(rec('a', 1_000_000, {}), up)).toBe(false);
    expect(isOwnRecord(rec('a', 1_002_000, { deviceId: 'dev-1' }), up)).toBe(false);
    expect(
      isOwnRecord(rec('a', 1_000_000, { userAddress: 'Daka · host' }), {
        device: { id: 'dev-1', name: null },
        at: 1_000_000,
      }),
    ).toBe(false);
  });

  it('a record a settled upload explains is not evidence for another in the same second', () => {
    const r = rec('a', 1_000_000, { userAddress: device.name });
    const settled = [{ device, at: 1_000_000 }];
    expect(findOwnUpload([r], { device, at: 1_000_000 }, settled)).toBeNull();
    expect(findOwnUpload([r], { device, at: 1_000_000 }, [])).toBe(r);
  });
});
